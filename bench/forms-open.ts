// Benchmark: opening a pre-filled collection form for one person (issue 4,
// target ≤ 50 ms server time at 1,000,000 residents).
//
//   npx tsx bench/forms-open.ts [--people N] [--opens K] [--backends pglite,postgres] [--append]
//
// N defaults to 1,000,000 and K to 200. For each backend (a fresh PGlite data
// directory, and a fresh database on the PostgreSQL at DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres, dropped after) it seeds the
// demo district with N residents, gives K residents of the demo grid worker's
// grid some facts from a department (so the pre-fill reads provenance, as it
// would after imports), and then, through the real HTTP app in-process
// (inject: routing, authorisation, the registry read, the snapshot insert,
// the audit entry and the JSON answer, no network), times as the grid worker:
//   1. opening the elderly-care visit form on each of the K residents (a new submission, pre-filled);
//   2. opening it again (resuming the draft);
//   3. reading the submission back (GET, as after a page reload).
// Wall-clock times grow with whatever else runs on the machine (the section
// gives the load average); the CPU time this process spends per opening does
// not, and on PGlite it includes the database's own work.
// --append adds the printed section to bench/RESULTS.md.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { fixedClock } from '../src/kernel/clock.js';
import { DEMO_PASSWORD } from '../src/modules/demo/district.js';
import { seedDemo } from '../src/modules/demo/seed.js';
import { findDepartment } from '../src/modules/org/repo.js';
import { loadCatalogue } from '../src/modules/registry/catalogue/repo.js';
import { applyClaims } from '../src/modules/registry/facts/apply-claims.js';
import { ensureDataSource } from '../src/modules/registry/sources.js';
import { cpuModel, onScratchPglite, onScratchPostgres, percentile } from './scratch.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000000' },
    opens: { type: 'string', default: '200' },
    backends: { type: 'string', default: 'pglite,postgres' },
    append: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const OPENS = Number(values.opens);
if (!Number.isSafeInteger(PEOPLE) || PEOPLE < 1000) throw new Error('--people must be a whole number ≥ 1000');
if (!Number.isSafeInteger(OPENS) || OPENS < 10) throw new Error('--opens must be a whole number ≥ 10');
const BACKENDS = values.backends.split(',').map((b) => b.trim());
if (BACKENDS.length === 0 || BACKENDS.some((b) => b !== 'pglite' && b !== 'postgres')) throw new Error('--backends lists pglite and/or postgres');
const clock = fixedClock('2026-11-02T09:00:00+08:00');
const GRID_WORKER = 'grid';
const PURPOSE = 'service_delivery';
const loadAverage = os.loadavg()[0];

interface Figures {
  version: string;
  seedSeconds: number;
  gridPeople: number;
  open: number[];
  /** CPU time of this process per opening. */
  openCpu: number;
  resume: number[];
  read: number[];
}

