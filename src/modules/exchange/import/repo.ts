// SQL over imports and their staged rows. Imports are placed in the jurisdiction
// tree; every read for a caller takes a Scope.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { withinScope, type Scope } from '../../../kernel/access/access.js';
import { recordset } from '../../registry/sql.js';
import type { RowIssue } from './issues.js';
import type { StagedRecord } from './map-row.js';
import type { ImportRowStatus, ImportStatus } from './schema.js';

const IMPORT_COLUMNS = [
  'i.id',
  'i.jurisdiction_code',
  'i.jurisdiction_path',
  'i.source_id',
  'i.profile_id',
  'i.file_name',
  'i.file_size',
  'i.file_sha256',
  'i.observed_at',
  'i.status',
  'i.total_rows',
  'i.valid_rows',
  'i.invalid_rows',
  'i.warning_rows',
  'i.staged_through',
  'i.applied_through',
  'i.applied_rows',
  'i.rejected_rows',
  'i.held_rows',
  'i.stats',
  'i.error',
  'i.created_by_name',
  'i.created_at',
  'i.updated_at',
  'i.completed_at',
] as const;

export interface NewImport {
  jurisdictionCode: string;
  jurisdictionPath: string;
  fileName: string;
  fileSize: number;
  fileSha256: string;
  observedAt: Date;
  createdBy: string | null;
  createdByName: string;
  at: Date;
}

