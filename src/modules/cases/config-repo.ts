// SQL for what configures case handling: categories, working calendars, settings, the responsibility list.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Scope } from '../../kernel/access/access.js';
import type { CaseCategoriesTable, ResponsibilityRulesTable } from './schema.js';
import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';

export type Db = Kysely<DB>;
export type CategoryRow = Selectable<CaseCategoriesTable>;
export type RuleRow = Selectable<ResponsibilityRulesTable>;

// ── categories ────────────────────────────────────────────────────────────

export function listCategories(db: Db, options: { includeInactive: boolean }) {
  let query = db.selectFrom('case_categories').selectAll();
  if (!options.includeInactive) query = query.where('active', '=', true);
  return query.orderBy('sort_order').orderBy('code').execute();
}

export function findCategory(db: Db, code: string) {
  return db.selectFrom('case_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The category and its ancestors, the category first. */
export async function categoryLineage(db: Db, code: string): Promise<CategoryRow[]> {
  const result = await sql<CategoryRow>`
    WITH RECURSIVE lineage AS (
      SELECT c.*, 0 AS depth FROM case_categories c WHERE c.code = ${code}
      UNION ALL
      SELECT p.*, l.depth + 1 FROM case_categories p JOIN lineage l ON p.code = l.parent_code WHERE l.depth < 10
    )
    SELECT * FROM lineage ORDER BY depth`.execute(db);
  return result.rows;
}

export interface CategoryWrite {
  code: string;
  parent_code: string | null;
  name: string;
  kind: CategoryRow['kind'];
  description: string;
  registration_condition: string;
  closure_condition: string;
  keywords: string[];
  attributes: unknown[];
  public: boolean;
  active: boolean;
  sort_order: number;
}

export async function upsertCategory(db: Db, row: CategoryWrite, at: Date): Promise<void> {
  const values = { ...row, attributes: JSON.stringify(row.attributes), updated_at: at };
  await db
    .insertInto('case_categories')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...values, code: undefined }))
    .execute();
}

// ── working calendars ─────────────────────────────────────────────────────

export function listCalendars(db: Db) {
  return db.selectFrom('working_calendars').selectAll().orderBy('jurisdiction_code').execute();
}

export function findCalendar(db: Db, jurisdictionCode: string) {
  return db.selectFrom('working_calendars').selectAll().where('jurisdiction_code', '=', jurisdictionCode).executeTakeFirst();
}

/** The calendar of the nearest jurisdiction at or above `path` that has one. */
export function findCalendarCovering(db: Db, path: string) {
  return db
    .selectFrom('working_calendars as w')
    .innerJoin('jurisdictions as j', 'j.code', 'w.jurisdiction_code')
    .selectAll('w')
    .where(sql<boolean>`j.path @> ${path}::ltree`)
    .orderBy(sql`nlevel(j.path)`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function calendarDays(db: Db, jurisdictionCode: string) {
  return db
    .selectFrom('working_calendar_days')
    .select(['day', 'kind', 'name'])
    .where('jurisdiction_code', '=', jurisdictionCode)
    .orderBy('day')
    .execute();
}

/** The days of every calendar, for a process's copy of them. */
export function allCalendarDays(db: Db) {
  return db.selectFrom('working_calendar_days').select(['jurisdiction_code', 'day', 'kind']).orderBy('jurisdiction_code').orderBy('day').execute();
}

export async function replaceCalendar(
  db: Db,
  calendar: { jurisdiction_code: string; name: string; utc_offset_minutes: number; working_hours: unknown; weekend_days: number[]; updated_at: Date },
  days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string }>,
): Promise<void> {
  const values = { ...calendar, working_hours: JSON.stringify(calendar.working_hours) };
  await db
    .insertInto('working_calendars')
    .values(values)
    .onConflict((oc) => oc.column('jurisdiction_code').doUpdateSet({ ...values, jurisdiction_code: undefined }))
    .execute();
  await db.deleteFrom('working_calendar_days').where('jurisdiction_code', '=', calendar.jurisdiction_code).execute();
  if (days.length > 0) {
    await db
      .insertInto('working_calendar_days')
      .values(days.map((d) => ({ ...d, jurisdiction_code: calendar.jurisdiction_code })))
      .execute();
  }
}

// ── settings ──────────────────────────────────────────────────────────────

export function storedSettings(db: Db) {
  return db.selectFrom('case_settings').select(['key', 'value', 'updated_at', 'updated_by']).execute();
}

export async function storeSetting(db: Db, key: string, value: unknown, at: Date, by: string): Promise<void> {
  const values = { key, value: JSON.stringify(value), updated_at: at, updated_by: by };
  await db
    .insertInto('case_settings')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: values.value, updated_at: at, updated_by: by }))
    .execute();
}

// ── the responsibility list ───────────────────────────────────────────────

