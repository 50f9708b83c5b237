// A merge leaves nothing naming a person who is gone: every table that named
// the merged person (facts, department records, dwelling links, linkage
// decisions and corrections, form submissions, the resident's account) names
// the survivor afterwards; audit entries, never rewritten, are still found for
// the resident; and an unmerge puts every reference back exactly.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { FORM_PURPOSE, formCalls, peopleVisibleTo } from '../support/forms.js';
import { importThroughApi } from '../support/imports.js';

/** Every column that holds a registry person's id, with the condition that makes it one. */
const PERSON_REFERENCES: Array<{ table: string; column: string; where?: string }> = [
  { table: 'resident_people', column: 'person_id' },
  { table: 'form_submissions', column: 'subject_id', where: "subject_type = 'person'" },
  { table: 'households', column: 'head_person_id' },
  { table: 'person_dwellings', column: 'person_id' },
  { table: 'registry_statements', column: 'entity_id', where: "entity_type = 'person'" },
  { table: 'source_records', column: 'entity_id', where: "entity_type = 'person'" },
  { table: 'linkage_decisions', column: 'person_id' },
  { table: 'linkage_decisions', column: 'candidate_id' },
  { table: 'linkage_reviews', column: 'person_id' },
  { table: 'linkage_separations', column: 'person_id' },
  { table: 'linkage_corrections', column: 'person_id' },
  { table: 'person_link_keys', column: 'person_id' },
  { table: 'person_link_basis', column: 'person_id' },
];

const PROFILE = `
version: 1
id: test-mz-merge
name: 民政（合并测试）
source:
  department: XH-MZ
  dataset: merge-test
  name: 救助对象
recordKey: [档案号]
columns:
  - column: 姓名
    field: person.name
    required: true
  - column: 身份证号
    field: person.id_number
  - column: 出生日期
    field: person.birth_date
    dateFormats: [iso]
`;