export async function insertImport(db: Kysely<DB>, input: NewImport, bytes: Uint8Array | null): Promise<string> {
  const { id } = await db
    .insertInto('imports')
    .values({
      jurisdiction_code: input.jurisdictionCode,
      jurisdiction_path: input.jurisdictionPath,
      file_name: input.fileName,
      file_size: input.fileSize,
      file_sha256: input.fileSha256,
      observed_at: input.observedAt,
      status: 'uploaded',
      created_by: input.createdBy,
      created_by_name: input.createdByName,
      created_at: input.at,
      updated_at: input.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (bytes) await db.insertInto('import_files').values({ import_id: id, bytes }).execute();
  return id;
}

/** An import by id, for the worker that runs it (no Scope: the caller has been authorised). */
export function findImport(db: Kysely<DB>, id: string) {
  return db.selectFrom('imports as i').select([...IMPORT_COLUMNS, 'i.profile', 'i.header']).where('i.id', '=', id).executeTakeFirst();
}

export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export function findImportInScope(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('imports as i')
    .select([...IMPORT_COLUMNS, 'i.profile', 'i.header'])
    .where('i.id', '=', id)
    .where(withinScope(scope, 'i.jurisdiction_path'))
    .executeTakeFirst();
}

export function listImports(db: Kysely<DB>, scope: Scope, page: { limit: number; offset: number }) {
  return db
    .selectFrom('imports as i')
    .select(IMPORT_COLUMNS)
    .where(withinScope(scope, 'i.jurisdiction_path'))
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** The import of the same file of the same dataset that was stopped before it finished, if any. */
export function findUnfinishedImport(db: Kysely<DB>, sourceId: string, sha256: string) {
  return db
    .selectFrom('imports as i')
    .select([...IMPORT_COLUMNS, 'i.profile'])
    .where('i.source_id', '=', sourceId)
    .where('i.file_sha256', '=', sha256)
    .where('i.status', 'in', ['validating', 'validated', 'applying'])
    .orderBy('i.created_at', 'desc')
    .executeTakeFirst();
}

export async function fileBytes(db: Kysely<DB>, importId: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom('import_files').select('bytes').where('import_id', '=', importId).executeTakeFirst();
  return row?.bytes ?? null;
}

export async function deleteFile(db: Kysely<DB>, importId: string): Promise<void> {
  await db.deleteFrom('import_files').where('import_id', '=', importId).execute();
}

export async function setStatus(db: Kysely<DB>, id: string, status: ImportStatus, at: Date, extra: { error?: string | null; completedAt?: Date } = {}): Promise<void> {
  await db
    .updateTable('imports')
    .set({ status, updated_at: at, ...(extra.error !== undefined ? { error: extra.error } : {}), ...(extra.completedAt ? { completed_at: extra.completedAt } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Start (or restart) validation with a profile: a different profile discards what was staged. */
export async function beginStaging(
  db: Kysely<DB>,
  id: string,
  input: { sourceId: string; profileId: string | null; profile: unknown; header: readonly string[]; restart: boolean; totalRows: number; at: Date },
): Promise<void> {
  if (input.restart) await db.deleteFrom('import_rows').where('import_id', '=', id).execute();
  await db
    .updateTable('imports')
    .set({
      status: 'validating',
      source_id: input.sourceId,
      profile_id: input.profileId,
      profile: JSON.stringify(input.profile),
      header: JSON.stringify(input.header),
      total_rows: input.totalRows,
      error: null,
      updated_at: input.at,
      ...(input.restart ? { staged_through: 0, valid_rows: 0, invalid_rows: 0, warning_rows: 0 } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Lock the import's ledger row for one chunk's transaction; concurrent workers take turns, chunk by chunk. */
export function lockImport(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('imports')
    .select(['staged_through', 'applied_through', 'stats', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export interface StagedRow {
  row_number: number;
  status: ImportRowStatus;
  record: StagedRecord | null;
  cells: Array<string | null>;
  issues: RowIssue[];
}

export async function insertStagedRows(db: Kysely<DB>, importId: string, rows: readonly StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    INSERT INTO import_rows (import_id, row_number, status, record, cells, issues)
    SELECT ${importId}::uuid, row_number, status, record, cells, issues
    FROM ${recordset(rows, { row_number: 'integer', status: 'text', record: 'jsonb', cells: 'jsonb', issues: 'jsonb' })}`.execute(db);
}

export async function recordStaged(db: Kysely<DB>, id: string, through: number, counts: { valid: number; invalid: number; warnings: number }, at: Date): Promise<void> {
  await db
    .updateTable('imports')
    .set((eb) => ({
      staged_through: through,
      valid_rows: eb('valid_rows', '+', counts.valid),
      invalid_rows: eb('invalid_rows', '+', counts.invalid),
      warning_rows: eb('warning_rows', '+', counts.warnings),
      updated_at: at,
    }))
    .where('id', '=', id)
    .execute();
}

/** Keys of the rows staged so far, to find a record repeated later in the file after a resume. */
export async function stagedKeys(db: Kysely<DB>, importId: string): Promise<Map<string, number>> {
  const rows = await sql<{ key: string; row_number: number }>`
    SELECT record->>'key' AS key, row_number FROM import_rows
    WHERE import_id = ${importId} AND status = 'valid' AND record->>'key' IS NOT NULL`.execute(db);
  return new Map(rows.rows.map((r) => [r.key, r.row_number]));
}

/** The valid rows numbered after `after` up to and including `through`, in file order. */
export async function validRowsBetween(db: Kysely<DB>, importId: string, after: number, through: number) {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_number', 'record', 'issues'])
    .where('import_id', '=', importId)
    .where('row_number', '>', after)
    .where('row_number', '<=', through)
    .where('status', '=', 'valid')
    .orderBy('row_number')
    .execute();
  return rows.map((r) => ({ rowNumber: r.row_number, record: r.record as StagedRecord, issues: r.issues as RowIssue[] }));
}

/** Rows that could not be applied after all (quarantined) or wait for a person to decide (held). */
export async function setRowOutcomes(db: Kysely<DB>, importId: string, outcomes: ReadonlyArray<{ row_number: number; status: 'rejected' | 'held'; issues: RowIssue[] }>): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    UPDATE import_rows AS x SET status = r.status, issues = x.issues || r.issues
    FROM ${recordset(outcomes, { row_number: 'integer', status: 'text', issues: 'jsonb' })}
    WHERE x.import_id = ${importId} AND x.row_number = r.row_number`.execute(db);
}

export async function recordApplied(
  db: Kysely<DB>,
  id: string,
  chunk: { through: number; applied: number; rejected: number; held: number; stats: Record<string, number> },
  at: Date,
): Promise<void> {
  await db
    .updateTable('imports')
    .set((eb) => ({
      status: 'applying',
      applied_through: chunk.through,
      applied_rows: eb('applied_rows', '+', chunk.applied),
      rejected_rows: eb('rejected_rows', '+', chunk.rejected),
      held_rows: eb('held_rows', '+', chunk.held),
      stats: JSON.stringify(chunk.stats),
      updated_at: at,
    }))
    .where('id', '=', id)
    .execute();
}

/** Rows with something to report, in file order, a page at a time. */
export function rowsWithIssues(db: Kysely<DB>, importId: string, after: number, limit: number) {
  return db
    .selectFrom('import_rows')
    .select(['row_number', 'status', 'cells', 'issues'])
    .where('import_id', '=', importId)
    .where(sql<boolean>`issues <> '[]'::jsonb`)
    .where('row_number', '>', after)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}
