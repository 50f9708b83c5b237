// Benchmark: one-table reporting (issue: one-table reporting), N residents.
//
//   npx tsx bench/reports.ts [--people N] [--runs R] [--append]
//
// N defaults to 1,000,000, R (timed runs of each report, the median is shown) to 3;
// --append adds the printed section to bench/RESULTS.md.
//
// On each backend — a fresh PGlite data directory, and a fresh database on the
// PostgreSQL server at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres,
// created and dropped here) — seedDemo loads N residents with the demo's metrics
// and six department reports, then:
//   1. a 30-column report with one row for every community of the district,
//      generated through the service (resolve versions, compile, query, store);
//   2. the same 30 figures per community from one hand-written SQL query, the
//      baseline, checked to agree with the generated figures;
//   3. all six seeded department reports for the whole district.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { fixedClock } from '../src/kernel/clock.js';
import { seedDemo } from '../src/modules/demo/seed.js';
import { DEMO_TEMPLATES } from '../src/modules/metrics/demo-reports.js';
import { generateReport } from '../src/modules/metrics/generate-report.js';
import { ratioValue } from '../src/modules/metrics/report-plan.js';
import type { ReportView } from '../src/modules/metrics/report-view.js';
import { createTemplate } from '../src/modules/metrics/save-template.js';
import { cpuModel, onScratchPglite, onScratchPostgres } from './scratch.js';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, append: { type: 'boolean', default: false } },
});
const PEOPLE = Number(values.people);
const RUNS = Number(values.runs);
if (!Number.isSafeInteger(PEOPLE) || PEOPLE < 1) throw new Error('--people must be a whole number ≥ 1');
if (!Number.isSafeInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number ≥ 1');
const SEED = 1;
const DISTRICT = '330106';
const REFERENCE_DATE = '2026-06-30';
const clock = fixedClock('2026-11-02T09:00:00+08:00');
const loadAverage = os.loadavg()[0];

/** The 30 columns: metrics of five departments, with a household-composition count, a distinct count, a period count and a ratio. */
const COLUMNS = [
  'resident_population', 'registered_population', 'separated_population', 'floating_population',
  'mz_elderly_60', 'mz_elderly_60_male', 'mz_elderly_60_female', 'mz_elderly_60_69', 'mz_elderly_70_79', 'mz_elderly_80_89', 'mz_elderly_90_99', 'mz_centenarians',
  'mz_living_alone', 'mz_low_income_people', 'mz_low_income_households', 'mz_special_hardship',
  'cl_disabled', 'cl_disabled_severe', 'cl_disabled_elderly',
  'ld_floating_male', 'ld_floating_female', 'ld_floating_children', 'ld_floating_working_age',
  'jy_minors', 'jy_age_0_2', 'jy_age_3_5', 'jy_school_age', 'jy_births',
  'ty_veterans', 'mz_elderly_share',
] as const;

/**
 * The same figures written by hand, as someone who knows the definitions would:
 * one pass grouped by community, one FILTER per column, the household size
 * looked up for the over-60s only, and the ratio divided in SQL. The limits
 * are the definitions' ages on the reference date 2026-06-30.
 */
const BASELINE = `
SELECT subpath(p.jurisdiction_path, 0, 4)::text AS unit,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating')) AS resident_population,
  count(*) FILTER (WHERE p.residence_status = 'registered') AS registered_population,
  count(*) FILTER (WHERE p.residence_status = 'left') AS separated_population,
  count(*) FILTER (WHERE p.residence_status = 'floating') AS floating_population,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1966-06-30') AS mz_elderly_60,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1966-06-30' AND p.sex = 'male') AS mz_elderly_60_male,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1966-06-30' AND p.sex = 'female') AS mz_elderly_60_female,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1966-06-30' AND p.birth_date > '1956-06-30') AS mz_elderly_60_69,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1956-06-30' AND p.birth_date > '1946-06-30') AS mz_elderly_70_79,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1946-06-30' AND p.birth_date > '1936-06-30') AS mz_elderly_80_89,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1936-06-30' AND p.birth_date > '1926-06-30') AS mz_elderly_90_99,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1926-06-30') AS mz_centenarians,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '1966-06-30'
    AND (SELECT count(*) FROM people o WHERE o.household_id = p.household_id AND o.residence_status IS DISTINCT FROM 'left') <= 1) AS mz_living_alone,
  count(*) FILTER (WHERE 'low_income' = ANY(p.tags)) AS mz_low_income_people,
  count(DISTINCT p.household_id) FILTER (WHERE 'low_income' = ANY(p.tags)) AS mz_low_income_households,
  count(*) FILTER (WHERE 'special_hardship' = ANY(p.tags)) AS mz_special_hardship,
  count(*) FILTER (WHERE 'disabled' = ANY(p.tags)) AS cl_disabled,
  count(*) FILTER (WHERE 'disabled' = ANY(p.tags) AND p.disability_grade IN (1, 2)) AS cl_disabled_severe,
  count(*) FILTER (WHERE 'disabled' = ANY(p.tags) AND p.birth_date <= '1966-06-30') AS cl_disabled_elderly,
  count(*) FILTER (WHERE p.residence_status = 'floating' AND p.sex = 'male') AS ld_floating_male,
  count(*) FILTER (WHERE p.residence_status = 'floating' AND p.sex = 'female') AS ld_floating_female,
  count(*) FILTER (WHERE p.residence_status = 'floating' AND p.birth_date > '2008-06-30') AS ld_floating_children,
  count(*) FILTER (WHERE p.residence_status = 'floating' AND p.birth_date <= '2010-06-30' AND p.birth_date > '1966-06-30') AS ld_floating_working_age,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date > '2008-06-30') AS jy_minors,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date > '2023-06-30') AS jy_age_0_2,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '2023-06-30' AND p.birth_date > '2020-06-30') AS jy_age_3_5,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date <= '2020-06-30' AND p.birth_date > '2010-06-30') AS jy_school_age,
  count(*) FILTER (WHERE p.residence_status IN ('registered', 'floating') AND p.birth_date BETWEEN '2026-06-01' AND '2026-06-30') AS jy_births,
  count(*) FILTER (WHERE 'veteran' = ANY(p.tags)) AS ty_veterans
FROM people p
WHERE p.jurisdiction_path <@ '330100.330106' AND nlevel(p.jurisdiction_path) >= 4
GROUP BY 1`;

interface Timing {
  /** Median wall-clock milliseconds over the runs. */
  ms: number;
  /** Median CPU milliseconds of this process: all of PGlite's work, none of the PostgreSQL server's. */
  cpuMs: number;
}

async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ timing: Timing; result: T }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    result = await work();
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { timing: { ms: Math.round(median(walls)), cpuMs: Math.round(median(cpus)) }, result };
}

