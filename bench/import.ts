// Benchmark: importing department data (issue 3: the registry and department-data import).
//
//   npx tsx bench/import.ts [--rows N] [--linker registry|exact] [--append]
//
// --linker picks who decides which person each row is: the registry linker
// imports use (ID number, then blocking and Fellegi–Sunter scoring; the default)
// or the ID-number rule alone, as the baseline linkage is measured against.
// N defaults to 100,000. The file is the household register (公安户籍, the sample
// profile docs/samples/profiles/household-registration.yaml): UTF-8 CSV with
// BOM, full addresses and community names, written from the demo population.
// On each backend — PGlite in a fresh data directory, and PostgreSQL in a fresh
// database on the server at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// dropped after — it times validating (staging every row) and applying:
//   A. into a registry with the demo district and no residents: every row a new person, household, dwelling;
//   B. into a registry holding the same residents, bulk-loaded: every row found by its ID number;
//   C. the same file once more: nothing new, every fact already known.
// --append adds the printed section to bench/RESULTS.md.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { fixedClock } from '../src/kernel/clock.js';
import { toCsv } from '../src/lib/tabular.js';
import { demoCommunities } from '../src/modules/demo/district.js';
import { demoPopulation, seedDemo } from '../src/modules/demo/seed.js';
import { exactIdNumberLinker } from '../src/modules/exchange/import/linker.js';
import { registryLinker } from '../src/modules/exchange/linking/registry-linker.js';
import { importDepartmentFile } from './import-file.js';
import { SERVER_URL } from './scratch.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, linker: { type: 'string', default: 'registry' }, append: { type: 'boolean', default: false } },
});
if (values.linker !== 'registry' && values.linker !== 'exact') throw new Error('--linker must be registry or exact');
const LINKER = values.linker;
const ROWS = Number(values.rows);
if (!Number.isSafeInteger(ROWS) || ROWS < 1000) throw new Error('--rows must be a whole number ≥ 1000');
const SEED = 1;
const clock = fixedClock('2026-11-30T10:00:00+08:00');
const serverUrl = SERVER_URL;
const PROFILE = readFileSync(new URL('../docs/samples/profiles/household-registration.yaml', import.meta.url), 'utf8');
const loadAverage = os.loadavg()[0];

/** The household register of the demo population, as the bureau would export it; and how many residents it takes. */
function writeHouseholdRegister(file: string): number {
  const communityNames = new Map(demoCommunities().map((c) => [c.code, c.name]));
  const lines: string[][] = [['户号', '公民身份号码', '姓名', '性别', '民族', '出生日期', '与户主关系', '户籍地址', '所属社区', '联系电话', '人户状态']];
  // The register holds everyone but the floating population, about four in five residents.
  const people = Math.ceil(ROWS / 0.7);
  const dwellings = new Map<string, { address: string; communityCode: string }>();
  for (const batch of demoPopulation({ seed: SEED, people })) {
    for (const d of batch.dwellings) dwellings.set(d.id, d);
    for (const p of batch.people) {
      if (p.residenceStatus === 'floating' || lines.length > ROWS) continue;
      const d = dwellings.get(p.dwellingId)!;
      lines.push([
        `330106${p.householdId.slice(1)}`, p.idNumber, p.name, p.sex === 'male' ? '男' : '女', p.ethnicity, p.birthDate.replace(/-/g, ''),
        p.relationToHead, d.address, communityNames.get(d.communityCode)!, p.phone ?? '', p.residenceStatus === 'left' ? '人户分离' : '人户一致',
      ]);
    }
    dwellings.clear();
  }
  if (lines.length <= ROWS) throw new Error('the population was too small for the rows asked for');
  writeFileSync(file, toCsv(lines, { encoding: 'utf-8', bom: true }));
  return people;
}

interface Run {
  stage: number;
  apply: number;
  /** CPU seconds of this process for both: all of PGlite's work, none of the PostgreSQL server's. */
  cpu: number;
  stats: Record<string, number>;
  applied: number;
}

