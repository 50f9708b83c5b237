/**
 * Applying a validated import to the registry, chunk by chunk. Each chunk runs
 * in one transaction that also moves the ledger mark `applied_through`; a crash
 * (even kill -9) loses at most the chunk in flight, which rolls back whole, and
 * running the import again continues after the last committed chunk. Workers
 * lock the import's row for each chunk, so two of them never apply a row twice.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { AppDeps } from '../../../app-deps.js';
import { errors } from '../../../kernel/errors.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { findDataSource, type DataSource } from '../../registry/sources.js';
import type { MappingProfile } from '../profiles/profile.js';
import { applyChunk, type ChunkContext } from './apply-chunk.js';
import type { Linker } from './linker.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ApplyOptions {
  linker: Linker;
  /** Rows of the file per transaction; the quarantined ones among them are skipped. */
  chunkRows?: number;
  onProgress?: (applied: number, total: number) => void;
}

/**
 * Large enough that a chunk's reads of records earlier imports wrote come sorted by page, each page once per chunk
 * rather than once per row (a health file at 100,000 rows into a 400,000-person registry: apply 66.5 s with
 * 2,000-row chunks, 45.3 s with 10,000; see bench/RESULTS.md); small enough that a chunk stays a short transaction.
 */
export const DEFAULT_CHUNK_ROWS = 10_000;

export async function applyImport(deps: Deps, importId: string, options: ApplyOptions): Promise<repo.ImportRow> {
  const current = await repo.findImport(deps.db, importId);
  if (!current) throw errors.notFound('import', importId);
  if (current.status === 'completed') return current;
  if (current.status !== 'validated' && current.status !== 'applying') {
    throw errors.conflict('import.not_validated', `Import ${importId} is ${current.status}: validate it with a profile first`);
  }
  const source = current.source_id ? await findDataSource(deps.db, current.source_id) : undefined;
  if (!source) throw new Error(`import ${importId} has no data source`);
  await repo.setStatus(deps.db, importId, 'applying', deps.clock.now(), { error: null });

  const base = await chunkBase(deps.db, current, source, options.linker);
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let settled = current.applied_rows + current.rejected_rows + current.held_rows;
  for (;;) {
    const progressed = await deps.db.transaction().execute(async (trx) => {
      const ledger = await repo.lockImport(trx, importId);
      if (ledger.applied_through >= ledger.staged_through) return null;
      // A window of row numbers, not "the next N valid rows": a chunk then costs the same at the end of a
      // million-row file as at its start, whatever the planner knows of the import's rows.
      const through = Math.min(ledger.applied_through + chunkRows, ledger.staged_through);
      const rows = await repo.validRowsBetween(trx, importId, ledger.applied_through, through);
      const outcome = rows.length > 0 ? await applyChunk(trx, { ...base, now: deps.clock.now() }, rows) : { applied: 0, outcomes: [], stats: {} };
      await repo.setRowOutcomes(trx, importId, outcome.outcomes);
      const stats = { ...(ledger.stats as Record<string, number>) };
      for (const [key, n] of Object.entries(outcome.stats)) stats[key] = (stats[key] ?? 0) + n;
      const held = outcome.outcomes.filter((o) => o.status === 'held').length;
      await repo.recordApplied(
        trx,
        importId,
        { through, applied: outcome.applied, rejected: outcome.outcomes.length - held, held, stats },
        deps.clock.now(),
      );
      return rows.length;
    });
    if (progressed === null) break;
    settled += progressed;
    options.onProgress?.(settled, current.valid_rows);
  }
  await deps.db.transaction().execute(async (trx) => {
    await repo.setStatus(trx, importId, 'completed', deps.clock.now(), { completedAt: deps.clock.now() });
    // The staged rows are the import's record from here on; the upload itself is no longer needed.
    await repo.deleteFile(trx, importId);
  });
  options.onProgress?.(current.valid_rows, current.valid_rows);
  return (await repo.findImport(deps.db, importId))!;
}

/** What every chunk of an import is applied with, but the time. */
export async function chunkBase(db: Kysely<DB>, current: repo.ImportRow, source: DataSource, linker: Linker): Promise<Omit<ChunkContext, 'now'>> {
  const communities = await sql<{ code: string; path: string }>`
    SELECT code, path::text AS path FROM jurisdictions WHERE level = 'community' AND path <@ ${current.jurisdiction_path}::ltree`.execute(db);
  return {
    importId: current.id,
    source,
    profile: current.profile as MappingProfile,
    jurisdictionPath: current.jurisdiction_path,
    observedAt: current.observed_at,
    catalogue: await loadCatalogue(db),
    communities: new Map(communities.rows.map((c) => [c.code, c.path])),
    linker,
  };
}
