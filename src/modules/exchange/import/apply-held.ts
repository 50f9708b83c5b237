/**
 * Applying a row the linker held, once a data steward has said who it is: the
 * person it names, or a new person. The row goes through the same chunk logic
 * as every other row (placing, claims, the record key remembered for the next
 * import), in the caller's transaction, and the import's counts follow.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { errors } from '../../../kernel/errors.js';
import { findDataSource } from '../../registry/sources.js';
import { applyChunk } from './apply-chunk.js';
import { chunkBase } from './apply-import.js';
import type { RowIssue } from './issues.js';
import type { Linker } from './linker.js';
import type { StagedRecord } from './map-row.js';
import * as repo from './repo.js';

export interface HeldRowOutcome {
  status: 'applied' | 'rejected';
  /** The person the row was applied to. */
  personId: string | null;
  issues: RowIssue[];
}

export async function applyHeldRow(db: Kysely<DB>, options: { importId: string; rowNumber: number; personId: string | null; now: Date }): Promise<HeldRowOutcome> {
  const current = await repo.findImport(db, options.importId);
  if (!current) throw errors.notFound('import', options.importId);
  const row = await db
    .selectFrom('import_rows')
    .select(['record', 'issues'])
    .where('import_id', '=', options.importId)
    .where('row_number', '=', options.rowNumber)
    .where('status', '=', 'held')
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw errors.conflict('import.row_not_held', `Row ${options.rowNumber} of import ${options.importId} is not waiting for a decision`);
  const source = current.source_id ? await findDataSource(db, current.source_id) : undefined;
  if (!source) throw new Error(`import ${options.importId} has no data source`);
  const decided: Linker = {
    async link(_db, candidates) {
      return candidates.map(() => (options.personId ? { kind: 'existing', personId: options.personId, rule: 'steward' } : { kind: 'new' }));
    },
  };
  const base = await chunkBase(db, current, source, decided);
  const outcome = await applyChunk(db, { ...base, now: options.now }, [{ rowNumber: options.rowNumber, record: row.record as StagedRecord }]);
  const kept = (row.issues as RowIssue[]).filter((i) => i.code !== 'linkage.review');
  const stopped = outcome.outcomes[0];
  const status = stopped ? 'rejected' : 'applied';
  await sql`
    UPDATE import_rows SET status = ${stopped ? 'rejected' : 'valid'}, issues = ${JSON.stringify([...kept, ...(stopped?.issues ?? [])])}::jsonb
    WHERE import_id = ${options.importId}::uuid AND row_number = ${options.rowNumber}`.execute(db);
  const stats = { ...(current.stats as Record<string, number>) };
  for (const [key, n] of Object.entries(outcome.stats)) stats[key] = (stats[key] ?? 0) + n;
  await db
    .updateTable('imports')
    .set((eb) => ({
      held_rows: eb('held_rows', '-', 1),
      applied_rows: eb('applied_rows', '+', status === 'applied' ? 1 : 0),
      rejected_rows: eb('rejected_rows', '+', status === 'rejected' ? 1 : 0),
      stats: JSON.stringify(stats),
      updated_at: options.now,
    }))
    .where('id', '=', options.importId)
    .execute();
  if (stopped) return { status, personId: null, issues: stopped.issues };
  const linked = await db.selectFrom('source_records').select('entity_id').where('source_id', '=', source.id).where('record_key', '=', (row.record as StagedRecord).key!).executeTakeFirst();
  return { status, personId: linked?.entity_id ?? options.personId, issues: [] };
}