interface BackendResult {
  label: string;
  seedSeconds: number;
  generated: Timing;
  queriesMs: number;
  queryCount: number;
  baseline: Timing;
  agree: string;
  communities: number;
  six: Array<{ code: string; name: string; timing: Timing; queryCount: number; rows: number }>;
}

async function onBackend(label: string, database: Database): Promise<BackendResult> {
  const deps = { db: database.db, clock };
  await migrate(database);
  process.stderr.write(`${label}: seedDemo with ${PEOPLE.toLocaleString('en')} people… `);
  const seedStarted = performance.now();
  await seedDemo({ db: database.db, database, clock }, { people: PEOPLE, seed: SEED });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  process.stderr.write(`${seedSeconds.toFixed(0)} s\n`);
  // Fresh statistics, as autovacuum would have gathered them on a running server.
  await database.exec('ANALYZE');
  await createTemplate(deps, null, {
    code: 'BENCH-30',
    name: '30项综合人口统计表',
    departmentCode: 'XH-MZ',
    frequency: 'monthly',
    layout: { title: '30项综合人口统计表', rowHeader: '社区', rows: { kind: 'units', level: 'community' }, columns: COLUMNS.map((code) => ({ key: code, label: code, metric: code })) },
  });

  process.stderr.write(`${label}: the 30-column report… `);
  const generate = (template: string) => generateReport(deps, null, { template, jurisdictionCode: DISTRICT, referenceDate: REFERENCE_DATE });
  const generated = await timed(RUNS, () => generate('BENCH-30'));
  process.stderr.write(`${generated.timing.ms} ms; baseline… `);
  const baseline = await timed(RUNS, async () => (await sql.raw<Record<string, unknown>>(BASELINE).execute(database.db)).rows);
  process.stderr.write(`${baseline.timing.ms} ms\n`);
  const agree = compare(generated.result, baseline.result);

  const six = [];
  for (const template of DEMO_TEMPLATES) {
    process.stderr.write(`${label}: ${template.code}… `);
    const run = await timed(RUNS, () => generate(template.code));
    process.stderr.write(`${run.timing.ms} ms\n`);
    six.push({ code: template.code, name: template.name, timing: run.timing, queryCount: run.result.queryCount, rows: run.result.rows.length });
  }
  return {
    label,
    seedSeconds,
    generated: generated.timing,
    queriesMs: generated.result.durationMs,
    queryCount: generated.result.queryCount,
    baseline: baseline.timing,
    agree,
    communities: generated.result.rows.length,
    six,
  };
}

