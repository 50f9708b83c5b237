// The real server, listening on a free port over a copy of the demo template,
// for browser tests.
import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config.js';
import type { DB } from '../../src/db/schema.js';
import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/kernel/clock.js';
import { createTestDatabase } from './database.js';

export async function startE2eServer(): Promise<{ baseUrl: string; db: Kysely<DB>; close(): Promise<void> }> {
  const database = await createTestDatabase('demo');
  const config = loadConfig({ GONGZHI_DATA_DIR: database.location, LOG_LEVEL: 'silent' });
  const app = await buildApp({ database, db: database.db, clock: systemClock, config, logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    baseUrl: address,
    /** For a test to look up what the demo seed chose (the resident's registry person), never to arrange state behind the UI. */
    db: database.db,
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
