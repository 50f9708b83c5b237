// Opening the configured database (migrated) and running the HTTP server with
// a clean shutdown — shared by `gongzhi serve` and the end-to-end tests.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { systemClock, type Clock } from './kernel/clock.js';
import { buildApp } from './app.js';

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
  const address = await app.listen({ port: config.port, host: config.host });
  let closing: Promise<void> | null = null;
  return {
    app,
    database,
    url: address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost'),
    close: () => {
      closing ??= (async () => {
        await app.close();
        await database.close();
      })();
      return closing;
    },
  };
}
