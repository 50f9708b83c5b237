// Importing the four departments' sample files through the API, end to end:
// validation and quarantine, the error report, provenance and survivorship on
// the person page, idempotent re-import and change records, masking and audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { checkCharacter } from '../../src/lib/id-number.js';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { importThroughApi, sampleFile, sampleProfile, settle, upload } from '../support/imports.js';

const WANG_JIANGUO = '330106195203140314';
const LI_XIUYING = '330106195408220422';
const WANG_LEI = '330106198005060130';
const ZHANG_WEI = '330106197511200576';
const CHEN_FUSHENG_15 = '330106380611015';

interface FieldView {
  field: string;
  value: string | string[];
  reason: string;
  from: Array<{ value: string | string[]; source: { id: string }; derivedFrom: string | null; evidence: { row: number | null; fileName: string | null } }>;
  disagreements: Array<{ value: string | string[]; source: { id: string } }>;
}

describe.skipIf(!backendAvailable())('importing department data', () => {
  let t: TestApp;
  let steward: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    steward = await t.login('steward');
    for (const name of ['household-registration', 'civil-affairs', 'health', 'floating-population']) {
      const saved = await steward.post('/api/v1/mapping-profiles', { text: sampleProfile(name) });
      expect(saved.statusCode, saved.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  const personBy = async (caller: Caller, idNumber: string, purpose = 'data_quality') => {
    const found = (await caller.get(`/api/v1/people?idNumber=${idNumber}`, purpose)).json().items as Array<{ id: string }>;
    expect(found).toHaveLength(1);
    return (await caller.get(`/api/v1/people/${found[0].id}`, purpose)).json();
  };
  const fieldOf = (page: { fields: FieldView[] }, key: string) => page.fields.find((f) => f.field === key)!;

  it('names the path and line of every problem in a profile', async () => {
    const broken = sampleProfile('household-registration')
      .replace('field: person.birth_date', 'field: person.brith_date')
      .replace('人户一致: registered', '人户一致: living_here');
    const result = (await steward.post('/api/v1/mapping-profiles/validate', { text: broken })).json();
    expect(result.ok).toBe(false);
    const lineOf = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(result.issues).toEqual(
      expect.arrayContaining([
        { path: 'columns[5].field', line: lineOf('person.brith_date'), message: 'unknown field person.brith_date (did you mean person.birth_date?)' },
        expect.objectContaining({ path: 'columns[10].values.人户一致', line: lineOf('living_here') }),
      ]),
    );
    const notYaml = (await steward.post('/api/v1/mapping-profiles/validate', { text: 'version: 1\ncolumns: [\n' })).json();
    expect(notYaml.issues[0].line).toBeGreaterThan(0);
  });

  it('takes good rows in and quarantines bad ones, each with its reason', async () => {
    const done = await importThroughApi(steward, { name: 'household-registration.csv', bytes: sampleFile('household-registration.csv') }, { profileId: 'xh-ga-hukou' });
    // Row 14's ID number fails its check character: the row goes in without it (linked by name and birth date), flagged.
    expect(done).toMatchObject({ totalRows: 14, validRows: 11, invalidRows: 3, appliedRows: 11, rejectedRows: 0 });
    expect(done.stats).toMatchObject({ peopleCreated: 11, householdsCreated: 5, dwellingsCreated: 5 });
    const issues = (await steward.get(`/api/v1/imports/${done.id}/issues`, 'data_quality')).json();
    expect(issues.lines.map((l: unknown[]) => [l[0], l[1], l[3], l[7]])).toEqual([
      [11, '出生日期', '20050732', 'date.calendar'],
      [13, null, null, 'duplicate'],
      [14, '公民身份号码', '330106196701080209', 'id_number.unverified'],
      [15, '公民身份号码', null, 'required'],
    ]);
  });

  it('normalises what departments write: old 15-digit IDs, full-width digits, traditional names, phones', async () => {
    const chen = (await steward.get(`/api/v1/people?idNumber=${CHEN_FUSHENG_15}`, 'data_quality')).json().items;
    // Found by the old number, stored upgraded (lists always mask the number).
    expect(chen).toMatchObject([{ idNumber: '330106********0158', name: '陈福生', birthDate: '1938-06-11', sex: 'male' }]);
    const zhang = await personBy(steward, ZHANG_WEI);
    expect(zhang).toMatchObject({ name: '张伟', phone: '13605710008' });
    const wang = await personBy(steward, WANG_JIANGUO);
    expect(wang).toMatchObject({ phone: '13905710001', relationToHead: '本人', residenceStatus: 'registered' });
    const household = (await steward.get(`/api/v1/households/${wang.householdId}`, 'data_quality')).json();
    expect(household).toMatchObject({ householdNumber: '3301060100001', headPersonId: wang.id });
    expect(household.members.map((m: { relationToHead: string }) => m.relationToHead).sort()).toEqual(['子', '其他', '孙子女', '本人', '配偶'].sort());
    const dwelling = (await steward.get(`/api/v1/dwellings/${household.dwelling.id}`, 'data_quality')).json();
    expect(dwelling).toMatchObject({ compound: '宝石新村', building: '3', unit: '2', room: '301', communityCode: '330106002051' });
    expect(dwelling.people).toHaveLength(5);
  });

  it('writes an error report naming row, column, bad value and reason, with the quarantined rows as read', async () => {
    const imports = (await steward.get('/api/v1/imports')).json().items as Array<{ id: string; fileName: string }>;
    const id = imports.find((i) => i.fileName === 'household-registration.csv')!.id;
    const xlsx = await steward.request({ method: 'GET', url: `/api/v1/imports/${id}/error-report?format=xlsx`, purpose: 'data_quality' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('household-registration-errors.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const issues = workbook.getWorksheet('问题明细 issues')!;
    const checksum = issues.getRow(4).values as unknown[];
    expect(checksum.slice(1)).toEqual([
      14, '公民身份号码', '公民身份号码', '330106196701080209', '警告 warning', expect.stringContaining('身份证号未通过校验'), expect.stringContaining('a wrong check character'), 'id_number.unverified', '已导入 imported',
    ]);
    const quarantined = workbook.getWorksheet('隔离行 quarantined')!;
    expect(quarantined.rowCount).toBe(4);
    expect((quarantined.getRow(1).values as unknown[]).slice(1, 3)).toEqual(['户号', '公民身份号码']);
    const qian = quarantined.getRow(4).values as unknown[];
    expect(qian[1]).toBe('3301060100006');
    expect(qian[3]).toBe('钱永强');
    expect(qian.slice(-2)).toEqual([15, expect.stringContaining('公民身份号码')]);

    const csv = await steward.request({ method: 'GET', url: `/api/v1/imports/${id}/error-report?format=csv&encoding=gb18030`, purpose: 'data_quality' });
    const text = iconv.decode(csv.rawPayload, 'gb18030');
    expect(text.split('\r\n')[0]).toBe('行号 row,列 column,字段 field,原值 value,级别 severity,原因,reason,代码 code,处理 outcome');
    expect(text).toContain('15,公民身份号码,公民身份号码,,错误 error,必填项为空');
  });

  it('imports GB18030 CSV, XLSX and per-row dates from the other departments', async () => {
    const civil = await importThroughApi(steward, { name: 'civil-affairs.csv', bytes: sampleFile('civil-affairs.csv') }, { profileId: 'xh-mz-assistance' });
    expect(civil).toMatchObject({ totalRows: 7, validRows: 6, invalidRows: 1, appliedRows: 6 });
    const health = await importThroughApi(steward, { name: 'health.xlsx', bytes: sampleFile('health.xlsx') }, { profileId: 'xh-wj-health-records' });
    expect(health).toMatchObject({ totalRows: 7, validRows: 6, invalidRows: 1, warningRows: 1, appliedRows: 6 });
    const floating = await importThroughApi(steward, { name: 'floating-population.csv', bytes: sampleFile('floating-population.csv') }, { profileId: 'xh-ld-floating' });
    expect(floating).toMatchObject({ totalRows: 6, validRows: 5, invalidRows: 1, warningRows: 1, appliedRows: 5 });
    expect(floating.stats).toMatchObject({ organisationsCreated: 1 });
    const issues = (await steward.get(`/api/v1/imports/${health.id}/issues`, 'data_quality')).json();
    expect(issues.lines.map((l: unknown[]) => l[7])).toEqual(['id_number.float_precision_lost', 'id_number.birth_date_mismatch']);

    const organisations = (await steward.get('/api/v1/organisations?q=91330106MA2H2X1Q34')).json().items;
    expect(organisations).toMatchObject([{ name: '杭州安居长租公寓管理有限公司', creditCode: '91330106MA2H2X1Q34' }]);
    const letting = (await steward.get(`/api/v1/organisations/${organisations[0].id}`, 'data_quality')).json();
    expect(letting.dwellings).toEqual([expect.objectContaining({ relation: 'manager', communityCode: '330106002052' })]);
  });

  it("shows each field's value, the source it came from and why, and what other sources say", async () => {
    const zhang = await personBy(steward, ZHANG_WEI);
    const birth = fieldOf(zhang, 'person.birth_date');
    expect(birth).toMatchObject({ value: '1975-11-20', reason: 'most_trusted_source' });
    expect(birth.from[0]).toMatchObject({ source: { id: 'XH-GA/hukou' }, derivedFrom: null, evidence: { fileName: 'household-registration.csv', row: 9 } });
    expect(birth.disagreements).toEqual([expect.objectContaining({ value: '1975-11-02', source: expect.objectContaining({ id: 'XH-WJ/health-records' }) })]);
    expect(fieldOf(zhang, 'person.tags').value).toEqual(expect.arrayContaining(['disabled', 'chronic_disease']));
    expect(fieldOf(zhang, 'person.phones').reason).toBe('union');

    const floatingWang = await personBy(steward, WANG_LEI);
    const status = fieldOf(floatingWang, 'person.residence_status');
    // The floating-population register is more trusted for residence than the household register, whichever came first.
    expect(status).toMatchObject({ value: 'floating', reason: 'most_trusted_source' });
    expect(status.disagreements).toEqual([expect.objectContaining({ value: 'left', source: expect.objectContaining({ id: 'XH-GA/hukou' }) })]);
    expect(floatingWang.residenceStatus).toBe('floating');

    const history = (await steward.get(`/api/v1/people/${zhang.id}/history`, 'data_quality')).json().items as Array<{ field: string; current: boolean }>;
    expect(history.filter((h) => h.field === 'person.birth_date').length).toBeGreaterThanOrEqual(2);
  });

  it('adds nothing when the same file comes again, and says what a newer export changed', async () => {
    const again = await importThroughApi(steward, { name: 'household-registration.csv', bytes: sampleFile('household-registration.csv') }, { profileId: 'xh-ga-hukou' });
    expect(again.stats).toMatchObject({ peopleCreated: 0, householdsCreated: 0, dwellingsCreated: 0, factsAdded: 0, factsChanged: 0 });
    expect(again.stats.factsUnchanged).toBeGreaterThan(50);
    expect((await steward.get(`/api/v1/imports/${again.id}/changes`, 'data_quality')).json().items).toEqual([]);

    // The September export: 王建国 has a new phone.
    const newer = Buffer.from(sampleFile('household-registration.csv').toString('utf8').replace('139 0571 0001', '13905719999'));
    const september = await importThroughApi(steward, { name: 'hr-2026-09.csv', bytes: newer }, { profileId: 'xh-ga-hukou' }, 'observedAt=2026-09-30');
    expect(september.stats).toMatchObject({ factsChanged: 1, factsAdded: 0, peopleUpdated: 1 });
    const changes = (await steward.get(`/api/v1/imports/${september.id}/changes`, 'data_quality')).json().items;
    expect(changes).toEqual([expect.objectContaining({ field: 'person.phones', before: ['13905710001'], after: ['13905719999'], change: 'changed', row: 2 })]);
    const wang = await personBy(steward, WANG_JIANGUO);
    expect(wang.phone).toBe('13905719999');
    // One row per fact for SQL readers: the June phone was replaced when the September export was recorded.
    const phones = await t.database.db
      .selectFrom('registry_facts')
      .select(['value', 'observed_at', 'superseded_at'])
      .where('entity_id', '=', wang.id)
      .where('field', '=', 'person.phones')
      .where('source_id', '=', 'XH-GA/hukou')
      .orderBy('observed_at')
      .execute();
    expect(phones.map((p) => [p.value, p.superseded_at === null])).toEqual([
      [['13905710001'], false],
      [['13905719999'], true],
    ]);

    // Last spring's export, found and imported late, is history at once: it changes nothing.
    const spring = await importThroughApi(steward, { name: 'hr-2026-03.csv', bytes: sampleFile('household-registration.csv') }, { profileId: 'xh-ga-hukou' }, 'observedAt=2026-03-31');
    expect(spring.stats).toMatchObject({ factsStale: 1, factsChanged: 0, peopleUpdated: 0 });
    expect((await personBy(steward, WANG_JIANGUO)).phone).toBe('13905719999');
  });

  it('masks per role and purpose, and leaves sensitive tags out where they are not needed', async () => {
    const community = await t.login('community');
    const serving = await personBy(community, LI_XIUYING, 'service_delivery');
    expect(serving.idNumber).toBe(LI_XIUYING);
    expect(serving.tags).toContain('chronic_disease');
    const handling = await personBy(community, LI_XIUYING, 'case_handling');
    expect(handling.tags).not.toContain('chronic_disease');
    expect(fieldOf(handling, 'person.tags')?.value ?? []).not.toContain('chronic_disease');

    const street = await t.login('street');
    const streetView = await personBy(street, LI_XIUYING, 'service_delivery');
    expect(streetView.idNumber).toBe('330106********0422');
    expect(streetView.phone).toMatch(/^138\*{4}\d{4}$/);
    expect(fieldOf(streetView, 'person.id_number').value).toBe('330106********0422');

    const list = (await community.get(`/api/v1/people?idNumber=${LI_XIUYING}`, 'service_delivery')).json().items;
    expect(list[0]).toMatchObject({ name: '李秀英', idNumber: '330106********0422' });
    const leader = await t.login('leader');
    const statistics = (await leader.get(`/api/v1/people?idNumber=${LI_XIUYING}`, 'statistics')).json().items;
    expect(statistics[0].name).toBe('李**');
  });

  it('records every read of personal data, with its purpose', async () => {
    const community = await t.login('community');
    const page = await personBy(community, WANG_JIANGUO, 'service_delivery');
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'purpose', 'target_ids', 'actor'])
      .where('action', '=', 'person.get')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ action: 'person.get', purpose: 'service_delivery', target_ids: [page.id], actor: 'community' });
    const reports = await t.database.db.selectFrom('audit_log').select(['action', 'purpose']).where('action', '=', 'import.error_report').execute();
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.purpose === 'data_quality')).toBe(true);
    expect((await community.get('/api/v1/imports')).statusCode).toBe(403);
  });

  it("quarantines, while applying, a row whose person lives outside the import's jurisdiction", async () => {
    const elsewhere = await t.database.db
      .selectFrom('people')
      .select(['id_number', 'name'])
      .where('jurisdiction_path', '~', '*.330106002052.*' as never)
      .where('id_number', 'is not', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const csv =
      '户号,公民身份号码,姓名,户籍地址,所属社区\r\n' +
      `3301069999001,${elsewhere.id_number},${elsewhere.name},宝石新村3幢2单元301室,上保社区\r\n` +
      '3301069999002,330106199001010018,郑一,宝石新村3幢2单元302室,上保社区\r\n';
    const uploaded = await upload(steward, 'elsewhere.csv', Buffer.from(csv), 'jurisdictionCode=330106002051');
    const id = uploaded.json().id;
    await steward.post(`/api/v1/imports/${id}/validate`, { profileId: 'xh-ga-hukou' });
    expect((await settle(steward, id, 'validating')).status).toBe('failed');
    // The profile needs columns this file lacks: a draft profile without them fits.
    const draft = sampleProfile('household-registration').replace(/ {2}- column: (性别|民族|出生日期|与户主关系|联系电话|人户状态)\n(?: {4}.*\n)+/g, '');
    await steward.post(`/api/v1/imports/${id}/validate`, { text: draft });
    expect((await settle(steward, id, 'validating')).status).toBe('validated');
    await steward.post(`/api/v1/imports/${id}/apply`);
    const done = await settle(steward, id, 'applying');
    expect(done).toMatchObject({ status: 'completed', appliedRows: 1, rejectedRows: 1 });
    const issues = (await steward.get(`/api/v1/imports/${id}/issues`, 'data_quality')).json();
    expect(issues.lines.map((l: unknown[]) => [l[0], l[7]])).toEqual([[2, 'scope.outside']]);
    // Nothing of the quarantined row was kept, not even the household it named.
    expect(await t.database.db.selectFrom('households').select('id').where('household_number', '=', '3301069999001').execute()).toEqual([]);
    // The file gave no sex or birth date: they were read from the ID number, and say so.
    const zheng = await personBy(steward, '330106199001010018');
    expect(zheng).toMatchObject({ sex: 'male', birthDate: '1990-01-01' });
    expect(fieldOf(zheng, 'person.birth_date').from[0].derivedFrom).toBe('person.id_number');
  });

  it('writes a new household with its head and its living members, as the people in it say', async () => {
    const idNumber = (n: number) => {
      const first17 = `33010619600101${String(n).padStart(3, '0')}`;
      return first17 + checkCharacter(first17);
    };
    const address = '浙江省杭州市西湖区北山街道保俶路58号宝石新村3幢2单元601室';
    const row = (household: string, n: number, name: string, relation: string, status: string) =>
      `${household},${idNumber(n)},${name},男,汉族,19600101,${relation},${address},上保社区,,${status}\r\n`;
    const csv =
      '户号,公民身份号码,姓名,性别,民族,出生日期,与户主关系,户籍地址,所属社区,联系电话,人户状态\r\n' +
      row('3301069999101', 101, '钱一', '配偶', '人户一致') +
      row('3301069999101', 102, '钱二', '本人', '人户分离') +
      // Two members recorded as 本人: the registry's usual rule (the lowest id) picks one.
      row('3301069999102', 103, '孙一', '本人', '人户一致') +
      row('3301069999102', 104, '孙二', '本人', '人户一致') +
      row('3301069999103', 105, '周一', '子', '人户一致');
    const done = await importThroughApi(steward, { name: 'heads.csv', bytes: Buffer.from(csv) }, { profileId: 'xh-ga-hukou' });
    expect(done).toMatchObject({ status: 'completed', appliedRows: 5 });
    expect(done.stats).toMatchObject({ householdsCreated: 3 });
    const households = await sql<{ household_number: string; head: string | null; expected_head: string | null; living_members: number; living: number; dwelling: boolean }>`
      SELECT h.household_number, h.head_person_id AS head, h.living_members, h.dwelling_id IS NOT NULL AS dwelling,
        (SELECT p.id FROM people p WHERE p.household_id = h.id AND p.relation_to_head = '本人' ORDER BY p.id LIMIT 1) AS expected_head,
        (SELECT count(*)::int FROM people p WHERE p.household_id = h.id AND p.residence_status IS DISTINCT FROM 'left') AS living
      FROM households h WHERE h.household_number LIKE '33010699991%' ORDER BY h.household_number`.execute(t.database.db);
    expect(households.rows.map((h) => [h.household_number, h.head === h.expected_head, h.head !== null, h.living_members, h.living, h.dwelling])).toEqual([
      ['3301069999101', true, true, 1, 1, true],
      ['3301069999102', true, true, 2, 2, true],
      ['3301069999103', true, false, 1, 1, true],
    ]);

    // A newer export: the spouses of 3301069999101 swap roles, 周一 becomes head of 103, 孙二 only changes phone.
    const newer =
      '户号,公民身份号码,姓名,性别,民族,出生日期,与户主关系,户籍地址,所属社区,联系电话,人户状态\r\n' +
      row('3301069999101', 101, '钱一', '本人', '人户一致') +
      row('3301069999101', 102, '钱二', '配偶', '人户分离') +
      row('3301069999102', 103, '孙一', '本人', '人户一致') +
      row('3301069999102', 104, '孙二', '本人', '人户一致').replace(',,人户一致', ',13905710104,人户一致') +
      row('3301069999103', 105, '周一', '本人', '人户一致');
    expect(await importThroughApi(steward, { name: 'heads-newer.csv', bytes: Buffer.from(newer) }, { profileId: 'xh-ga-hukou' })).toMatchObject({ status: 'completed', appliedRows: 5 });
    const heads = await sql<{ household_number: string; head: string | null }>`
      SELECT h.household_number, p.id_number AS head FROM households h LEFT JOIN people p ON p.id = h.head_person_id
      WHERE h.household_number LIKE '33010699991%' ORDER BY h.household_number`.execute(t.database.db);
    const lowerIdOf103And104 = (await sql<{ id_number: string }>`SELECT id_number FROM people WHERE id_number IN (${idNumber(103)}, ${idNumber(104)}) ORDER BY id LIMIT 1`.execute(t.database.db)).rows[0].id_number;
    expect(heads.rows).toEqual([
      { household_number: '3301069999101', head: idNumber(101) },
      { household_number: '3301069999102', head: lowerIdOf103And104 },
      { household_number: '3301069999103', head: idNumber(105) },
    ]);
  });
});
