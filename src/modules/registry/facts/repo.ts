// SQL over registry_statements: what sources said about records, read back as
// per-field claims, and written in bulk.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { EntityType, FactValue } from '../schema.js';
import { anyText, recordset } from '../sql.js';
import type { Claim } from './survivorship.js';

export interface StoredClaim extends Claim {
  entityId: string;
  field: string;
}

export interface StatementRow {
  id: number;
  entity_id: string;
  source_id: string;
  source_kind: string;
  facts: Record<string, FactValue>;
  derived: Record<string, string>;
  observed_at: Date;
  recorded_at: Date;
}

/** Which statements to read: every source's, one source's, or all but one source's; all their facts, or only one field's. */
export interface StatementFilter {
  sourceId?: string;
  exceptSourceId?: string;
  /** Only statements mentioning this field, carrying only it. */
  field?: string;
}

/** The statements about these records that the filter lets through. */
export async function statementsAbout(db: Kysely<DB>, entityIds: readonly string[], filter: StatementFilter = {}): Promise<StatementRow[]> {
  if (entityIds.length === 0) return [];
  const { sourceId, exceptSourceId, field } = filter;
  let query = db
    .selectFrom('registry_statements as s')
    .innerJoin('data_sources as d', 'd.id', 's.source_id')
    .select([
      's.id',
      's.entity_id',
      's.source_id',
      'd.kind as source_kind',
      field === undefined ? 's.facts' : sql<Record<string, FactValue>>`jsonb_build_object(${field}::text, s.facts -> ${field}::text)`.as('facts'),
      's.derived',
      's.observed_at',
      's.recorded_at',
    ])
    .where(sql<boolean>`s.entity_id = ${anyText(entityIds)}`);
  if (sourceId) query = query.where('s.source_id', '=', sourceId);
  if (exceptSourceId) query = query.where('s.source_id', '<>', exceptSourceId);
  if (field !== undefined) query = query.where(sql<boolean>`s.facts ? ${field}::text`);
  return query.execute();
}

/** Later means observed later, then recorded later, then stored later: the order claims replace each other in. */
export function isLater(a: Pick<Claim, 'observedAt' | 'recordedAt' | 'factId'>, b: Pick<Claim, 'observedAt' | 'recordedAt' | 'factId'>): boolean {
  return (
    a.observedAt.getTime() - b.observedAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime() || a.factId - b.factId
  ) > 0;
}

/** The claims statements make, one per field each. */
export function claimsOf(statements: readonly StatementRow[]): StoredClaim[] {
  return statements.flatMap((s) =>
    Object.entries(s.facts).map(([field, value]) => ({
      factId: s.id,
      entityId: s.entity_id,
      field,
      value,
      sourceId: s.source_id,
      sourceKind: s.source_kind,
      observedAt: s.observed_at,
      recordedAt: s.recorded_at,
    })),
  );
}

/** Each source's current claim per record and field: its latest statement that mentions the field. */
export function currentOf<C extends StoredClaim>(claims: readonly C[]): C[] {
  const latest = new Map<string, C>();
  for (const claim of claims) {
    const key = `${claim.entityId}\u0000${claim.field}\u0000${claim.sourceId}`;
    const held = latest.get(key);
    if (!held || isLater(claim, held)) latest.set(key, claim);
  }
  return [...latest.values()];
}

/** Every source's current claims about every field of these records. */
export async function currentClaims(db: Kysely<DB>, entityIds: readonly string[]): Promise<StoredClaim[]> {
  return currentOf(claimsOf(await statementsAbout(db, entityIds)));
}

/** Every source's current claim about one field of these records: only the statements mentioning it are read. */
export async function currentClaimsOfField(db: Kysely<DB>, entityIds: readonly string[], field: string): Promise<StoredClaim[]> {
  return currentOf(claimsOf(await statementsAbout(db, entityIds, { field })));
}

export interface NewStatement {
  entity_type: EntityType;
  entity_id: string;
  source_id: string;
  facts: Record<string, FactValue>;
  derived: Record<string, string>;
  observed_at: Date;
  recorded_at: Date;
  import_id: string | null;
  import_row: number | null;
  submission_id: string | null;
  recorded_by: string | null;
}

const STATEMENT_COLUMNS = {
  entity_type: 'text',
  entity_id: 'text',
  source_id: 'text',
  facts: 'jsonb',
  derived: 'jsonb',
  observed_at: 'timestamptz',
  recorded_at: 'timestamptz',
  import_id: 'uuid',
  import_row: 'integer',
  submission_id: 'uuid',
  recorded_by: 'uuid',
};
const STATEMENT_COLUMN_LIST = sql.raw(Object.keys(STATEMENT_COLUMNS).join(', '));

/** Store statements, returning their ids in the order given. */
export async function insertStatements(db: Kysely<DB>, statements: readonly NewStatement[]): Promise<number[]> {
  if (statements.length === 0) return [];
  const result = await sql<{ id: number }>`
    INSERT INTO registry_statements (${STATEMENT_COLUMN_LIST})
    SELECT ${STATEMENT_COLUMN_LIST} FROM ${recordset(statements, STATEMENT_COLUMNS)}
    RETURNING id`.execute(db);
  return result.rows.map((r) => r.id);
}

/** A record's statements with where each came from: its page's provenance and history. */
export function statementHistory(db: Kysely<DB>, entityId: string) {
  return db
    .selectFrom('registry_statements as s')
    .innerJoin('data_sources as ds', 'ds.id', 's.source_id')
    .leftJoin('departments as d', 'd.id', 'ds.department_id')
    .leftJoin('imports as i', 'i.id', 's.import_id')
    .leftJoin('users as u', 'u.id', 's.recorded_by')
    .select([
      's.id',
      's.entity_id',
      's.facts',
      's.derived',
      's.source_id',
      'ds.kind as source_kind',
      'ds.name as source_name',
      'd.code as department_code',
      'd.name as department_name',
      's.observed_at',
      's.recorded_at',
      's.import_id',
      'i.file_name as import_file_name',
      's.import_row',
      's.submission_id',
      'u.display_name as recorded_by_name',
    ])
    .where('s.entity_id', '=', entityId)
    .orderBy('s.id')
    .execute();
}

export type StatementHistoryRow = Awaited<ReturnType<typeof statementHistory>>[number];

/** An import's statements, a page at a time, and every statement of the same sources about the same records. */
export async function statementsOfImport(db: Kysely<DB>, importId: string, afterId: number, limit: number) {
  const page = await db
    .selectFrom('registry_statements as s')
    .innerJoin('data_sources as d', 'd.id', 's.source_id')
    .select(['s.id', 's.entity_type', 's.entity_id', 's.source_id', 'd.kind as source_kind', 's.facts', 's.derived', 's.observed_at', 's.recorded_at', 's.import_row'])
    .where('s.import_id', '=', importId)
    .where('s.id', '>', afterId)
    .orderBy('s.id')
    .limit(limit)
    .execute();
  const sourceId = page[0]?.source_id;
  const related = sourceId ? await statementsAbout(db, [...new Set(page.map((s) => s.entity_id))], { sourceId }) : [];
  return { page, related };
}
