// SQL for cases and what hangs off them: reporters, timeline, attachments, deadlines, escalations.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { configurationVersionExpression } from '../../db/configuration-version.js';
import type { DB } from '../../db/schema.js';
import { ROLE_PERMISSIONS, type Scope } from '../../kernel/access/access.js';
import type { CaseStatus, Channel } from './model.js';
import type { CasesTable } from './schema.js';

export type Db = Kysely<DB>;
export type CaseRow = Selectable<CasesTable>;

/**
 * What a group of new cases starts from, in one round trip: the configuration
 * version they are checked against, and the next values of the cases'
 * identity, taken before the insert so the case numbers can be made from them.
 */
export async function newCasesStart(db: Db, count: number): Promise<{ configurationVersion: string; serials: number[] }> {
  const { rows } = await sql<{ version: string; serials: number[] }>`
    SELECT ${configurationVersionExpression} AS version,
           array(SELECT nextval(pg_get_serial_sequence('cases', 'serial')) FROM generate_series(1, ${count}::int)) AS serials`.execute(db);
  return { configurationVersion: rows[0].version, serials: rows[0].serials };
}

export interface NewCaseRows {
  cases: ReadonlyArray<Insertable<DB['cases']>>;
  reporters: ReadonlyArray<Insertable<DB['case_reporters']>>;
  clocks: ReadonlyArray<Insertable<DB['case_deadlines']>>;
  events: ReadonlyArray<Insertable<DB['case_events']>>;
}

/**
 * New cases with their reporters, register clocks and timeline events, and
 * `audit` (the statement appending their audit entries), as one statement:
 * one round trip, and outside a transaction one of its own, so the audit
 * chain's lock is held only while the statement runs and commits. The
 * foreign keys between the rows are checked at its end, when all are in.
 */
export async function insertNewCases(db: Db, rows: NewCaseRows, audit: Expression<unknown>): Promise<void> {
  await sql`WITH new_cases AS (${db.insertInto('cases').values([...rows.cases])}),
      new_reporters AS (${db.insertInto('case_reporters').values([...rows.reporters])}),
      new_clocks AS (${db.insertInto('case_deadlines').values([...rows.clocks])}),
      new_events AS (${db.insertInto('case_events').values([...rows.events])})
    ${audit}`.execute(db);
}

export function updateCase(db: Db, id: string, changes: Updateable<DB['cases']>) {
  return db.updateTable('cases').set(changes).where('id', '=', id).execute();
}

/**
 * Ids come from URLs: anything that is not a UUID cannot name a row, and is
 * answered as "not found" without asking the database (which would refuse to
 * cast it) — so lookups compare uuid to uuid and use the primary key.
 */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** The case row, locked for the rest of the transaction: one transition at a time per case. */
