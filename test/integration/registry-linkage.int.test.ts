// Record linkage through imports, end to end: a row with a mistyped ID number
// links to the person it names; a borderline row waits in the steward's review
// queue and is applied once decided; the correction list goes back to the
// department in its own format; re-importing adds nothing; a merge is undone
// exactly; and a steward of one community sees nothing of another's queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { importThroughApi, sampleProfile } from '../support/imports.js';
import { createUser } from '../../src/modules/org/service.js';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';

const SUN = '330106196701080208';
const SUN_MISTYPED = '330106196701080209';
const ZHOU = '330106198203040026';
const QIAN = '330106195905040035';

const HUKOU = [
  '户号,公民身份号码,姓名,性别,民族,出生日期,与户主关系,户籍地址,所属社区,联系电话,人户状态',
  `3301060200001,${SUN},孙美玲,女,汉族,19670108,本人,浙江省杭州市西湖区北山街道宝石二路8号宝石新村7幢1单元201室,上保社区,13705710012,人户一致`,
  `3301060200002,${ZHOU},周晓红,女,汉族,19820304,本人,浙江省杭州市西湖区北山街道宝石二路8号宝石新村9幢1单元301室,上保社区,13905719988,人户一致`,
].join('\n');

const CIVIL_PROFILE = `
version: 1
id: test-mz-linkage
name: 民政救助对象（关联测试）
source:
  department: XH-MZ
  dataset: linkage-test
  name: 救助对象
recordKey: [档案号]
links:
  personDwelling: [living]
columns:
  - column: 姓名
    field: person.name
    required: true
  - column: 身份证号
    field: person.id_number
  - column: 性别
    field: person.sex
  - column: 出生日期
    field: person.birth_date
    dateFormats: [iso]
  - column: 联系电话
    field: person.phones
  - column: 居住地址
    field: dwelling.address
  - column: 所属社区代码
    field: dwelling.community
`;

const CIVIL = [
  '档案号,姓名,身份证号,性别,出生日期,联系电话,居住地址,所属社区代码',
  // The ID number's last digit mistyped: everything else names 孙美玲.
  `MZ-001,孙美玲,${SUN_MISTYPED},女,1967-01-08,13705710012,宝石新村7-1-201,330106002051`,
  // No ID number, a homophone name with the same birth date, but another phone and another address: a steward decides.
  'MZ-002,周晓虹,,,1982-03-04,13611112222,翠苑新村1-1-101,330106002051',
  `MZ-003,钱多多,${QIAN},男,1959-05-04,,宝石新村7-1-202,330106002051`,
].join('\n');