describe.skipIf(!backendAvailable())('merging keeps every reference to a person', () => {
  let t: TestApp;
  let steward: Caller;
  let grid: Caller;
  let resident: Caller;
  let mergedId: string;
  let survivorId: string;

  const sqlOf = (text: string) => sql.raw(text);
  /** Rows naming either person, table by table, as they are. */
  const referencesTo = async (ids: string[]) => {
    const out: Record<string, unknown[]> = {};
    for (const r of PERSON_REFERENCES) {
      const rows = await sql<{ row: unknown }>`
        SELECT to_jsonb(t.*) AS row FROM ${sqlOf(r.table)} t WHERE ${sqlOf(r.column)} = ANY(${ids}::text[]) ${sqlOf(r.where ? `AND ${r.where}` : '')}
        ORDER BY to_jsonb(t.*)::text`.execute(t.database.db);
      out[`${r.table}.${r.column}`] = rows.rows.map((x) => x.row);
    }
    return out;
  };
  const countNaming = async (id: string) =>
    Object.fromEntries(Object.entries(await referencesTo([id])).map(([k, rows]) => [k, rows.length]));

  beforeAll(async () => {
    t = await createTestApp();
    [steward, grid, resident] = await Promise.all(['steward', 'grid', 'resident'].map((u) => t.login(u)));
    const visible = await peopleVisibleTo(grid);
    // The merged person: the demo resident's own record, which grid 1's worker can visit.
    const link = await t.database.db.selectFrom('resident_people').select('person_id').where('user_id', '=', resident.userId).executeTakeFirstOrThrow();
    mergedId = link.person_id;
    expect(visible.map((p) => p.id), 'the resident lives in grid 1').toContain(mergedId);
    survivorId = visible.find((p) => p.id !== mergedId)!.id;
  });
  afterAll(() => t?.close());

  it('moves every reference to the survivor, finds old audit entries for the resident, and puts everything back on unmerge', async () => {
    // References of every kind to the person about to be merged away.
    expect((await steward.get(`/api/v1/people/${mergedId}`, 'data_quality')).statusCode).toBe(200);
    const forms = (await grid.get('/api/v1/forms')).json().items as Array<{ id: string; formKey: string }>;
    const opened = await formCalls(grid).open(forms.find((f) => f.formKey === 'elderly_care_visit')!.id, mergedId);
    expect(opened.statusCode, opened.body).toBe(201);
    const submissionId = opened.json().id as string;
    const person = await t.database.db.selectFrom('people').select(['id_number', 'name']).where('id', '=', mergedId).executeTakeFirstOrThrow();
    expect((await steward.post('/api/v1/mapping-profiles', { text: PROFILE })).statusCode).toBe(201);
    // The department's birth date disagrees with the ID number: a correction naming the person.
    const file = `档案号,姓名,身份证号,出生日期\nMZ-9,${person.name},${person.id_number},1901-01-01\n`;
    const imported = await importThroughApi(steward, { name: 'merge-test.csv', bytes: Buffer.from(file) }, { profileId: 'test-mz-merge' });
    expect(imported).toMatchObject({ appliedRows: 1, rejectedRows: 0 });

    const namingBefore = await countNaming(mergedId);
    for (const key of ['resident_people.person_id', 'form_submissions.subject_id', 'linkage_decisions.person_id', 'linkage_corrections.person_id', 'registry_statements.entity_id', 'source_records.entity_id']) {
      expect(namingBefore[key], key).toBeGreaterThan(0);
    }
    const before = await referencesTo([mergedId, survivorId]);

    const merged = await steward.post('/api/v1/linkage/merges', { survivorId, mergedId, reason: '同一人' });
    expect(merged.statusCode, merged.body).toBe(201);

    // Nothing anywhere names a person who is not in the registry.
    for (const r of PERSON_REFERENCES) {
      const dangling = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${sqlOf(r.table)} t
        WHERE ${sqlOf(r.column)} IS NOT NULL ${sqlOf(r.where ? `AND ${r.where}` : '')} AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = t.${sqlOf(r.column)})`.execute(t.database.db);
      expect(dangling.rows[0].n, `${r.table}.${r.column} naming no person`).toBe(0);
    }
    expect(Object.values(await countNaming(mergedId)).every((n) => n === 0)).toBe(true);
    const survivorRefs = await countNaming(survivorId);
    expect(survivorRefs['resident_people.person_id']).toBe(1);
    expect(survivorRefs['linkage_corrections.person_id']).toBeGreaterThan(0);

    // The submission is now on the survivor; the resident still sees who read the record merged into theirs.
    const submission = await formCalls(grid).get(submissionId);
    expect(submission.statusCode, submission.body).toBe(200);
    expect(JSON.stringify(submission.json())).toContain(survivorId);
    const accesses = (await resident.get('/api/v1/me/data-access')).json().items as Array<{ action: string; purpose: string }>;
    expect(accesses).toContainEqual(expect.objectContaining({ action: 'person.get', purpose: 'data_quality' }));
    const gone = await steward.get(`/api/v1/people/${mergedId}`, 'data_quality');
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error).toMatchObject({ code: 'person.merged', details: { survivorId } });

    const undone = await steward.post(`/api/v1/linkage/merges/${merged.json().id}/unmerge`, { reason: '并非同一人' });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(await referencesTo([mergedId, survivorId])).toEqual(before);
    expect((await steward.get(`/api/v1/people/${mergedId}`, 'data_quality')).statusCode).toBe(200);
  });

  it('refuses to merge two persons who each have a resident account, naming why', async () => {
    const [a, b] = (await peopleVisibleTo(grid)).filter((p) => p.id !== mergedId).slice(1, 3);
    await t.database.db.insertInto('resident_people').values({ user_id: steward.userId, person_id: a.id, verified_at: new Date() }).execute();
    await t.database.db.insertInto('resident_people').values({ user_id: grid.userId, person_id: b.id, verified_at: new Date() }).execute();
    const refused = await steward.post('/api/v1/linkage/merges', { survivorId: a.id, mergedId: b.id, reason: '同一人' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('merge.two_resident_accounts');
    expect((await steward.get(`/api/v1/people/${b.id}`, 'data_quality')).statusCode).toBe(200);
  });
});
