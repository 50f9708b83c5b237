// Benchmark: a unit's inbox and the overdue board over a long history
// (issue 5, target p95 ≤ 50 ms server time at 1,000,000 historical cases).
//
//   npx tsx bench/cases-queues.ts [--cases N] [--requests K] [--backends pglite,postgres] [--append]
//
// N defaults to 1,000,000 and K to 200. For each backend (a fresh PGlite data
// directory, and a fresh database on the PostgreSQL at DATABASE_URL, default
// postgres://postgres@127.0.0.1:5432/postgres, dropped after) it seeds the demo
// district (taxonomy, calendar, responsibility list, logins), bulk-loads N
// historical cases with bench/case-history.ts (two years, every grid and
// category, routed as the list routes them, 3% still open with running clocks,
// a quarter of those overdue), and then, through the real HTTP app in-process
// (inject: session, authorisation, the list query with its total, the JSON
// answer; no network), times K requests of each of the pages the web UI asks for:
//   - the inbox of 城管局 (the demo department's staff): "to sign" and "in hand" tabs,
//     nearest limit first;
//   - the overdue board of 北山街道 (the demo street's staff): overdue, most overdue first,
//     and the escalated tab.
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
import { loadHistoricalCases, type HistorySummary } from './case-history.js';
import { cpuModel, onScratchPglite, onScratchPostgres, percentile } from './scratch.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '200' },
    backends: { type: 'string', default: 'pglite,postgres' },
    append: { type: 'boolean', default: false },
  },
});
const CASES = Number(values.cases);
const REQUESTS = Number(values.requests);
if (!Number.isSafeInteger(CASES) || CASES < 1000) throw new Error('--cases must be a whole number ≥ 1000');
if (!Number.isSafeInteger(REQUESTS) || REQUESTS < 10) throw new Error('--requests must be a whole number ≥ 10');
const BACKENDS = values.backends.split(',').map((b) => b.trim());
if (BACKENDS.length === 0 || BACKENDS.some((b) => b !== 'pglite' && b !== 'postgres')) throw new Error('--backends lists pglite and/or postgres');
const NOW = '2026-11-30T10:00:00+08:00';
const clock = fixedClock(NOW);
const loadAverage = os.loadavg()[0];

const PAGES = [
  { key: 'inbox: to sign (城管局)', login: 'department', url: '/api/v1/cases?mine=true&status=dispatched&sort=due_asc' },
  { key: 'inbox: in hand (城管局)', login: 'department', url: '/api/v1/cases?mine=true&status=signed_for,in_progress,suspended&sort=due_asc' },
  { key: 'overdue board: overdue (北山街道)', login: 'street', url: '/api/v1/cases?overdue=true&sort=due_asc' },
  { key: 'overdue board: escalated (北山街道)', login: 'street', url: '/api/v1/cases?overdue=true&escalated=true&sort=due_asc' },
] as const;

interface Figures {
  version: string;
  seedSeconds: number;
  loadSeconds: number;
  history: HistorySummary;
  pages: Array<{ key: string; total: number; ms: number[]; cpuMs: number }>;
}

