/**
 * Validating an import: every row of the file is mapped with the profile and
 * staged — its canonical record if it is good, its errors if not (quarantined)
 * — in chunks, each committed together with the ledger mark `staged_through`.
 * Nothing in the registry changes here. A validation stopped half-way resumes
 * after the last staged chunk when run again with the same profile; another
 * profile starts over.
 */
import type { AppDeps } from '../../../app-deps.js';
import { canonicalJson } from '../../../kernel/audit/audit.js';
import { AppError, errors } from '../../../kernel/errors.js';
import { cellText, openTable, TableError, type TableInput } from '../../../lib/tabular.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import type { DataSource } from '../../registry/sources.js';
import type { MappingProfile } from '../profiles/profile.js';
import { issue } from './issues.js';
import { compileProfile, mapRow, type CompiledProfile } from './map-row.js';
import { loadPlaces } from './places.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface StageInput {
  importId: string;
  table: TableInput;
  profile: MappingProfile;
  /** The saved profile's id; null for a draft given inline. */
  profileId: string | null;
  source: DataSource;
}

export interface StageOptions {
  /** Rows per committed chunk. */
  chunkRows?: number;
  onProgress?: (staged: number, total: number) => void;
}

const DEFAULT_CHUNK_ROWS = 2000;

export async function stageImport(deps: Deps, input: StageInput, options: StageOptions = {}): Promise<void> {
  const current = await repo.findImport(deps.db, input.importId);
  if (!current) throw errors.notFound('import', input.importId);
  if (current.status === 'applying' || current.status === 'completed' || current.applied_through > 0) {
    throw errors.conflict('import.already_applied', `Import ${input.importId} has been applied (${current.status}); upload the file again to import it anew`);
  }
  const resume = current.status === 'validating' && canonicalJson(current.profile) === canonicalJson(input.profile);
  const table = await readable(deps, input, () => openTable(input.table, input.profile.input));
  const compiled = compileProfile(input.profile, table.header);
  if (!compiled.ok) {
    const message = `The file lacks columns the profile needs: ${compiled.missing.join(', ')} (it has: ${table.header.filter((h) => h).join(', ')})`;
    await repo.setStatus(deps.db, input.importId, 'failed', deps.clock.now(), { error: message });
    throw new AppError('import.columns_missing', message, 400, { missing: compiled.missing, header: table.header });
  }
  let total = 0;
  for await (const _ of table.rows) total++;

  await deps.db.transaction().execute((trx) =>
    repo.beginStaging(trx, input.importId, {
      sourceId: input.source.id,
      profileId: input.profileId,
      profile: input.profile,
      header: table.header,
      restart: !resume,
      totalRows: total,
      at: deps.clock.now(),
    }),
  );
  const stagedThrough = resume ? current.staged_through : 0;
  const seen = resume ? await repo.stagedKeys(deps.db, input.importId) : new Map<string, number>();
  const ctx = {
    catalogue: await loadCatalogue(deps.db),
    places: await loadPlaces(deps.db, current.jurisdiction_path),
    asOf: current.observed_at,
  };

  const rows = await readable(deps, input, () => openTable(input.table, input.profile.input));
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let buffer: repo.StagedRow[] = [];
  let done = 0;
  let expectedMark = stagedThrough;
  /** `through`: how many rows of the file the chunk ends at, for the progress reported once it is committed. */
  const write = async (chunk: repo.StagedRow[], through: number) => {
    await deps.db.transaction().execute(async (trx) => {
      const ledger = await repo.lockImport(trx, input.importId);
      if (ledger.staged_through !== expectedMark) throw errors.conflict('import.busy', `Import ${input.importId} is being validated by another process`);
      await repo.insertStagedRows(trx, input.importId, chunk);
      await repo.recordStaged(trx, input.importId, chunk[chunk.length - 1].row_number, countsOf(chunk), deps.clock.now());
    });
    expectedMark = chunk[chunk.length - 1].row_number;
    options.onProgress?.(through, total);
  };
  // A chunk is written while the next one is mapped: on a database server the two run on different cores.
  // Chunks are still written one at a time, in order; a failed write is thrown at the next flush.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    await writing;
    if (buffer.length === 0) return;
    const chunk = buffer;
    buffer = [];
    writing = write(chunk, done);
    writing.catch(() => undefined);
  };
  for await (const row of rows.rows) {
    done++;
    if (row.rowNumber <= stagedThrough) continue;
    buffer.push(stagedRow(compiled.compiled, row.rowNumber, row.cells, ctx, seen));
    if (buffer.length >= chunkRows) await flush();
  }
  await flush();
  await writing;
  options.onProgress?.(total, total);
  await repo.setStatus(deps.db, input.importId, 'validated', deps.clock.now());
}

function stagedRow(
  compiled: CompiledProfile,
  rowNumber: number,
  cells: Parameters<typeof mapRow>[1],
  ctx: Parameters<typeof mapRow>[2],
  seen: Map<string, number>,
): repo.StagedRow {
  const { record, issues } = mapRow(compiled, cells, ctx);
  const earlier = record?.key ? seen.get(record.key) : undefined;
  if (record?.key && earlier !== undefined) {
    // One file states one thing about a record: a second row for it would make the outcome depend on row order.
    issues.push(issue('duplicate', { detail: `row ${earlier}` }));
  } else if (record?.key) {
    seen.set(record.key, rowNumber);
  }
  const valid = record !== null && earlier === undefined;
  return { row_number: rowNumber, status: valid ? 'valid' : 'invalid', record: valid ? record : null, cells: cells.map(cellText), issues };
}

function countsOf(rows: readonly repo.StagedRow[]) {
  let valid = 0;
  let warnings = 0;
  for (const row of rows) {
    if (row.status === 'valid') {
      valid++;
      if (row.issues.length > 0) warnings++;
    }
  }
  return { valid, invalid: rows.length - valid, warnings };
}

/** Open the file; one that cannot be read as a table fails the import with the reason. */
async function readable<T>(deps: Deps, input: StageInput, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    await repo.setStatus(deps.db, input.importId, 'failed', deps.clock.now(), { error: error.message });
    throw new AppError('import.unreadable', error.message, 400);
  }
}
