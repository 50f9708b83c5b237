// Opening the configured database (migrated) and running the HTTP server with
// a clean shutdown — shared by `gongzhi serve` and the end-to-end tests.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { systemClock, type Clock } from './kernel/clock.js';
import { buildApp } from './app.js';
import { startPeriodicTask } from './lib/periodic-task.js';
import { sweepCases } from './modules/cases/sweep.js';

export async function openMigratedDatabase(config: Config, onApplied?: (name: string) => void): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
  try {
    await migrate(database, onApplied);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  /** Stop taking requests, finish the ones in flight, then close the database. */
  close(): Promise<void>;
}

export async function startServer(options: { config: Config; database: Database; clock?: Clock; logger?: boolean }): Promise<RunningServer> {
  const { config, database, clock = systemClock } = options;
  const app = await buildApp({ database, db: database.db, clock, config, logger: options.logger });
  await app.listen({ port: config.port, host: config.host });
  // Overdue stages escalate and rating invitations go out without anyone
  // running a command; several processes sweeping at once is safe.
  const sweeps =
    config.sweepMinutes > 0
      ? startPeriodicTask({
          everyMs: config.sweepMinutes * 60_000,
          run: async () => {
            const report = await sweepCases({ db: database.db }, { now: clock.now() });
            app.log.info({ sweep: report }, 'case sweep');
          },
          onError: (error) => app.log.error({ err: error }, 'case sweep failed'),
        })
      : null;
  const { port } = app.server.address() as AddressInfo;
  // Listening on every interface: point the operator at this machine by name.
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  let closing: Promise<void> | null = null;
  return {
    app,
    database,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => {
      closing ??= (async () => {
        // A keep-alive connection whose last response ends during the drain would
        // hold the close up for the whole keep-alive timeout (72 s): close each
        // one as soon as it is idle.
        const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
        try {
          await Promise.all([app.close(), sweeps?.stop()]);
        } finally {
          clearInterval(closeIdle);
        }
        await database.close();
      })();
      return closing;
    },
  };
}