async function measure(database: Database, label: string): Promise<Figures> {
  process.stderr.write(`${label}: migrating and seeding the demo district… `);
  const seeding = performance.now();
  await migrate(database);
  await seedDemo({ db: database.db, database, clock }, { people: 1000, seed: 1 });
  const seedSeconds = (performance.now() - seeding) / 1000;
  process.stderr.write(`${seedSeconds.toFixed(1)} s\n${label}: loading ${CASES.toLocaleString('en')} historical cases… `);
  const loading = performance.now();
  const history = await loadHistoricalCases(database, { cases: CASES, now: clock.now(), seed: 1 });
  const loadSeconds = (performance.now() - loading) / 1000;
  process.stderr.write(`${loadSeconds.toFixed(1)} s (${history.open.toLocaleString('en')} open, ${history.overdue.toLocaleString('en')} overdue)\n`);
  const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)).rows[0].v;

  const app = await buildApp({ database, db: database.db, clock, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false });
  try {
    const sessions = new Map<string, { cookies: { gz_session: string } }>();
    for (const login of new Set(PAGES.map((p) => p.login))) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: login, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${login}: ${response.statusCode} ${response.body}`);
      sessions.set(login, { cookies: { gz_session: response.cookies.find((c) => c.name === 'gz_session')!.value } });
    }
    const get = (page: (typeof PAGES)[number]) => app.inject({ method: 'GET', url: page.url, cookies: sessions.get(page.login)!.cookies });
    // Warm-up: plans, caches, the JIT.
    for (let i = 0; i < 5; i++) for (const page of PAGES) await get(page);

    const figures: Figures = { version, seedSeconds, loadSeconds, history, pages: PAGES.map((p) => ({ key: p.key, total: 0, ms: [], cpuMs: 0 })) };
    const cpu = PAGES.map(() => 0);
    // Interleaved, so a burst of load elsewhere on the machine falls on every page alike.
    for (let i = 0; i < REQUESTS; i++) {
      for (const [index, page] of PAGES.entries()) {
        const cpuStarted = process.cpuUsage();
        const started = performance.now();
        const response = await get(page);
        figures.pages[index].ms.push(performance.now() - started);
        const used = process.cpuUsage(cpuStarted);
        cpu[index] += (used.user + used.system) / 1000;
        if (response.statusCode !== 200) throw new Error(`${page.url}: ${response.statusCode} ${response.body}`);
        if (i === 0) figures.pages[index].total = (response.json() as { total: number }).total;
      }
    }
    figures.pages.forEach((p, i) => (p.cpuMs = cpu[i] / REQUESTS));
    for (const p of figures.pages) process.stderr.write(`${label}: ${p.key}: p95 ${percentile(p.ms, 95).toFixed(1)} ms (${p.total} cases)\n`);
    return figures;
  } finally {
    await app.close();
  }
}

const results: Array<[string, Figures]> = [];
if (BACKENDS.includes('postgres')) results.push(['PostgreSQL', await onScratchPostgres('queues', { poolSize: 4 }, (database) => measure(database, 'PostgreSQL'))]);
if (BACKENDS.includes('pglite')) results.push(['PGlite', await onScratchPglite('queues', (database) => measure(database, 'PGlite'))]);

const cpu = cpuModel();
const table = (backend: string, f: Figures) => `### ${backend} (PostgreSQL ${f.version}); demo seeded in ${f.seedSeconds.toFixed(0)} s, history loaded in ${f.loadSeconds.toFixed(0)} s

${f.history.cases.toLocaleString('en')} cases, ${f.history.open.toLocaleString('en')} of them open (${f.history.overdue.toLocaleString('en')} overdue), ${f.history.deadlines.toLocaleString('en')} running stage clocks.

| page (${REQUESTS} requests each, 50 per page) | cases in the list | p50 ms | p95 ms | max ms | CPU ms per request in this process |
|---|---:|---:|---:|---:|---:|
${f.pages.map((p) => `| ${p.key} | ${p.total.toLocaleString('en')} | ${percentile(p.ms, 50).toFixed(1)} | ${percentile(p.ms, 95).toFixed(1)} | ${Math.max(...p.ms).toFixed(1)} | ${p.cpuMs.toFixed(1)} |`).join('\n')}`;
const section = `## A unit's inbox and the overdue board (issue 5: case handling), ${CASES.toLocaleString('en')} historical cases

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; Node ${process.version}
- Machine: ${os.availableParallelism()} CPUs, ${Math.floor(os.totalmem() / 2 ** 30)} GiB memory, ${cpu}; load average ${loadAverage.toFixed(1)} at the start
- Rerun: \`npm run bench:inbox -- --cases ${CASES} --requests ${REQUESTS} --backends ${BACKENDS.join(',')}\` (add \`--append\` to add a section here)
- Server time: the in-process HTTP app (\`inject\`): session, authorisation, the list query and its total, the JSON answer; no network. Target p95 ≤ 50 ms. The clock stands at ${NOW}.
- History: bench/case-history.ts — two years of cases over the demo district's 60 grids and 40 leaf categories, routed by the demo responsibility list, loaded with COPY.

${results.map(([backend, figures]) => table(backend, figures)).join('\n\n')}`;
console.log(section);
if (values.append) appendFileSync(path.join(import.meta.dirname, 'RESULTS.md'), `\n${section}\n`);
