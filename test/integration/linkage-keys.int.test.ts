// Blocking keys follow the person: a person gets keys once, and a change of
// name, birth date, phone, dwelling or ID number replaces them, whichever path
// made the change; a person whose keys are current costs nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NameKeyCache } from '../../src/modules/exchange/linkage-engine/name-keys.js';
import { refreshLinkKeys } from '../../src/modules/exchange/linking/repo.js';
import { backendAvailable, createTestDatabase, type TestDatabase } from '../support/database.js';

describe.skipIf(!backendAvailable())('blocking keys of registry persons', () => {
  let database: TestDatabase;
  let personId: string;
  const names = new NameKeyCache();

  const keysOf = async (id: string) =>
    (await sql<{ kind: string; key: string }>`SELECT kind, key FROM person_link_keys WHERE person_id = ${id} ORDER BY kind, key`.execute(database.db)).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    const person = await sql<{ id: string }>`SELECT id FROM people WHERE phone IS NOT NULL AND birth_date IS NOT NULL ORDER BY id LIMIT 1`.execute(database.db);
    personId = person.rows[0].id;
  });
  afterAll(() => database?.destroy());

  it('keys a person once, and replaces the keys when the phone changes', async () => {
    expect(await refreshLinkKeys(database.db, names, [personId])).toBe(1);
    const first = await keysOf(personId);
    expect(first.map((k) => k.kind)).toEqual(expect.arrayContaining(['name_birth', 'phone']));
    expect(await refreshLinkKeys(database.db, names, [personId])).toBe(0);

    await sql`UPDATE people SET phone = '13900001111' WHERE id = ${personId}`.execute(database.db);
    expect(await refreshLinkKeys(database.db, names, [personId])).toBe(1);
    const second = await keysOf(personId);
    expect(second.filter((k) => k.kind === 'phone')).toEqual([{ kind: 'phone', key: '00001111' }]);
    expect(second.filter((k) => k.kind !== 'phone')).toEqual(first.filter((k) => k.kind !== 'phone'));
    const basis = await sql<{ keys: string[] }>`SELECT keys FROM person_link_basis WHERE person_id = ${personId}`.execute(database.db);
    expect([...basis.rows[0].keys].sort()).toEqual(second.map((k) => `${k.kind}:${k.key}`).sort());
  });

  it('replaces every key of a person keyed before the keys were kept with the basis', async () => {
    await sql`UPDATE person_link_basis SET keys = NULL WHERE person_id = ${personId}`.execute(database.db);
    await sql`UPDATE people SET phone = '13900002222' WHERE id = ${personId}`.execute(database.db);
    expect(await refreshLinkKeys(database.db, names, [personId])).toBe(1);
    expect((await keysOf(personId)).filter((k) => k.kind === 'phone')).toEqual([{ kind: 'phone', key: '00002222' }]);
  });
});