/** The generated figures and the baseline's, community by community; ratios to the hundredth. */
function compare(report: ReportView, baseline: ReadonlyArray<Record<string, unknown>>): string {
  const byUnit = new Map(baseline.map((row) => [String(row.unit).split('.').at(-1)!, row]));
  let cells = 0;
  for (const row of report.rows) {
    const expected = byUnit.get(row.unitCode!);
    if (!expected) throw new Error(`the baseline has no row for ${row.label}`);
    for (const code of COLUMNS) {
      const got = row.values[code];
      const want = code === 'mz_elderly_share' ? ratioValue(Number(expected.mz_elderly_60), Number(expected.resident_population), 100) : Number(expected[code]);
      if (got !== want) throw new Error(`${row.label} ${code}: generated ${got}, baseline ${want}`);
      cells++;
    }
  }
  return `all ${cells} figures agree`;
}

const serverVersion = async (database: Database) => (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v.split(' ')[0];
const pglite = await onScratchPglite('reports', async (database) => onBackend(`PGlite ${await serverVersion(database)}`, database));
const postgres = await onScratchPostgres('reports', { poolSize: 2 }, async (database) => onBackend(`PostgreSQL ${await serverVersion(database)}`, database));

const cpu = cpuModel();
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const both = [pglite, postgres];
const sixTotal = (b: BackendResult) => b.six.reduce((sum, r) => sum + r.timing.ms, 0);
const section = `## One-table reporting, ${PEOPLE.toLocaleString('en')} residents

- Date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}
- Machine: ${os.availableParallelism()} CPUs (\`nproc\`), ${Math.floor(os.totalmem() / 2 ** 30)} GiB memory, ${cpu}; load average ${loadAverage.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end
- Rerun: \`npx tsx bench/reports.ts --people ${PEOPLE} --runs ${RUNS}\` (add \`--append\` to add a section here)
- Each figure is the median of ${RUNS} runs; reference date ${REFERENCE_DATE}, district ${DISTRICT} (${pglite.communities} communities, one row each). Wall-clock times; for PGlite, which works inside this process, the CPU time too.

30-column report for every community (targets: ≤ 1 s on PostgreSQL, ≤ 3 s on PGlite):

| backend | generated through the service | of which the ${pglite.queryCount} queries | hand-written SQL (baseline) | generated ÷ baseline | check |
|---|---:|---:|---:|---:|---|
${both
  .map(
    (b) =>
      `| ${b.label} | ${seconds(b.generated.ms)} s${b === pglite ? ` (CPU ${seconds(b.generated.cpuMs)} s)` : ''} | ${seconds(b.queriesMs)} s | ${seconds(b.baseline.ms)} s${b === pglite ? ` (CPU ${seconds(b.baseline.cpuMs)} s)` : ''} | ${(b.generated.ms / b.baseline.ms).toFixed(2)} | ${b.agree} |`,
  )
  .join('\n')}

All six seeded department reports for the whole district (target: ≤ 10 s on PostgreSQL):

| report | queries | rows | ${both.map((b) => b.label).join(' | ')} |
|---|---:|---:|${both.map(() => '---:').join('|')}|
${pglite.six
  .map((r, i) => `| ${r.name} (${r.code}) | ${r.queryCount} | ${r.rows} | ${both.map((b) => `${seconds(b.six[i].timing.ms)} s`).join(' | ')} |`)
  .join('\n')}
| **all six** | | | ${both.map((b) => `**${seconds(sixTotal(b))} s**`).join(' | ')} |

seedDemo took ${pglite.seedSeconds.toFixed(0)} s on PGlite and ${postgres.seedSeconds.toFixed(0)} s on PostgreSQL (not part of the figures above).`;
console.log(section);
if (values.append) appendFileSync(path.join(import.meta.dirname, 'RESULTS.md'), `\n${section}\n`);
