// Benchmark: the demo population (issue: platform foundation).
//
//   npx tsx bench/seed-demo.ts [--people N] [--append]
//
// N defaults to 1,000,000; --append adds the printed section to bench/RESULTS.md.
//
// Times, for N synthetic residents:
//   1. generating them alone, without a database;
//   2. seedDemo into a fresh PGlite data directory;
//   3. seedDemo into a fresh PostgreSQL database, created on the server at
//      DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and dropped after;
//   4. the baseline: one COPY of the same people rows, from one CSV string built
//      beforehand, into an unindexed copy of `people` on that PostgreSQL,
// and prints a Markdown section for bench/RESULTS.md.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { fixedClock } from '../src/kernel/clock.js';
import { REGISTRY_COLUMNS, demoPopulation, registryCsv, seedDemo } from '../src/modules/demo/seed.js';
import { cpuModel, onScratchPglite, onScratchPostgres } from './scratch.js';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000000' }, append: { type: 'boolean', default: false } } });
const PEOPLE = Number(values.people);
if (!Number.isSafeInteger(PEOPLE) || PEOPLE < 1) throw new Error('--people must be a whole number ≥ 1');
const SEED = 1;
const clock = fixedClock('2026-11-02T09:00:00+08:00');
// Other work on the machine slows every step alike; the report says how busy it was.
const loadAverage = os.loadavg()[0];

interface Timed<T> {
  /** Wall-clock time. */
  seconds: number;
  /** CPU time of this process: all of PGlite's work, none of the PostgreSQL server's. */
  cpuSeconds: number;
  result: T;
}

async function timed<T>(label: string, work: () => Promise<T> | T): Promise<Timed<T>> {
  process.stderr.write(`${label}… `);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  process.stderr.write(`${seconds.toFixed(1)} s\n`);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

const seed = (database: Database) => seedDemo({ db: database.db, database, clock }, { people: PEOPLE, seed: SEED });

async function serverVersion(database: Database): Promise<string> {
  return (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v;
}

// 1. The generator alone.
const generation = await timed('generating', () => {
  let count = 0;
  for (const batch of demoPopulation({ seed: SEED, people: PEOPLE })) count += batch.people.length;
  return count;
});

// 2. seedDemo on PGlite.
const { pgliteVersion, onPglite } = await onScratchPglite('seed', async (embedded) => {
  await migrate(embedded);
  return { pgliteVersion: await serverVersion(embedded), onPglite: await timed('seedDemo on PGlite', () => seed(embedded)) };
});

// 3 and 4. seedDemo on PostgreSQL, then the raw COPY baseline in the same database.
const postgres = await onScratchPostgres('seed', { poolSize: 2 }, async (server) => {
  await migrate(server);
  const version = await serverVersion(server);
  const seeded = await timed('seedDemo on PostgreSQL', () => seed(server));

  const gridPaths = new Map((await server.db.selectFrom('jurisdictions').select(['code', 'path']).where('level', '=', 'grid').execute()).map((j) => [j.code, j.path]));
  const { result: peopleCsv } = await timed('building the baseline CSV (not counted)', () => {
    let csv = '';
    for (const batch of demoPopulation({ seed: SEED, people: PEOPLE })) csv += registryCsv(batch, gridPaths).people;
    return csv;
  });
  await server.exec('CREATE TABLE people_baseline (LIKE people INCLUDING DEFAULTS)');
  const baseline = await timed('baseline: one COPY into an unindexed copy of people', () =>
    server.copyCsv('people_baseline', [...REGISTRY_COLUMNS.people], peopleCsv),
  );
  return { version, seeded, baseline };
});

// The report.
const cpu = cpuModel();
const rate = (seconds: number) => Math.round(PEOPLE / seconds).toLocaleString('en');
const rows: Array<[string, Timed<unknown>]> = [
  ['generate the population (no database)', generation],
  [`seedDemo → fresh PGlite data directory (PGlite, PostgreSQL ${pgliteVersion})`, onPglite],
  [`seedDemo → fresh PostgreSQL ${postgres.version} database`, postgres.seeded],
  ['baseline: one COPY of the people rows into an unindexed table (PostgreSQL)', postgres.baseline],
];
const section = `## Demo population (issue: platform foundation), ${PEOPLE.toLocaleString('en')} people

- Date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}
- Machine: ${os.availableParallelism()} CPUs (\`nproc\`), ${Math.floor(os.totalmem() / 2 ** 30)} GiB memory (\`free -g\`), ${cpu} (/proc/cpuinfo); load average ${loadAverage.toFixed(1)} at the start
- Rerun: \`npx tsx bench/seed-demo.ts --people ${PEOPLE}\` (add \`--append\` to add a section here)
- Population: ${postgres.seeded.result.people.toLocaleString('en')} people in ${postgres.seeded.result.households.toLocaleString('en')} households, seed ${SEED}

| step | seconds | people per second | CPU seconds in this process |
|---|---:|---:|---:|
${rows.map(([step, { seconds, cpuSeconds }]) => `| ${step} | ${seconds.toFixed(1)} | ${rate(seconds)} | ${cpuSeconds.toFixed(1)} |`).join('\n')}

seedDemo on PostgreSQL takes ${(postgres.seeded.seconds / postgres.baseline.seconds).toFixed(1)}× the baseline COPY.`;
console.log(section);
if (values.append) appendFileSync(path.join(import.meta.dirname, 'RESULTS.md'), `\n${section}\n`);
