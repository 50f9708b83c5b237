// Benchmark: importing and linking three departments' exports end to end
// (issue 3: target 1,000,000 rows in ≤ 120 s on PGlite and ≤ 60 s on
// PostgreSQL, peak memory ≤ 2 GB, precision ≥ 0.99 and recall ≥ 0.97).
//
//   npm run bench:import-departments -- [--rows N] [--backends pglite,postgres] [--append]
//
// The synthetic generator (src/modules/demo/department-exports.ts) writes the
// household register, the health records and the floating-population register
// of one population — overlapping people, with their noise: missing and
// mistyped ID numbers, old 15-digit ones, homophone and traditional names,
// other date and address formats, changed phones, moved residents — N rows in
// all (default 1,000,000), and the ground truth of which row is which person.
// Each backend, in a process of its own so its peak memory is its own, gets a
// fresh registry with the demo district and no residents, and imports the three
// files in turn as a street office would: each with its sample mapping profile
// (docs/samples/profiles), validated and staged, then applied with the
// registry linker (ID number first, then blocking and Fellegi–Sunter scoring).
// Afterwards the person each row was linked to is read back from the rows'
// provenance and scored pairwise against the ground truth; rows quarantined,
// refused or held for a steward count as not linked. The baseline, in the same
// run: PostgreSQL's COPY loading the same three files' rows raw, every cell as
// text, into one table. A second baseline, when PostgreSQL is among the
// backends: what its import stored, loaded with COPY alone into a fresh
// registry of each backend (bench/stored-floor.ts), the floor under any import.
// --append adds the printed section to bench/RESULTS.md.
import { appendFileSync, createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../src/db/migrate.js';
import type { Database } from '../src/db/database.js';
import { fixedClock } from '../src/kernel/clock.js';
import { DEMO_REFERENCE_DATE, demoCommunities, demoJurisdictions } from '../src/modules/demo/district.js';
import { DEPARTMENT_FORMATS, writeDepartmentExports, type DepartmentExportOptions, type DepartmentKind } from '../src/modules/demo/department-exports.js';
import { seedDemo } from '../src/modules/demo/seed.js';
import { registryLinker } from '../src/modules/exchange/linking/registry-linker.js';
import { importDepartmentFile } from './import-file.js';
import { pairwiseAgreement, type PairwiseAgreement } from './pairwise.js';
import { cpuModel, onScratchPglite, onScratchPostgres, SERVER_URL } from './scratch.js';
import { dumpRegistry, loadStored, type StoredFloor } from './stored-floor.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    backends: { type: 'string', default: 'pglite,postgres' },
    append: { type: 'boolean', default: false },
    // Set by the parent for each backend's own process: the import run, or (--floor) loading what one stored.
    backend: { type: 'string' },
    floor: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
if (!Number.isSafeInteger(ROWS) || ROWS < 1000) throw new RangeError('--rows must be a whole number ≥ 1000');

const DEPARTMENTS: DepartmentKind[] = ['household_registration', 'health', 'floating_population'];
/** Rows these three departments hold per resident (as in bench/linkage.ts): a few more people than needed, then cut at N. */
const ROWS_PER_PERSON = 1.8;
const clock = fixedClock('2026-11-30T10:00:00+08:00');

interface FileRun {
  department: DepartmentKind;
  rows: number;
  stageSeconds: number;
  applySeconds: number;
  stats: Record<string, number>;
  /** Rows by what became of them: quarantined by validation (invalid), refused while applying (rejected), held for a steward. */
  statuses: Record<string, number>;
}

interface BackendRun {
  backend: 'pglite' | 'postgres';
  version: string;
  files: FileRun[];
  peakRssMb: number;
  quality: Quality;
  copySeconds?: number;
}

interface Quality extends PairwiseAgreement {
  rowsWithoutPerson: number;
}

/** Pairwise agreement of the rows' persons with the truth; a row with no person (quarantined, refused, held) is a cluster of its own. */
function quality(assigned: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): Quality {
  const rows = [...truth.keys()];
  const linked = rows.map((row) => assigned.get(row) ?? `unlinked:${row}`);
  return { ...pairwiseAgreement(linked, rows.map((row) => truth.get(row)!)), rowsWithoutPerson: rows.filter((row) => !assigned.has(row)).length };
}

// ── one backend, in its own process ───────────────────────────────────────

async function importAll(database: Database, dir: string): Promise<{ files: FileRun[]; assigned: Map<string, string> }> {
  await migrate(database);
  await seedDemo({ db: database.db, database, clock }, { people: 0, seed: 1 });
  const files: FileRun[] = [];
  const importFile = new Map<string, DepartmentKind>();
  for (const department of DEPARTMENTS) {
    const file = path.join(dir, DEPARTMENT_FORMATS[department].fileName);
    // Each sample profile is named after its department's file (health.csv → health.yaml).
    const profileText = readFileSync(new URL(`../docs/samples/profiles/${DEPARTMENT_FORMATS[department].fileName.replace(/\.csv$/, '.yaml')}`, import.meta.url), 'utf8');
    const { importId, stageSeconds, applySeconds, done } = await importDepartmentFile(database, { profileText, file, linker: registryLinker(), clock });
    importFile.set(importId, department);
    process.stderr.write(`  ${department}: ${done.total_rows} rows, validate ${stageSeconds.toFixed(1)} s, apply ${applySeconds.toFixed(1)} s\n`);
    const statuses = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM import_rows WHERE import_id = ${importId} AND status <> 'valid' GROUP BY status`.execute(database.db);
    files.push({ department, rows: done.total_rows ?? 0, stageSeconds, applySeconds, stats: done.stats as Record<string, number>, statuses: Object.fromEntries(statuses.rows.map((r) => [r.status, r.n])) });
  }
  // The person each row was linked to, from the provenance of what the row said about them.
  const { rows } = await sql<{ import_id: string; import_row: number; entity_id: string }>`
    SELECT import_id, import_row, entity_id FROM registry_statements WHERE entity_type = 'person' AND import_id IS NOT NULL`.execute(database.db);
  // The ground truth numbers rows from 1 below the header; the import, as a spreadsheet shows them, from 1 at the header.
  const assigned = new Map(rows.map((r) => [`${importFile.get(r.import_id)}:${r.import_row - 1}`, r.entity_id]));
  return { files, assigned };
}

/** Seconds PostgreSQL's COPY takes to load the three files' rows raw: every cell as text, into one plain table. */
async function copyBaseline(url: string, dir: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const width = Math.max(...DEPARTMENTS.map((d) => DEPARTMENT_FORMATS[d].columns.length));
    await client.query(`CREATE TABLE raw_department_rows (${Array.from({ length: width }, (_, i) => `c${i} text`).join(', ')})`);
    const started = performance.now();
    for (const department of DEPARTMENTS) {
      const format = DEPARTMENT_FORMATS[department];
      const columns = format.columns.map((_, i) => `c${i}`).join(', ');
      // The three files are UTF-8 (the byte-order mark lands in the header line, which COPY skips).
      await pipeline(createReadStream(path.join(dir, format.fileName)), client.query(copyFrom(`COPY raw_department_rows (${columns}) FROM STDIN WITH (FORMAT csv, HEADER true)`)));
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

async function runBackend(backend: 'pglite' | 'postgres', dir: string): Promise<BackendRun> {
  const truth = new Map<string, string>();
  const groundTruth = readFileSync(path.join(dir, 'ground-truth.csv'), 'utf8').replace(/^\uFEFF/, '').split('\n').slice(1);
  const departmentOfFile = new Map(DEPARTMENTS.map((d) => [DEPARTMENT_FORMATS[d].fileName, d]));
  for (const line of groundTruth) {
    if (!line) continue;
    const [file, rowNumber, personId] = line.split(',');
    truth.set(`${departmentOfFile.get(file)}:${rowNumber}`, personId);
  }
  const measure = async (database: Database, url?: string) => {
    const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v;
    const { files, assigned } = await importAll(database, dir);
    if (url) await dumpRegistry(database, url, path.join(dir, 'stored'));
    const copySeconds = url ? await copyBaseline(url, dir) : undefined;
    return { backend, version, files, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), quality: quality(assigned, truth), copySeconds };
  };
  return backend === 'pglite' ? onScratchPglite('import-departments', (database) => measure(database)) : onScratchPostgres('import_departments', { poolSize: 4 }, measure);
}

/** The second baseline: a fresh registry of this backend loading, with COPY, what the PostgreSQL run's import stored. */
function runFloor(backend: 'pglite' | 'postgres', dir: string): Promise<StoredFloor> {
  const load = (database: Database) => loadStored(database, path.join(dir, 'stored'));
  return backend === 'pglite' ? onScratchPglite('import-floor', load) : onScratchPostgres('import_floor', { poolSize: 1 }, load);
}

if (values.backend) {
  const backend = values.backend as 'pglite' | 'postgres';
  process.send!(values.floor ? await runFloor(backend, values.dir!) : await runBackend(backend, values.dir!));
  process.exit(0);
}

// ── the parent: the files, then each backend in turn ──────────────────────

const dir = mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-departments-'));
const streetNames = new Map(demoJurisdictions().filter((j) => j.level === 'street').map((j) => [j.code, j.name]));
const exportOptions: DepartmentExportOptions = {
  seed: 'bench-import-departments',
  people: Math.ceil(ROWS / ROWS_PER_PERSON),
  // The household register's full addresses name the community, which places the
  // dwellings; the other two files' shorter addresses then find those dwellings.
  communities: demoCommunities().map((c) => ({ ...c, addressPrefix: `浙江省杭州市西湖区${streetNames.get(c.streetCode)}${c.name}` })),
  asOf: new Date(DEMO_REFERENCE_DATE),
  departments: DEPARTMENTS,
  maxRows: ROWS,
};
process.stderr.write(`writing ${ROWS.toLocaleString('en')} rows of department exports… `);
const started = performance.now();
const written = await writeDepartmentExports(dir, exportOptions);
const generateSeconds = (performance.now() - started) / 1000;
process.stderr.write(`${written.files.map((f) => `${f.department} ${f.rows}`).join(', ')} in ${generateSeconds.toFixed(1)} s\n`);

/** One backend's run in a process of its own, so that its peak memory is its own. */
function inChild<T>(backend: 'pglite' | 'postgres', extra: string[] = []): Promise<T> {
  const child = fork(import.meta.filename, ['--backend', backend, '--dir', dir, '--rows', String(ROWS), ...extra], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`the ${backend} run exited (${code}) without an answer`)));
  });
}

const backends = values.backends.split(',') as Array<'pglite' | 'postgres'>;
const runs: BackendRun[] = [];
const floors = new Map<'pglite' | 'postgres', StoredFloor>();
try {
  for (const backend of backends) {
    process.stderr.write(`${backend} (load average ${os.loadavg()[0].toFixed(2)})\n`);
    runs.push(await inChild<BackendRun>(backend));
  }
  // The PostgreSQL run dumped what its import stored; each backend loads it into a fresh registry.
  if (backends.includes('postgres')) {
    for (const backend of backends) {
      process.stderr.write(`${backend}: loading what the import stored with COPY\n`);
      floors.set(backend, await inChild<StoredFloor>(backend, ['--floor']));
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// ── the section ────────────────────────────────────────────────────────────

const TARGET_SECONDS = { pglite: 120, postgres: 60 };
const scale = ROWS / 1_000_000;
const fmt = (n: number, digits = 1) => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const row = (r: BackendRun) => {
  const stage = r.files.reduce((s, f) => s + f.stageSeconds, 0);
  const apply = r.files.reduce((s, f) => s + f.applySeconds, 0);
  const target = TARGET_SECONDS[r.backend] * scale;
  return `| ${r.backend === 'pglite' ? `PGlite ${r.version}` : `PostgreSQL ${r.version}`} | ${r.files.map((f) => `${f.stageSeconds.toFixed(1)} + ${f.applySeconds.toFixed(1)}`).join(' / ')} | ${fmt(stage + apply)} s | ${Math.round(ROWS / (stage + apply)).toLocaleString('en')} | ${fmt(target)} s (${(stage + apply <= target ? 'met' : 'not met')}) | ${r.peakRssMb.toLocaleString('en')} | ${r.quality.precision.toFixed(4)} | ${r.quality.recall.toFixed(4)} | ${r.quality.rowsWithoutPerson.toLocaleString('en')} | ${r.copySeconds === undefined ? '—' : `${r.copySeconds.toFixed(2)} s (${((stage + apply) / r.copySeconds).toFixed(0)}×)`} | ${floorCell(r.backend, stage + apply)} |`;
};
const floorCell = (backend: 'pglite' | 'postgres', importSeconds: number) => {
  const floor = floors.get(backend);
  return floor ? `${fmt(floor.seconds)} s, CPU ${fmt(floor.cpuSeconds)} s (${(importSeconds / floor.seconds).toFixed(1)}×)` : '—';
};
const floorLines = [...floors].map(
  ([backend, f]) =>
    `  - ${backend === 'pglite' ? 'PGlite' : 'PostgreSQL'}: ${f.rows.toLocaleString('en')} rows in ${fmt(f.seconds)} s (target ${fmt(TARGET_SECONDS[backend] * scale)} s): ${f.tables.filter((t) => t.rows > 0).map((t) => `${t.table} ${t.rows.toLocaleString('en')} rows, ${t.megabytes.toFixed(0)} MB, ${fmt(t.seconds)} s`).join('; ')}.`,
);
const counts = (record: Record<string, number>) => Object.entries(record).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n.toLocaleString('en')}`).join(', ');
const stats = (r: BackendRun) => r.files.map((f) => `${f.department} ${counts(f.stats)}; rows not applied: ${counts(f.statuses) || 'none'}`).join('; ');
const section = `## Department-data import end to end, ${ROWS.toLocaleString('en')} rows in three departments' files (issue 3)

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}; load average at start ${os.loadavg()[0].toFixed(2)}
- Machine: ${os.availableParallelism()} CPUs, ${Math.floor(os.totalmem() / 2 ** 30)} GiB memory, ${cpuModel()}; PostgreSQL at ${new URL(SERVER_URL).host}
- Rerun: \`npm run bench:import-departments -- --rows ${ROWS} --backends ${values.backends}\` (add \`--append\` to add a section here)
- Files (${fmt(generateSeconds)} s to generate): ${written.files.map((f) => `${DEPARTMENT_FORMATS[f.department].fileName} ${f.rows.toLocaleString('en')} rows`).join(', ')}; each imported with its sample profile and the registry linker into a registry holding the demo district and no residents, in this order.
- Targets (issue 3, for 1,000,000 rows; scaled to the rows here): PGlite ≤ 120 s, PostgreSQL ≤ 60 s, peak memory ≤ 2 GB, precision ≥ 0.99, recall ≥ 0.97. Precision and recall are pairwise over every row, against the generator's ground truth; rows quarantined, refused or held for a steward count as not linked.

| backend | validate + apply per file, s (${DEPARTMENTS.join(' / ')}) | in all | rows/s | target | peak RSS MB | precision | recall | rows without a person | PostgreSQL COPY of the raw rows (import ÷ COPY) | COPY of what the import stored (import ÷ that) |
|---|---|---:|---:|---|---:|---:|---:|---:|---|---|
${runs.map(row).join('\n')}
${
  floorLines.length === 0
    ? ''
    : `
- What the import stored, loaded with COPY alone into a fresh registry of each backend, in one transaction with every index and foreign-key check in place: the floor for any import on this machine, schema and configuration, before a row is parsed, mapped or linked. CPU is that of the database's processes during the load.
${floorLines.join('\n')}
`
}
What the imports did: ${runs.map((r) => `${r.backend}: ${stats(r)}`).join('. ')}.`;
console.log(section);
if (values.append) appendFileSync(path.join(import.meta.dirname, 'RESULTS.md'), `\n${section}\n`);