async function importOnce(database: Database, file: string): Promise<Run> {
  const cpuStarted = process.cpuUsage();
  const { stageSeconds: stage, applySeconds: apply, done } = await importDepartmentFile(database, { profileText: PROFILE, file, linker: LINKER === 'exact' ? exactIdNumberLinker : registryLinker(), clock });
  const used = process.cpuUsage(cpuStarted);
  const cpu = (used.user + used.system) / 1e6;
  process.stderr.write(`  validate ${stage.toFixed(1)} s, apply ${apply.toFixed(1)} s, cpu ${cpu.toFixed(1)} s\n`);
  return { stage, apply, cpu, stats: done.stats as Record<string, number>, applied: done.applied_rows };
}

async function scenarios(open: () => Promise<Database>, file: string, residents: number) {
  const results: Record<string, Run> = {};
  process.stderr.write(' A. empty registry\n');
  let database = await open();
  await migrate(database);
  await seedDemo({ db: database.db, database, clock }, { people: 0, seed: SEED });
  results.A = await importOnce(database, file);
  await database.close();
  process.stderr.write(` B. registry holding the ${residents.toLocaleString('en')} residents\n`);
  database = await open();
  await migrate(database);
  await seedDemo({ db: database.db, database, clock }, { people: residents, seed: SEED });
  results.B = await importOnce(database, file);
  process.stderr.write(' C. the same file again\n');
  results.C = await importOnce(database, file);
  await database.close();
  return results;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'gongzhi-bench-import-'));
const file = path.join(dir, 'household-registration.csv');
const residents = writeHouseholdRegister(file);

process.stderr.write('PGlite\n');
const pglite = await scenarios(async () => openDatabase({ dataDir: path.join(dir, `pglite-${randomBytes(3).toString('hex')}`) }), file, residents);

process.stderr.write('PostgreSQL\n');
const created: string[] = [];
const postgres = await scenarios(
  async () => {
    const name = `gongzhi_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    created.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  },
  file,
  residents,
);
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.end();
rmSync(dir, { recursive: true, force: true });

const rate = (seconds: number) => Math.round(ROWS / seconds).toLocaleString('en');
const line = (label: string, p: Run, q: Run) =>
  `| ${label} | ${p.stage.toFixed(1)} + ${p.apply.toFixed(1)} s | ${rate(p.stage + p.apply)} | ${rate(p.cpu)} | ${q.stage.toFixed(1)} + ${q.apply.toFixed(1)} s | ${rate(q.stage + q.apply)} |`;
const n = (run: Run, key: string) => (run.stats[key] ?? 0).toLocaleString('en');
const section = `
## Department-data import, ${ROWS.toLocaleString('en')} rows (household register CSV), ${LINKER === 'exact' ? 'linked by ID number only' : 'registry linker (ID number, then scoring)'}

- Date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}; load average at start ${loadAverage.toFixed(1)}
- Machine: ${os.cpus().length} CPUs (${os.cpus()[0].model.split(' ')[0]}), ${Math.round(os.totalmem() / 2 ** 30)} GiB memory
- Rerun: \`npx tsx bench/import.ts --rows ${ROWS} --linker ${LINKER}\` (add \`--append\` to add a section here)
- Validate = read, normalise and stage every row; apply = link and write facts and registry rows, 2,000 rows per transaction.
- rows/s is over wall-clock time; PGlite runs inside the process, so its rows per CPU-second say what the code does on an idle core, whatever else the machine was doing.

| scenario | PGlite validate + apply | rows/s | rows/CPU-s | PostgreSQL validate + apply | rows/s |
|---|---|---|---|---|---|
${line('A. empty registry (all new)', pglite.A, postgres.A)}
${line(`B. registry with the ${residents.toLocaleString('en')} residents (all matched)`, pglite.B, postgres.B)}
${line('C. the same file again (nothing new)', pglite.C, postgres.C)}

What the imports did (PostgreSQL; PGlite the same): A created ${n(postgres.A, 'peopleCreated')} people, ${n(postgres.A, 'householdsCreated')} households,
${n(postgres.A, 'dwellingsCreated')} dwellings and ${n(postgres.A, 'factsAdded')} facts; B matched ${n(postgres.B, 'peopleMatched')} people,
created ${n(postgres.B, 'householdsCreated')} households and added ${n(postgres.B, 'factsAdded')} facts; C found ${n(postgres.C, 'factsUnchanged')} facts already known and added ${n(postgres.C, 'factsAdded')}.
`;
process.stdout.write(section);
if (values.append) {
  appendFileSync(new URL('./RESULTS.md', import.meta.url), section);
  process.stderr.write('appended to bench/RESULTS.md\n');
}