export async function lockCase(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findCase(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

// ── who may see a case ────────────────────────────────────────────────────

/**
 * Cases a scope may see: those lying in the subtree of one of its grants —
 * and for a department's staff, only those routed to the department or on
 * which it was summoned. Built per grant, so a person who is both community
 * staff and department staff sees each set under its own rule.
 */
export function visibleIn(scope: Scope): (eb: ExpressionBuilder<DB & { c: CasesTable }, 'c'>) => Expression<SqlBool> {
  // Residents see their own reports (by reporter, elsewhere), never cases by place.
  const grants = scope.actor.grants.filter((g) => g.role !== 'resident' && ROLE_PERMISSIONS[g.role].includes(scope.permission));
  return (eb) =>
    eb.or(
      grants.map((g) => {
        const inPlace = sql<SqlBool>`c.jurisdiction_path <@ ${g.jurisdictionPath}::ltree`;
        if (g.role !== 'department_staff' || !g.departmentId) return inPlace;
        return eb.and([
          inPlace,
          eb.or([
            eb('c.unit_department_id', '=', g.departmentId),
            eb.exists(eb.selectFrom('case_summons as s').select('s.id').whereRef('s.case_id', '=', 'c.id').where('s.department_id', '=', g.departmentId)),
          ]),
        ]);
      }),
    );
}

/** No place restriction: for lists restricted otherwise (a resident's own reports). */
export const everywhere = () => sql<SqlBool>`true`;

export async function findVisibleCase(db: Db, scope: Scope, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('cases as c').selectAll('c').where('c.id', '=', id).where(visibleIn(scope)).executeTakeFirst();
}

// ── lists ─────────────────────────────────────────────────────────────────

export interface CaseFilter {
  statuses?: CaseStatus[];
  categoryCodes?: string[];
  channel?: Channel;
  /** Cases lying in this jurisdiction's subtree. */
  placePath?: string;
  /** Cases whose responsible unit is one of these. */
  unitDepartmentIds?: string[];
  unitJurisdictionCodes?: string[];
  /** Cases on which one of these departments was summoned by a whistle (吹哨). */
  summonedDepartmentIds?: string[];
  overdueAt?: Date;
  escalated?: boolean;
  supervised?: boolean;
  reportedByUserId?: string;
  text?: string;
  submittedFrom?: Date;
  submittedTo?: Date;
  sort: 'submitted_desc' | 'due_asc' | 'updated_desc';
  limit: number;
  offset: number;
}

const listColumns = [
  'c.id',
  'c.number',
  'c.category_code',
  'cat.name as category_name',
  'c.description',
  'c.status',
  'c.channel',
  'c.lon',
  'c.lat',
  'c.address',
  'c.grid_code',
  'c.community_code',
  'c.street_code',
  'community.name as community_name',
  'c.unit_kind',
  'c.unit_name',
  'c.next_due_at',
  'c.escalation_level',
  'c.supervised_at',
  'c.submitted_at',
  'c.updated_at',
] as const;

function filteredCases(db: Db, where: (eb: ExpressionBuilder<DB & { c: CasesTable }, 'c'>) => Expression<SqlBool>, filter: Omit<CaseFilter, 'sort' | 'limit' | 'offset'>) {
  let query = db.selectFrom('cases as c').where(where);
  if (filter.statuses?.length) query = query.where('c.status', 'in', filter.statuses);
  if (filter.categoryCodes?.length) query = query.where('c.category_code', 'in', filter.categoryCodes);
  if (filter.channel) query = query.where('c.channel', '=', filter.channel);
  if (filter.placePath) query = query.where(sql<boolean>`c.jurisdiction_path <@ ${filter.placePath}::ltree`);
  if (filter.unitDepartmentIds || filter.unitJurisdictionCodes) {
    const departments = filter.unitDepartmentIds ?? [];
    const jurisdictions = filter.unitJurisdictionCodes ?? [];
    query = query.where((eb) =>
      eb.or([
        ...(departments.length ? [eb('c.unit_department_id', 'in', departments)] : []),
        ...(jurisdictions.length ? [eb('c.unit_jurisdiction_code', 'in', jurisdictions)] : []),
        sql<SqlBool>`false`,
      ]),
    );
  }
  if (filter.summonedDepartmentIds) {
    const departments = filter.summonedDepartmentIds;
    query = query.where((eb) =>
      departments.length === 0
        ? sql<SqlBool>`false`
        : eb.exists(eb.selectFrom('case_summons as s').select('s.id').whereRef('s.case_id', '=', 'c.id').where('s.department_id', 'in', departments)),
    );
  }
  if (filter.overdueAt) query = query.where('c.next_due_at', '<', filter.overdueAt);
  if (filter.escalated !== undefined) query = query.where('c.escalation_level', filter.escalated ? '>' : '=', 0);
  if (filter.supervised !== undefined) query = query.where('c.supervised_at', filter.supervised ? 'is not' : 'is', null);
  if (filter.reportedByUserId) {
    const userId = filter.reportedByUserId;
    query = query.where((eb) => eb.exists(eb.selectFrom('case_reporters as r').select('r.id').whereRef('r.case_id', '=', 'c.id').where('r.user_id', '=', userId)));
  }
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('c.number', '=', filter.text!), eb('c.description', 'like', pattern), eb('c.address', 'like', pattern)]));
  }
  if (filter.submittedFrom) query = query.where('c.submitted_at', '>=', filter.submittedFrom);
  if (filter.submittedTo) query = query.where('c.submitted_at', '<', filter.submittedTo);
  return query;
}

