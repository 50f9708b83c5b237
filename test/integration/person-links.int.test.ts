// A person's links to dwellings (registered, living, tenant, owner) follow the
// facts about them. A person loaded in bulk has no stored links until a fact
// changes one: the links read off the placing dwelling are stored then too.
// After that, a change writes only the links that differ.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/modules/registry/catalogue/repo.js';
import { applyClaims } from '../../src/modules/registry/facts/apply-claims.js';
import { findDataSource } from '../../src/modules/registry/sources.js';
import { backendAvailable, createTestDatabase, type TestDatabase } from '../support/database.js';

describe.skipIf(!backendAvailable())("a person's dwelling links", () => {
  let database: TestDatabase;
  let person: { id: string; dwelling_id: string };
  let others: string[];

  const links = async () =>
    (await sql<{ relation: string; dwelling_id: string }>`SELECT relation, dwelling_id FROM person_dwellings WHERE person_id = ${person.id} ORDER BY relation, dwelling_id`.execute(database.db)).rows;
  const claim = async (field: string, value: string | string[], observedOn: string) => {
    const source = (await findDataSource(database.db, 'field-visit'))!;
    await applyClaims(database.db, await loadCatalogue(database.db), {
      provenance: { source, recordedAt: new Date(`${observedOn}T12:00:00+08:00`) },
      claims: [{ entityType: 'person', entityId: person.id, field, value, observedAt: new Date(`${observedOn}T00:00:00+08:00`) }],
      newPeople: [],
    });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    person = (
      await sql<{ id: string; dwelling_id: string }>`
        SELECT p.id, p.dwelling_id FROM people p
        WHERE p.residence_status = 'registered' AND p.dwelling_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person_dwellings l WHERE l.person_id = p.id)
        ORDER BY p.id LIMIT 1`.execute(database.db)
    ).rows[0];
    others = (await sql<{ id: string }>`SELECT id FROM dwellings WHERE id <> ${person.dwelling_id} ORDER BY id LIMIT 2`.execute(database.db)).rows.map((d) => d.id);
  });
  afterAll(() => database?.destroy());

  it('stores the links a bulk-loaded person had by their dwelling alongside the one a fact adds', async () => {
    await claim('person.owned_dwellings', [others[0]], '2026-10-01');
    expect(await links()).toEqual(
      [
        { relation: 'living', dwelling_id: person.dwelling_id },
        { relation: 'owner', dwelling_id: others[0] },
        { relation: 'registered', dwelling_id: person.dwelling_id },
      ].sort((a, b) => a.relation.localeCompare(b.relation)),
    );
  });

  it('moves only the link a later fact changes', async () => {
    await claim('person.living_dwelling', others[1], '2026-11-01');
    expect(await links()).toEqual([
      { relation: 'living', dwelling_id: others[1] },
      { relation: 'owner', dwelling_id: others[0] },
      { relation: 'registered', dwelling_id: person.dwelling_id },
    ]);
    const placed = await sql<{ dwelling_id: string }>`SELECT dwelling_id FROM people WHERE id = ${person.id}`.execute(database.db);
    expect(placed.rows[0].dwelling_id).toBe(others[1]);
  });
});
