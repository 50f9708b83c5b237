import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { DB } from './db/schema.js';
import type { Clock } from './kernel/clock.js';

/** What every module's routes and services are given: no globals. */
export interface AppDeps {
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  config: Config;
}