const ruleColumns = [
  'r.id',
  'r.rule_key',
  'r.version',
  'r.category_code',
  'r.jurisdiction_code',
  'r.jurisdiction_path',
  'r.conditions',
  'r.unit_kind',
  'r.unit_department_id',
  'r.unit_jurisdiction_code',
  'r.limits',
  'r.note',
  'r.effective_from',
  'r.superseded_at',
  'r.created_by',
  'r.created_at',
  'c.name as category_name',
  'j.name as jurisdiction_name',
  'd.name as department_name',
  'uj.name as unit_jurisdiction_name',
] as const;

function rulesQuery(db: Db) {
  return db
    .selectFrom('responsibility_rules as r')
    .innerJoin('case_categories as c', 'c.code', 'r.category_code')
    .innerJoin('jurisdictions as j', 'j.code', 'r.jurisdiction_code')
    .leftJoin('departments as d', 'd.id', 'r.unit_department_id')
    .leftJoin('jurisdictions as uj', 'uj.code', 'r.unit_jurisdiction_code')
    .select(ruleColumns);
}

/** Rules in force at `at` that could apply to a case of these categories at `path`. */
export function rulesInForce(db: Db, categoryCodes: readonly string[], path: string, at: Date) {
  return rulesQuery(db)
    .where('r.category_code', 'in', categoryCodes)
    .where(sql<boolean>`r.jurisdiction_path @> ${path}::ltree`)
    .where('r.effective_from', '<=', at)
    .where((eb) => eb.or([eb('r.superseded_at', 'is', null), eb('r.superseded_at', '>', at)]))
    .execute();
}

/** Every version of every rule, for a process's copy of the list. */
export function allRuleVersions(db: Db) {
  return rulesQuery(db).orderBy('r.rule_key').orderBy('r.version').execute();
}

/**
 * Rules an actor may see: those at or below its scope, and those above it
 * that reach into it (a district rule applies in every community).
 */
export function listRules(db: Db, scope: Scope, filter: { categoryCode?: string; includeHistory: boolean; limit: number; offset: number }) {
  const paths = sql.val(`{${scope.paths.join(',')}}`);
  let query = rulesQuery(db).where((eb) =>
    eb.or([sql<boolean>`r.jurisdiction_path <@ ANY(${paths}::ltree[])`, sql<boolean>`r.jurisdiction_path @> ANY(${paths}::ltree[])`]),
  );
  if (filter.categoryCode) query = query.where('r.category_code', '=', filter.categoryCode);
  if (!filter.includeHistory) query = query.where('r.superseded_at', 'is', null);
  return query.orderBy('r.rule_key').orderBy('r.version', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

export function findRuleVersion(db: Db, id: string) {
  return rulesQuery(db).where('r.id', '=', id).executeTakeFirst();
}
export type RuleView = NonNullable<Awaited<ReturnType<typeof findRuleVersion>>>;

/** The live version of a rule, locked so two editors cannot both supersede it. */
export function lockLiveRule(db: Db, ruleKey: string) {
  return db.selectFrom('responsibility_rules').selectAll().where('rule_key', '=', ruleKey).where('superseded_at', 'is', null).forUpdate().executeTakeFirst();
}

/** R0001, R0002…: one more than the highest key so far (rules are few, and created one at a time under a lock). */
export async function nextRuleKey(db: Db): Promise<string> {
  await sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.responsibilityRuleKeys})`.execute(db);
  const { rows } = await sql<{ n: number | null }>`
    SELECT max(substring(rule_key FROM 2)::int) AS n FROM responsibility_rules WHERE rule_key ~ '^R[0-9]+$'`.execute(db);
  return `R${String((rows[0].n ?? 0) + 1).padStart(4, '0')}`;
}

/** Another live rule for the same category, place and conditions: a second rule where a revision was meant. */
export function liveRuleClaiming(db: Db, scope: { categoryCode: string; jurisdictionCode: string; conditions: Record<string, unknown>; exceptRuleKey: string }) {
  return db
    .selectFrom('responsibility_rules')
    .select(['rule_key', 'version'])
    .where('category_code', '=', scope.categoryCode)
    .where('jurisdiction_code', '=', scope.jurisdictionCode)
    .where(sql<boolean>`conditions = ${JSON.stringify(scope.conditions)}::jsonb`)
    .where('superseded_at', 'is', null)
    .where('rule_key', '<>', scope.exceptRuleKey)
    .executeTakeFirst();
}

export function supersedeRule(db: Db, id: string, at: Date) {
  return db.updateTable('responsibility_rules').set({ superseded_at: at }).where('id', '=', id).execute();
}

export interface RuleWrite {
  rule_key: string;
  version: number;
  category_code: string;
  jurisdiction_code: string;
  jurisdiction_path: string;
  conditions: Record<string, unknown>;
  unit_kind: RuleRow['unit_kind'];
  unit_department_id: string | null;
  unit_jurisdiction_code: string | null;
  limits: Record<string, unknown>;
  note: string;
  effective_from: Date;
  created_by: string;
  created_at: Date;
}

export function insertRule(db: Db, row: RuleWrite) {
  return db
    .insertInto('responsibility_rules')
    .values({ ...row, conditions: JSON.stringify(row.conditions), limits: JSON.stringify(row.limits) })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}
