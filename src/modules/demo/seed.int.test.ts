// The demo district as `seedDemo` leaves it: the tree, the departments, a
// working login for every role, and a synthetic population that holds together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type RawBuilder } from 'kysely';
import { ROLES } from '../../kernel/access/roles.js';
import { fixedClock } from '../../kernel/clock.js';
import { validateIdNumber } from '../../lib/id-number.js';
import type { Database } from '../../db/database.js';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { DEMO_TEMPLATE_PEOPLE } from '../../../test/support/backends.js';
import { backendAvailable, createTestDatabase } from '../../../test/support/database.js';
import { TEMPLATE_CLOCK_START } from '../../../test/support/global-setup.js';
import { DEMO_DEPARTMENTS, DEMO_LOGINS } from './district.js';
import { seedDemo } from './seed.js';

/** Rows breaking a rule, as a count: every consistency check below expects 0. */
async function violations(database: Database, query: RawBuilder<{ n: number }>): Promise<number> {
  return (await query.execute(database.db)).rows[0].n;
}

describe.skipIf(!backendAvailable())('the demo district', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ template: 'demo' });
  });
  afterAll(() => t?.close());

  it('has the jurisdiction tree: 1 city, 1 district, 3 streets, 12 communities, 60 grids, every grid with a polygon', async () => {
    const levels = await t.database.db.selectFrom('jurisdictions').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
    expect(Object.fromEntries(levels.map((l) => [l.level, l.n]))).toEqual({ city: 1, district: 1, street: 3, community: 12, grid: 60 });

    const grids = await t.database.db.selectFrom('jurisdictions').select(['code', 'boundary']).where('level', '=', 'grid').execute();
    for (const { code, boundary } of grids) {
      const { type, coordinates } = boundary as { type: string; coordinates: number[][][] };
      expect(type, code).toBe('Polygon');
      const ring = coordinates[0];
      expect(ring.length, code).toBeGreaterThanOrEqual(4);
      expect(ring.at(-1), code).toEqual(ring[0]);
    }
    // Each node hangs under a parent one level up, and its path is the parent's path and its code.
    expect(await violations(t.database, sql<{ n: number }>`
      SELECT count(*) AS n FROM jurisdictions j LEFT JOIN jurisdictions p ON p.code = j.parent_code
      WHERE j.level <> 'city' AND (p.code IS NULL OR j.path <> p.path || j.code::ltree
        OR (j.level, p.level) NOT IN (('district', 'city'), ('street', 'district'), ('community', 'street'), ('grid', 'community')))`)).toBe(0);
  });

  it('has 15 departments, the utilities and the property company among them as external bodies', async () => {
    const departments = await t.database.db.selectFrom('departments').select(['code', 'is_external']).orderBy('code').execute();
    expect(departments).toHaveLength(15);
    expect(departments.filter((d) => d.is_external).map((d) => d.code)).toEqual(['HZ-GD', 'HZ-RQ', 'HZ-SW', 'XH-WY']);
    expect(departments.map((d) => d.code)).toEqual(DEMO_DEPARTMENTS.map((d) => d.code).sort());
  });

  it('has a demo login for every role, and each one logs in with the role it is meant to show', async () => {
    const granted = await t.database.db
      .selectFrom('role_grants')
      .innerJoin('users', 'users.id', 'role_grants.user_id')
      .select(['users.username', 'role_grants.role'])
      .execute();
    const rolesWithLogin = new Set(granted.map((g) => g.role));
    expect(ROLES.filter((role) => !rolesWithLogin.has(role))).toEqual([]);

    for (const demo of DEMO_LOGINS) {
      const caller = await t.login(demo.username);
      const me = (await caller.get('/api/v1/auth/me')).json();
      expect(me.user.grants.map((g: { role: string; jurisdiction: { code: string } }) => [g.role, g.jurisdiction.code]), demo.username).toEqual([[demo.role, demo.scope]]);
    }
  });

  it('houses its people consistently: households in dwellings, heads in their households, everyone placed in their grid', async () => {
    const { rows } = await sql<{ people: number; households: number; dwellings: number }>`
      SELECT (SELECT count(*) FROM people) AS people, (SELECT count(*) FROM households) AS households,
        (SELECT count(*) FROM dwellings) AS dwellings`.execute(t.database.db);
    expect(rows[0].people).toBe(DEMO_TEMPLATE_PEOPLE);
    expect(rows[0].households).toBeGreaterThan(0);
    expect(rows[0].dwellings).toBeGreaterThan(0);

    const rules = {
      'a person without a household or a dwelling': sql<{ n: number }>`
        SELECT count(*) AS n FROM people WHERE household_id IS NULL OR dwelling_id IS NULL`,
      'a household whose head is missing, lives elsewhere or is not 本人': sql<{ n: number }>`
        SELECT count(*) AS n FROM households h LEFT JOIN people p ON p.id = h.head_person_id
        WHERE p.id IS NULL OR p.household_id <> h.id OR p.relation_to_head <> '本人'`,
      'a household nobody belongs to': sql<{ n: number }>`
        SELECT count(*) AS n FROM households h WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.household_id = h.id)`,
      'a household whose living size is not its members living there': sql<{ n: number }>`
        SELECT count(*) AS n FROM households h
        WHERE h.living_members <> (SELECT count(*) FROM people p WHERE p.household_id = h.id AND p.residence_status IS DISTINCT FROM 'left')`,
      'a household with more than one head': sql<{ n: number }>`
        SELECT count(*) AS n FROM (SELECT household_id FROM people WHERE relation_to_head = '本人' GROUP BY household_id HAVING count(*) > 1) twice`,
      'a person in another dwelling than their household': sql<{ n: number }>`
        SELECT count(*) AS n FROM people p JOIN households h ON h.id = p.household_id WHERE p.dwelling_id <> h.dwelling_id`,
      'a person, household or dwelling not on the path of its dwelling’s grid': sql<{ n: number }>`
        SELECT count(*) AS n FROM (
          SELECT p.jurisdiction_path, p.dwelling_id FROM people p
          UNION ALL SELECT h.jurisdiction_path, h.dwelling_id FROM households h
          UNION ALL SELECT d.jurisdiction_path, d.id FROM dwellings d
        ) placed
        JOIN dwellings d ON d.id = placed.dwelling_id JOIN jurisdictions g ON g.code = d.grid_code
        WHERE g.level <> 'grid' OR placed.jurisdiction_path <> g.path OR g.parent_code <> d.community_code`,
    };
    for (const [rule, query] of Object.entries(rules)) expect(await violations(t.database, query), rule).toBe(0);
  });

  it('gives everyone a valid, unique ID number that agrees with their birth date and sex', async () => {
    const people = await t.database.db.selectFrom('people').select(['id', 'id_number', 'birth_date', 'sex']).execute();
    const asOf = new Date(TEMPLATE_CLOCK_START);
    for (const person of people) {
      const checked = validateIdNumber(person.id_number ?? '', { asOf });
      expect(checked, person.id).toMatchObject({ ok: true, birthDate: person.birth_date, sex: person.sex });
    }
    expect(new Set(people.map((p) => p.id_number)).size).toBe(people.length);
  });

  it('loads the population all or nothing, and a failed load keeps every index and key', async () => {
    const database = await createTestDatabase('empty');
    try {
      const schema = () =>
        sql<{ definition: string }>`
          SELECT indexdef AS definition FROM pg_indexes WHERE schemaname = 'public'
          UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
          ORDER BY 1`.execute(database.db).then((r) => r.rows.map((row) => row.definition));
      const before = await schema();
      // A resident already on file under the first generated ID: the people COPY fails after the dwellings and households went in.
      await database.db.insertInto('people').values({ id: 'P0000001', jurisdiction_path: '330100', name: '已登记', residence_status: 'registered', tags: [] }).execute();
      await expect(seedDemo({ db: database.db, database, clock: fixedClock(TEMPLATE_CLOCK_START) }, { people: 50, seed: 11 })).rejects.toThrow(/people_pkey/);
      const { rows } = await sql<{ dwellings: number; households: number; people: number }>`
        SELECT (SELECT count(*) FROM dwellings) AS dwellings, (SELECT count(*) FROM households) AS households,
          (SELECT count(*) FROM people) AS people`.execute(database.db);
      expect(rows[0]).toEqual({ dwellings: 0, households: 0, people: 1 });
      expect(await schema()).toEqual(before);
    } finally {
      await database.destroy();
    }
  });

  it('seeds the same people from the same seed', async () => {
    const digestOfPeople = async () => {
      const database = await createTestDatabase('empty');
      try {
        await seedDemo({ db: database.db, database, clock: fixedClock(TEMPLATE_CLOCK_START) }, { people: 300, seed: 11 });
        const { rows } = await sql<{ n: number; digest: string }>`
          SELECT count(*) AS n, md5(string_agg(to_jsonb(p)::text, E'\n' ORDER BY p.id)) AS digest FROM people p`.execute(database.db);
        return rows[0];
      } finally {
        await database.destroy();
      }
    };
    const first = await digestOfPeople();
    const second = await digestOfPeople();
    expect(first.n).toBe(300);
    expect(second).toEqual(first);
  });
});