async function measure(database: Database, label: string): Promise<Figures> {
  process.stderr.write(`${label}: migrating and seeding ${PEOPLE.toLocaleString('en')} residents… `);
  const seeding = performance.now();
  await migrate(database);
  await seedDemo({ db: database.db, database, clock }, { people: PEOPLE, seed: 1 });
  const seedSeconds = (performance.now() - seeding) / 1000;
  process.stderr.write(`${seedSeconds.toFixed(1)} s\n`);
  const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v;

  // The grid worker's grid and K of its residents, spread over it.
  const grid = await database.db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('jurisdictions as j', 'j.code', 'g.jurisdiction_code')
    .select('j.path')
    .where('u.username', '=', GRID_WORKER)
    .executeTakeFirstOrThrow();
  const gridPeople = Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM people WHERE jurisdiction_path <@ ${grid.path}::ltree`.execute(database.db)).rows[0].n,
  );
  const sample = (
    await sql<{ id: string }>`SELECT id FROM people WHERE jurisdiction_path <@ ${grid.path}::ltree ORDER BY md5(id) LIMIT ${OPENS}`.execute(database.db)
  ).rows.map((r) => r.id);

  // What a department says about them: the pre-fill then has facts and sources to read, not only the bulk-loaded row.
  const department = (await findDepartment(database.db, 'XH-MZ'))!;
  const source = await ensureDataSource(database.db, { id: 'XH-MZ:bench', department: { id: department.id, kind: department.kind, name: department.name }, dataset: 'bench', name: '走访基础信息' });
  await database.db.transaction().execute(async (trx) =>
    applyClaims(trx, await loadCatalogue(trx), {
      provenance: { source, recordedAt: clock.now() },
      claims: sample.flatMap((id, i) => [
        { entityType: 'person' as const, entityId: id, field: 'person.phones', value: [`139${String(10_000_000 + i).slice(-8)}`], observedAt: clock.now() },
        { entityType: 'person' as const, entityId: id, field: 'person.tags', value: ['elderly_60'], observedAt: clock.now() },
        { entityType: 'person' as const, entityId: id, field: 'person.registration_place', value: '浙江省杭州市', observedAt: clock.now() },
      ]),
      newPeople: [],
    }),
  );

  const app = await buildApp({ database, db: database.db, clock, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: GRID_WORKER, password: DEMO_PASSWORD } });
    const session = { cookies: { gz_session: login.cookies.find((c) => c.name === 'gz_session')!.value }, csrf: (login.json() as { csrfToken: string }).csrfToken };
    const formId = ((await app.inject({ method: 'GET', url: '/api/v1/forms', cookies: session.cookies })).json() as { items: Array<{ id: string; formKey: string }> }).items.find(
      (f) => f.formKey === 'elderly_care_visit',
    )!.id;
    const headers = { 'x-csrf-token': session.csrf, 'x-purpose': PURPOSE };
    const open = (personId: string) => app.inject({ method: 'POST', url: `/api/v1/forms/${formId}/submissions`, cookies: session.cookies, headers, payload: { personId } });
    const timed = async (call: () => Promise<{ statusCode: number; body: string }>, expected: number) => {
      const started = performance.now();
      const response = await call();
      const ms = performance.now() - started;
      if (response.statusCode !== expected) throw new Error(`expected ${expected}, got ${response.statusCode}: ${response.body}`);
      return ms;
    };
    // Warm-up on one resident outside the sample: compiled form, prepared plans, caches.
    const spare = (await sql<{ id: string }>`SELECT id FROM people WHERE jurisdiction_path <@ ${grid.path}::ltree AND NOT (id = ANY(${sample}::text[])) LIMIT 1`.execute(database.db)).rows[0].id;
    for (let i = 0; i < 5; i++) await open(spare);

    const figures: Figures = { version, seedSeconds, gridPeople, open: [], openCpu: 0, resume: [], read: [] };
    const ids: string[] = [];
    const cpuStarted = process.cpuUsage();
    for (const personId of sample) {
      let id = '';
      figures.open.push(
        await timed(async () => {
          const response = await open(personId);
          id = (response.json() as { id: string }).id;
          return response;
        }, 201),
      );
      ids.push(id);
    }
    const cpu = process.cpuUsage(cpuStarted);
    figures.openCpu = (cpu.user + cpu.system) / 1000 / sample.length;
    for (const personId of sample) figures.resume.push(await timed(() => open(personId), 200));
    for (const id of ids) figures.read.push(await timed(() => app.inject({ method: 'GET', url: `/api/v1/form-submissions/${id}`, cookies: session.cookies, headers }), 200));
    process.stderr.write(`${label}: open p50 ${percentile(figures.open, 50).toFixed(1)} ms\n`);
    return figures;
  } finally {
    await app.close();
  }
}

const results: Array<[string, Figures]> = [];
if (BACKENDS.includes('pglite')) results.push(['PGlite', await onScratchPglite('forms', (database) => measure(database, 'PGlite'))]);
if (BACKENDS.includes('postgres')) results.push(['PostgreSQL', await onScratchPostgres('forms', { poolSize: 4 }, (database) => measure(database, 'PostgreSQL'))]);

const cpu = cpuModel();
const row = (step: string, ms: readonly number[]) =>
  `| ${step} | ${percentile(ms, 50).toFixed(1)} | ${percentile(ms, 95).toFixed(1)} | ${Math.max(...ms).toFixed(1)} |`;
const table = (backend: string, f: Figures) => `### ${backend} (PostgreSQL ${f.version}); seeded in ${f.seedSeconds.toFixed(0)} s; ${f.gridPeople.toLocaleString('en')} residents in the grid

| request (grid worker, ${OPENS} residents) | p50 ms | p95 ms | max ms |
|---|---:|---:|---:|
${row('open the form: new submission, pre-filled from the registry with source and date', f.open)}
${row('open it again: resume the draft', f.resume)}
${row('read the submission back (page reload)', f.read)}

CPU time of this process per opening: ${f.openCpu.toFixed(1)} ms${backend === 'PGlite' ? ' (the database included)' : ' (the database server’s not included)'}.`;
const section = `## Opening a pre-filled form for one person (issue 4: collection forms), ${PEOPLE.toLocaleString('en')} residents

- Date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}
- Machine: ${os.availableParallelism()} CPUs, ${Math.floor(os.totalmem() / 2 ** 30)} GiB memory, ${cpu}; load average ${loadAverage.toFixed(1)} at the start
- Rerun: \`npx tsx bench/forms-open.ts --people ${PEOPLE} --opens ${OPENS} --backends ${BACKENDS.join(',')}\` (add \`--append\` to add a section here)
- Server time: the in-process HTTP app (\`inject\`): routing, authorisation with a purpose, the registry read with provenance, the snapshot insert, the audit entry and the JSON answer; no network. Target ≤ 50 ms.
- Form: the demo's elderly-care visit (4 bound questions); each sampled resident also has 3 facts from a department.

${results.map(([backend, figures]) => table(backend, figures)).join('\n\n')}`;
console.log(section);
if (values.append) appendFileSync(path.join(import.meta.dirname, 'RESULTS.md'), `\n${section}\n`);
