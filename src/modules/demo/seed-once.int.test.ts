// First start with GONGZHI_SEED_DEMO=auto: servers starting together on one
// empty database seed the demo district once, not once each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { fixedClock } from '../../kernel/clock.js';
import { backendAvailable, createTestDatabase, currentBackend, type TestDatabase } from '../../../test/support/database.js';
import { DEMO_LOGINS } from './district.js';
import { seedDemoIfEmpty } from './seed.js';

describe.skipIf(!backendAvailable())('seeding the demo district on first start', () => {
  let empty: TestDatabase;
  // On PostgreSQL the second server is a second process: its own pool on the same database.
  let second: Database;
  beforeAll(async () => {
    empty = await createTestDatabase('empty');
    second = currentBackend() === 'postgres' ? await openDatabase({ databaseUrl: empty.location, poolSize: 3 }) : empty;
  });
  afterAll(async () => {
    if (second && second !== empty) await second.close();
    await empty?.destroy();
  });

  it('seeds once when two servers start together, and the other finds it seeded', async () => {
    const clock = fixedClock('2026-11-30T10:00:00+08:00');
    const options = { people: 40, seed: 1 };
    const outcomes = await Promise.all([
      seedDemoIfEmpty({ db: empty.db, database: empty, clock }, options),
      seedDemoIfEmpty({ db: second.db, database: second, clock }, options),
    ]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);

    const users = await empty.db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_LOGINS.map((l) => l.username).sort());
    const people = await empty.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(people.n).toBe(40);

    expect(await seedDemoIfEmpty({ db: empty.db, database: empty, clock }, options)).toBe(false);
  }, 240_000); // a whole demo seed, password hashing for every login included
});