export async function listCases(db: Db, where: Parameters<typeof filteredCases>[1], filter: CaseFilter) {
  const base = filteredCases(db, where, filter);
  const order =
    filter.sort === 'due_asc'
      ? [sql`c.next_due_at ASC NULLS LAST`, sql`c.id`]
      : filter.sort === 'updated_desc'
        ? [sql`c.updated_at DESC`, sql`c.id`]
        : [sql`c.submitted_at DESC`, sql`c.id`];
  // The page's ids first, from the cases alone — an index can hold everything the
  // filter and the order read — then only their rows and names. Joined before the
  // limit, the planner may fetch every matching row to sort it (thousands, when the
  // queues are a few thousand open cases among a million finished ones).
  let page = base.select('c.id');
  for (const o of order) page = page.orderBy(o);
  let query = db
    .selectFrom('cases as c')
    .innerJoin(page.limit(filter.limit).offset(filter.offset).as('page'), 'page.id', 'c.id')
    .innerJoin('case_categories as cat', 'cat.code', 'c.category_code')
    .leftJoin('jurisdictions as community', 'community.code', 'c.community_code')
    .select(listColumns);
  for (const o of order) query = query.orderBy(o);
  const [items, total] = await Promise.all([query.execute(), base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  return { items, total: Number(total.n) };
}
export type CaseListRow = Awaited<ReturnType<typeof listCases>>['items'][number];

/** The earliest running clock of each of these cases (the one a list's countdown shows). */
export function nextDeadlinesOf(db: Db, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('case_deadlines')
    .distinctOn('case_id')
    .select(['case_id', 'stage', 'unit_name', 'limit_spec', 'due_at', 'warn_at'])
    .where('case_id', 'in', caseIds)
    .where('met_at', 'is', null)
    .orderBy('case_id')
    .orderBy('due_at')
    .orderBy('stage')
    .execute();
}

/**
 * Cases with a point, for a map: id, category, status and point only, oldest
 * first, at most `limit` (the caller asks for one more to know it was cut).
 */
export function casePoints(db: Db, where: Parameters<typeof filteredCases>[1], filter: Pick<CaseFilter, 'categoryCodes' | 'placePath' | 'statuses' | 'submittedFrom' | 'submittedTo'>, limit: number) {
  return filteredCases(db, where, filter)
    .select(['c.id', 'c.category_code', 'c.status', 'c.lon', 'c.lat'])
    .where('c.lon', 'is not', null)
    .where('c.lat', 'is not', null)
    .orderBy('c.submitted_at')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export interface DuplicateSearch {
  categoryCode: string;
  box: { west: number; east: number; south: number; north: number };
  excludeId: string | null;
}

/**
 * Open cases of a category inside a lon/lat box — candidates for duplicates,
 * distance checked by the caller — for several searches in one query: the
 * candidates of each, in the order asked. A busy box holds more than the 200
 * taken, so they are the nearest to its centre (on a plane scaled to the
 * latitude, close enough at these distances), not the oldest: the corners
 * lie outside the radius the caller checks.
 */
export async function openCasesInBoxes(db: Db, searches: readonly DuplicateSearch[]) {
  if (searches.length === 0) return [];
  const given = searches.map((s, position) => ({ position, category_code: s.categoryCode, ...s.box, exclude_id: s.excludeId }));
  const { rows } = await sql<{
    position: number;
    id: string;
    number: string;
    status: CaseStatus;
    lon: number | null;
    lat: number | null;
    submitted_at: Date;
    category_code: string;
    category_name: string;
  }>`SELECT q.position, found.*
    FROM jsonb_to_recordset(${JSON.stringify(given)}::jsonb)
      AS q (position int, category_code text, west float8, east float8, south float8, north float8, exclude_id uuid)
    CROSS JOIN LATERAL (
      SELECT c.id, c.number, c.status, c.lon, c.lat, c.submitted_at, c.category_code, cat.name AS category_name
      FROM cases c JOIN case_categories cat ON cat.code = c.category_code
      WHERE c.category_code = q.category_code AND c.status NOT IN ('not_registered', 'closed', 'merged')
        AND c.lat BETWEEN q.south AND q.north AND c.lon BETWEEN q.west AND q.east
        AND (q.exclude_id IS NULL OR c.id <> q.exclude_id)
      ORDER BY (c.lat - (q.south + q.north) / 2) ^ 2 + ((c.lon - (q.west + q.east) / 2) * cos(radians((q.south + q.north) / 2))) ^ 2, c.submitted_at
      LIMIT 200
    ) AS found`.execute(db);
  const found = searches.map((): typeof rows => []);
  for (const row of rows) found[row.position].push(row);
  return found;
}

// ── reporters ─────────────────────────────────────────────────────────────

export async function insertReporters(db: Db, rows: ReadonlyArray<Insertable<DB['case_reporters']>>): Promise<void> {
  if (rows.length > 0) await db.insertInto('case_reporters').values([...rows]).execute();
}

export function reportersOf(db: Db, caseId: string) {
  return db.selectFrom('case_reporters').selectAll().where('case_id', '=', caseId).orderBy('added_at').orderBy('id').execute();
}

export function reporterByUser(db: Db, caseId: string, userId: string) {
  return db.selectFrom('case_reporters').selectAll().where('case_id', '=', caseId).where('user_id', '=', userId).orderBy('added_at').executeTakeFirst();
}

// ── timeline ──────────────────────────────────────────────────────────────

export async function insertEvents(db: Db, rows: ReadonlyArray<Insertable<DB['case_events']>>): Promise<void> {
  if (rows.length > 0) await db.insertInto('case_events').values([...rows]).execute();
}

export function timelineOf(db: Db, caseId: string, options: { publicOnly: boolean }) {
  let query = db.selectFrom('case_events').selectAll().where('case_id', '=', caseId);
  if (options.publicOnly) query = query.where('public', '=', true);
  return query.orderBy('id').execute();
}

// ── attachments ───────────────────────────────────────────────────────────

export function insertAttachment(db: Db, row: Insertable<DB['case_attachments']>) {
  return db.insertInto('case_attachments').values(row).returning(['id']).executeTakeFirstOrThrow();
}

/** In the order they were uploaded. */
export function attachmentsOf(db: Db, caseId: string) {
  return db.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).orderBy('position').execute();
}

/** The position the next attachment of the case takes; the caller holds the case's lock (or has just created it). */
export async function nextAttachmentPosition(db: Db, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('case_attachments')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('last'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.last) + 1;
}

export async function findAttachment(db: Db, caseId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('case_attachments').selectAll().where('case_id', '=', caseId).where('id', '=', id).executeTakeFirst();
}

// ── deadlines and escalations ─────────────────────────────────────────────

export async function insertDeadlines(db: Db, rows: ReadonlyArray<Insertable<DB['case_deadlines']>>): Promise<void> {
  if (rows.length > 0) await db.insertInto('case_deadlines').values([...rows]).execute();
}

export function deadlinesOf(db: Db, caseId: string) {
  return db.selectFrom('case_deadlines').selectAll().where('case_id', '=', caseId).orderBy('started_at').orderBy('stage').execute();
}

/** Close open clocks of a case; `stages` null closes them all. */
export function closeDeadlines(db: Db, caseId: string, stages: readonly string[] | null, at: Date, outcome: 'met' | 'cancelled', subjectId?: string) {
  let query = db.updateTable('case_deadlines').set({ met_at: at, outcome }).where('case_id', '=', caseId).where('met_at', 'is', null);
  if (stages) query = query.where('stage', 'in', stages);
  if (subjectId) query = query.where('subject_id', '=', subjectId);
  return query.returningAll().execute();
}

/** Keep the case's countdown in step with its open clocks. */
export function refreshNextDue(db: Db, caseId: string) {
  return db
    .updateTable('cases')
    .set({ next_due_at: sql`(SELECT min(due_at) FROM case_deadlines WHERE case_id = ${caseId} AND met_at IS NULL)` })
    .where('id', '=', caseId)
    .execute();
}

export function escalationsOf(db: Db, caseId: string) {
  return db.selectFrom('case_escalations').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('level').execute();
}

export function supervisionsOf(db: Db, caseId: string) {
  return db.selectFrom('case_supervisions').selectAll().where('case_id', '=', caseId).orderBy('issued_at').execute();
}

export function insertSupervision(db: Db, row: Insertable<DB['case_supervisions']>) {
  return db.insertInto('case_supervisions').values(row).returning(['id']).executeTakeFirstOrThrow();
}
