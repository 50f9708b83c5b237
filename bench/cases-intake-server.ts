// The server side of bench/cases-intake.ts, run as its own process so the load
// generator does not share its event loop: the real app (buildApp, the same as
// `gongzhi serve`) listening on a port, plus one bare route for the baseline —
// the same request bodies, parsed by the same Fastify, written with one INSERT
// into a plain table over the same pg pool, with nothing else done.
//
// Configured from the environment like `gongzhi serve` (DATABASE_URL, LOG_LEVEL,
// GONGZHI_DB_POOL_SIZE…); PORT 0 picks a free port. Tells its parent the port
// over IPC, and on 'cpu' answers with the CPU time it has used so far and the
// longest its event loop was held up since the last 'cpu'.
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { systemClock } from '../src/kernel/clock.js';

const BARE_TABLE = 'bench_bare_cases';
const BARE_ROUTE = '/bench/bare-cases';

interface BareBody {
  categoryCode: string;
  description: string;
  location?: { lon: number; lat: number };
  attributes?: Record<string, unknown>;
}

const config = loadConfig(process.env);
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
const app = await buildApp({ database, db: database.db, clock: systemClock, config, logger: config.logLevel !== 'silent' });

app.post(BARE_ROUTE, async (request, reply) => {
  const body = request.body as BareBody;
  const { rows } = await sql<{ id: number }>`
    INSERT INTO ${sql.table(BARE_TABLE)} (category_code, description, lon, lat, attributes, submitted_at)
    VALUES (${body.categoryCode}, ${body.description}, ${body.location?.lon ?? null}, ${body.location?.lat ?? null}, ${JSON.stringify(body.attributes ?? {})}, now())
    RETURNING id`.execute(database.db);
  return reply.status(201).send({ id: rows[0].id });
});

await app.listen({ port: config.port, host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as AddressInfo).port });
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
process.on('message', (message) => {
  if (message === 'cpu') {
    const cpu = process.cpuUsage();
    process.send?.({ cpuSeconds: (cpu.user + cpu.system) / 1e6, longestLoopDelayMs: loopDelay.max / 1e6 });
    loopDelay.reset();
  }
});
process.on('SIGTERM', () => {
  void app.close().then(() => database.close()).then(() => process.exit(0));
});
