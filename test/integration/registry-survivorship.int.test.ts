// Survivorship is by declared rules, not by the order files arrive; and the
// import leaves a clean seam for record linkage: rows a linker is unsure about
// are held for a data steward, not guessed.
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/clock.js';
import { importFile } from '../../src/modules/exchange/import/import-file.js';
import { exactIdNumberLinker, type Linker } from '../../src/modules/exchange/import/linker.js';
import { backendAvailable, createTestDatabase, type TestDatabase } from '../support/database.js';
import { SAMPLES_DIR, sampleProfile } from '../support/imports.js';

const clock = fixedClock('2026-11-30T10:00:00+08:00');
const WANG_LEI = '330106198005060130';

async function run(database: TestDatabase, name: string, profile: string, linker: Linker = exactIdNumberLinker) {
  return importFile(
    { db: database.db, clock },
    { profileText: sampleProfile(profile), file: path.join(SAMPLES_DIR, name), observedAt: new Date('2026-06-30T00:00:00+08:00'), linker },
  );
}

/** What the registry shows of the people both files describe, and which source each value comes from. */
async function registryView(database: TestDatabase) {
  const people = await sql<Record<string, unknown>>`
    SELECT p.id_number, p.name, p.residence_status, p.phone, p.tags, p.birth_date, d.address AS dwelling
    FROM people p LEFT JOIN dwellings d ON d.id = p.dwelling_id
    WHERE p.origin_source_id <> 'initial-load' ORDER BY p.id_number`.execute(database.db);
  return people.rows;
}

describe.skipIf(!backendAvailable())('survivorship and the linkage seam', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.destroy();
  });

  it('gives the same registry whichever department file arrives first', async () => {
    const [first, second] = [await createTestDatabase(), await createTestDatabase()];
    databases.push(first, second);
    await run(first, 'household-registration.csv', 'household-registration');
    await run(first, 'floating-population.csv', 'floating-population');
    await run(second, 'floating-population.csv', 'floating-population');
    await run(second, 'household-registration.csv', 'household-registration');
    const [a, b] = [await registryView(first), await registryView(second)];
    expect(a).toEqual(b);
    // 王磊 is in both: the floating-population register is trusted for residence, the household register for the rest.
    expect(a.find((p) => p.id_number === WANG_LEI)).toMatchObject({ name: '王磊', residence_status: 'floating' });
  });

  it('holds rows for a data steward when the linker is unsure, and applies the rest', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const unsure: Linker = {
      async link(db, candidates) {
        const decisions = await exactIdNumberLinker.link(db, candidates);
        return decisions.map((d, i) => (candidates[i].name === '刘芳' ? { kind: 'review', candidates: ['P0000001'], detail: 'similar name and birth date' } : d));
      },
    };
    const done = await run(database, 'household-registration.csv', 'household-registration', unsure);
    // Row 14's mistyped ID number no longer quarantines it: it goes in without the number.
    expect(done).toMatchObject({ status: 'completed', applied_rows: 10, held_rows: 1, rejected_rows: 0 });
    const held = await database.db.selectFrom('import_rows').select(['row_number', 'status', 'issues']).where('import_id', '=', done.id).where('status', '=', 'held').execute();
    expect(held).toEqual([{ row_number: 10, status: 'held', issues: [expect.objectContaining({ code: 'linkage.review', detail: 'similar name and birth date: P0000001' })] }]);
    expect(await database.db.selectFrom('people').select('id').where('name', '=', '刘芳').execute()).toEqual([]);
  });
});