describe.skipIf(!backendAvailable())('record linkage through imports', () => {
  let t: TestApp;
  let steward: Caller;
  let civilImport: string;
  const personBy = async (idNumber: string) => {
    const items = (await steward.get(`/api/v1/people?idNumber=${idNumber}`, 'data_quality')).json().items as Array<{ id: string; name: string }>;
    expect(items).toHaveLength(1);
    return items[0];
  };
  const civilFile = { name: 'civil-linkage.csv', bytes: Buffer.from(CIVIL) };

  beforeAll(async () => {
    t = await createTestApp();
    steward = await t.login('steward');
    for (const text of [sampleProfile('household-registration'), CIVIL_PROFILE]) {
      const saved = await steward.post('/api/v1/mapping-profiles', { text });
      expect(saved.statusCode, saved.body).toBe(201);
    }
    await importThroughApi(steward, { name: 'hukou-linkage.csv', bytes: Buffer.from(HUKOU) }, { profileId: 'xh-ga-hukou' });
    const civil = await importThroughApi(steward, civilFile, { profileId: 'test-mz-linkage' });
    civilImport = civil.id;
    expect(civil).toMatchObject({ validRows: 3, appliedRows: 2, heldRows: 1, rejectedRows: 0 });
    expect(civil.stats).toMatchObject({ linkedByScore: 1, peopleCreated: 1 });
  });
  afterAll(() => t?.close());

  it('links a row with a mistyped ID number to the person it names, and keeps the score and its explanation', async () => {
    const sun = await personBy(SUN);
    const page = (await steward.get(`/api/v1/people/${sun.id}`, 'data_quality')).json();
    const phones = page.fields.find((f: { field: string }) => f.field === 'person.phones');
    expect(phones.from.map((f: { source: { id: string } }) => f.source.id)).toEqual(expect.arrayContaining(['XH-GA/hukou', 'XH-MZ/linkage-test']));
    // The mistyped number was not stored.
    expect(page.idNumber).not.toBe(SUN_MISTYPED);

    const decision = await t.database.db.selectFrom('linkage_decisions').selectAll().where('import_id', '=', civilImport).where('row_number', '=', 2).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ outcome: 'linked', person_id: sun.id, candidate_id: sun.id });
    expect(decision.weight).toBeGreaterThan(Math.log2(1000));
    const explanation = decision.explanation as { weight: number; priorWeight: number; fields: Array<{ field: string; level: string | null; weight: number }> };
    expect(explanation.fields.find((f) => f.field === 'idNumber')).toMatchObject({ level: 'one_off' });
    expect(explanation.fields.find((f) => f.field === 'name')).toMatchObject({ level: 'exact' });
    expect(explanation.weight).toBeCloseTo(explanation.fields.reduce((s, f) => s + f.weight, explanation.priorWeight));
    const model = await t.database.db.selectFrom('linkage_models').selectAll().where('import_id', '=', civilImport).executeTakeFirstOrThrow();
    // A three-row file is too little to estimate from: the default parameters, with the registry's size in the prior.
    expect(model).toMatchObject({ estimated: false, details: expect.objectContaining({ why: expect.stringMatching(/^too few/) }) });
    const registrySize = (model.details as { registrySize: number }).registrySize;
    expect(explanation.priorWeight).toBeCloseTo(Math.log2(1 / (registrySize - 1)));
  });

  it('puts the borderline row in the review queue, side by side with the explanation', async () => {
    const queue = (await steward.get('/api/v1/linkage/reviews', 'data_quality')).json().items;
    expect(queue).toHaveLength(1);
    const zhou = await personBy(ZHOU);
    expect(queue[0]).toMatchObject({ status: 'pending', reason: 'uncertain', personId: zhou.id, row: 3, recordKey: 'MZ-002', source: { id: 'XH-MZ/linkage-test' } });
    expect(queue[0].weight).toBeLessThan(Math.log2(1000));
    const byField = Object.fromEntries(queue[0].comparison.map((c: { field: string }) => [c.field, c]));
    expect(byField.name).toMatchObject({ record: '周晓虹', person: '周晓红', level: 'pinyin' });
    expect(byField.birthDate).toMatchObject({ record: '1982-03-04', person: '1982-03-04', level: 'exact' });
    expect(byField.address).toMatchObject({ record: '翠苑新村1-1-101', level: 'different' });
    expect(byField.address.weight).toBeLessThan(0);
    expect(byField.sex).toMatchObject({ record: null, level: null, weight: 0 });
    expect(byField.name.weight).toBeGreaterThan(0);
    expect(byField.phone.weight).toBeLessThan(0);
    // Without a purpose there is nothing to see.
    expect((await steward.get('/api/v1/linkage/reviews')).statusCode).toBe(403);
  });

  it("shows a steward of another community nothing of this community's queue, and community staff none at all", async () => {
    await createUser({ db: t.database.db, clock: t.clock }, null, {
      username: 'steward-b',
      displayName: 'steward of 宝石社区',
      password: DEMO_PASSWORD,
      grants: [{ role: 'data_steward', jurisdictionCode: '330106002052' }],
    });
    const stewardB = await t.login('steward-b');
    const item = (await steward.get('/api/v1/linkage/reviews', 'data_quality')).json().items[0];
    expect((await stewardB.get('/api/v1/linkage/reviews', 'data_quality')).json().items).toEqual([]);
    expect((await stewardB.get(`/api/v1/linkage/reviews/${item.id}`, 'data_quality')).statusCode).toBe(404);
    expect((await stewardB.post(`/api/v1/linkage/reviews/${item.id}/decision`, { decision: 'same' })).statusCode).toBe(404);
    expect((await stewardB.get('/api/v1/linkage/corrections', 'data_quality')).json().items).toEqual([]);
    const community = await t.login('community');
    expect((await community.get('/api/v1/linkage/reviews', 'data_quality')).statusCode).toBe(403);
  });

  it('lists what linking found wrong per source department, and exports it in that department’s format', async () => {
    const list = (await steward.get('/api/v1/linkage/corrections?sourceId=XH-MZ/linkage-test', 'data_quality')).json().items;
    expect(list).toEqual([
      expect.objectContaining({ kind: 'id_number_invalid', row: 2, recordKey: 'MZ-001', value: SUN_MISTYPED, suggestion: SUN, detail: 'checksum' }),
    ]);
    // The departments that have a list, for choosing one.
    const sources = await steward.get('/api/v1/linkage/corrections/sources');
    expect(sources.statusCode, sources.body).toBe(200);
    expect(sources.json().items).toEqual([{ id: 'XH-MZ/linkage-test', name: '西湖区民政局 · 救助对象', items: 1, latestAt: expect.any(String) }]);

    const xlsx = await steward.request({ method: 'GET', url: '/api/v1/linkage/corrections/export?sourceId=XH-MZ/linkage-test&format=xlsx', purpose: 'data_quality' });
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['姓名', '身份证号', '性别', '出生日期', '联系电话', '居住地址', '所属社区代码', '原文件行号 row', '问题 problem', '原值 value', '建议值 suggestion', '说明 detail']);
    const line = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(line.slice(0, 4)).toEqual(['孙美玲', SUN_MISTYPED, '女', '1967-01-08']);
    expect(line.slice(-4)).toEqual([expect.stringContaining('校验位'), SUN_MISTYPED, SUN, 'checksum']);

    const csv = await steward.request({ method: 'GET', url: '/api/v1/linkage/corrections/export?sourceId=XH-MZ/linkage-test&format=csv', purpose: 'data_quality' });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`孙美玲,${SUN_MISTYPED},女`);
  });

  it('masks ID numbers and phones in the queue and the correction lists for a purpose that does not need them in clear', async () => {
    const item = (await steward.get('/api/v1/linkage/reviews', 'data_quality')).json().items[0];
    const compared = async (purpose: string) => {
      const review = await steward.get(`/api/v1/linkage/reviews/${item.id}`, purpose);
      expect(review.statusCode, review.body).toBe(200);
      return Object.fromEntries(review.json().comparison.map((c: { field: string }) => [c.field, c]));
    };
    expect((await compared('data_quality')).phone).toMatchObject({ record: '13611112222', person: '13905719988' });
    const masked = await compared('statistics');
    expect(masked.phone).toMatchObject({ record: '136****2222', person: '139****9988' });
    expect(masked.idNumber.person).toBe(`${ZHOU.slice(0, 6)}********${ZHOU.slice(-4)}`);
    // A list shows no phone in clear, whatever the purpose, as registry search does.
    const listed = (await steward.get('/api/v1/linkage/reviews', 'data_quality')).json().items[0];
    expect(listed.comparison.find((c: { field: string }) => c.field === 'phone')).toMatchObject({ record: '136****2222' });

    const corrections = (await steward.get('/api/v1/linkage/corrections?sourceId=XH-MZ/linkage-test', 'statistics')).json().items;
    expect(corrections).toEqual([expect.objectContaining({ kind: 'id_number_invalid', value: `${SUN.slice(0, 6)}********${SUN_MISTYPED.slice(-4)}`, suggestion: `${SUN.slice(0, 6)}********${SUN.slice(-4)}` })]);
    const csv = await steward.request({ method: 'GET', url: '/api/v1/linkage/corrections/export?sourceId=XH-MZ/linkage-test&format=csv', purpose: 'statistics' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(SUN_MISTYPED);
    expect(csv.body).toContain(`孙美玲,${SUN.slice(0, 6)}********${SUN_MISTYPED.slice(-4)},女`);
  });

  it('applies the held row to the person once the steward says they are the same', async () => {
    const zhou = await personBy(ZHOU);
    const item = (await steward.get('/api/v1/linkage/reviews', 'data_quality')).json().items[0];
    const decided = await steward.post(`/api/v1/linkage/reviews/${item.id}/decision`, { decision: 'same', note: '电话核实为同一人' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'same', appliedTo: zhou.id, decidedBy: expect.any(String), note: '电话核实为同一人' });
    expect((await steward.get('/api/v1/linkage/reviews', 'data_quality')).json().items).toEqual([]);
    const status = (await steward.get(`/api/v1/imports/${civilImport}`)).json();
    expect(status).toMatchObject({ appliedRows: 3, heldRows: 0 });
    const page = (await steward.get(`/api/v1/people/${zhou.id}`, 'data_quality')).json();
    const phones = page.fields.find((f: { field: string }) => f.field === 'person.phones');
    expect(phones.value).toEqual(expect.arrayContaining(['13905719988', '13611112222']));
    expect((await steward.post(`/api/v1/linkage/reviews/${item.id}/decision`, { decision: 'different' })).statusCode).toBe(409);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'target_ids']).where('action', '=', 'linkage.review.decide').execute();
    expect(audit).toEqual([{ action: 'linkage.review.decide', target_ids: [zhou.id] }]);
  });

  it('makes one new person of two rows of one file that are the same person without an ID number', async () => {
    const file = [
      '档案号,姓名,身份证号,性别,出生日期,联系电话,居住地址,所属社区代码',
      'MZ-101,滕秀英,,女,1948-07-15,13812345678,宝石新村8-2-303,330106002051',
      // The same woman again under another file number (listed twice by two offices).
      'MZ-102,滕秀英,,女,1948-07-15,13812345678,宝石新村8-2-303,330106002051',
      // Another woman of the same name and year in another flat: not her.
      'MZ-103,滕秀英,,女,1951-02-20,13611110000,翠苑新村3-1-502,330106002051',
    ].join('\n');
    const imported = await importThroughApi(steward, { name: 'civil-pair.csv', bytes: Buffer.from(file) }, { profileId: 'test-mz-linkage' });
    expect(imported).toMatchObject({ validRows: 3, appliedRows: 3, heldRows: 0, rejectedRows: 0 });
    expect(imported.stats).toMatchObject({ peopleCreated: 2, linkedWithinFile: 1 });
    const people = (await steward.get(`/api/v1/people?name=${encodeURIComponent('滕秀英')}`, 'data_quality')).json().items as Array<{ id: string; birthDate: string }>;
    expect(people.map((p) => p.birthDate).sort()).toEqual(['1948-07-15', '1951-02-20']);
    const decision = (await t.database.db.selectFrom('linkage_decisions').select(['outcome', 'person_id', 'explanation']).where('import_id', '=', imported.id).where('record_key', '=', 'MZ-102').executeTakeFirstOrThrow());
    expect(decision).toMatchObject({ outcome: 'linked', person_id: people.find((p) => p.birthDate === '1948-07-15')!.id, explanation: expect.objectContaining({ sameAsRow: 2 }) });
  });

  it('adds nothing twice when the same file is imported again', async () => {
    const count = async (table: 'people' | 'linkage_reviews' | 'linkage_corrections' | 'registry_statements') =>
      Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = { people: await count('people'), reviews: await count('linkage_reviews'), corrections: await count('linkage_corrections'), statements: await count('registry_statements') };
    const again = await importThroughApi(steward, civilFile, { profileId: 'test-mz-linkage' });
    expect(again).toMatchObject({ appliedRows: 3, heldRows: 0 });
    expect(again.stats).toMatchObject({ peopleCreated: 0, factsAdded: 0, factsChanged: 0 });
    expect({ people: await count('people'), reviews: await count('linkage_reviews'), corrections: await count('linkage_corrections'), statements: await count('registry_statements') }).toEqual(before);
  });

  it('merges two persons and undoes the merge, restoring both with their facts and links, with the history', async () => {
    const sun = await personBy(SUN);
    const qian = await personBy(QIAN);
    const pageOf = async (id: string) => (await steward.get(`/api/v1/people/${id}`, 'data_quality')).json();
    const [sunBefore, qianBefore] = [await pageOf(sun.id), await pageOf(qian.id)];

    const merged = await steward.post('/api/v1/linkage/merges', { survivorId: sun.id, mergedId: qian.id, reason: '测试合并' });
    expect(merged.statusCode, merged.body).toBe(201);
    const merge = merged.json();
    expect((await steward.get(`/api/v1/people/${qian.id}`, 'data_quality')).statusCode).toBe(404);
    const combined = await pageOf(sun.id);
    const name = combined.fields.find((f: { field: string }) => f.field === 'person.name');
    // The survivor's page now holds what the sources said of both: 钱多多 as another source's name.
    expect(name.value).toBe('孙美玲');
    expect(name.disagreements).toEqual(expect.arrayContaining([expect.objectContaining({ value: '钱多多' })]));

    const undone = await steward.post(`/api/v1/linkage/merges/${merge.id}/unmerge`, { reason: '并非同一人' });
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toMatchObject({ unmergedBy: expect.any(String), unmergeReason: '并非同一人', unmergedAt: expect.any(String) });
    expect(await pageOf(sun.id)).toEqual(sunBefore);
    expect(await pageOf(qian.id)).toEqual(qianBefore);
    expect((await steward.post(`/api/v1/linkage/merges/${merge.id}/unmerge`, { reason: 'again' })).statusCode).toBe(409);

    const history = (await steward.get(`/api/v1/linkage/merges?personId=${qian.id}`)).json().items;
    expect(history).toEqual([
      expect.objectContaining({ id: merge.id, survivorId: sun.id, survivorName: '孙美玲', mergedId: qian.id, mergedName: '钱多多', reason: '测试合并', mergedBy: expect.any(String), unmergeReason: '并非同一人' }),
    ]);
    // Names in the history are personal data: reading them is in the audit log, and a purpose that needs none sees surnames.
    const audited = await t.database.db.selectFrom('audit_log').select('target_ids').where('action', '=', 'linkage.merge.list').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audited.target_ids).toEqual(expect.arrayContaining([sun.id, qian.id]));
    const forStatistics = (await steward.get(`/api/v1/linkage/merges?personId=${qian.id}`, 'statistics')).json().items;
    expect(forStatistics[0]).toMatchObject({ survivorName: '孙**', mergedName: '钱**' });
    expect((await steward.get(`/api/v1/linkage/merges/${merge.id}`)).json()).toMatchObject({ id: merge.id });
  });
});
