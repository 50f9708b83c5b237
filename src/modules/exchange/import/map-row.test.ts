import { describe, expect, it } from 'vitest';
import { testCatalogue } from '../../../../test/support/catalogue.js';
import type { Cell } from '../../../lib/tabular.js';
import { mappingProfileSchema, type MappingProfile } from '../profiles/profile.js';
import { compileProfile, mapRow, type CompiledProfile } from './map-row.js';
import { PlaceIndex } from './places.js';

const places = new PlaceIndex([
  { code: '330100', name: '杭州市', level: 'city', path: '330100' },
  { code: '330106', name: '西湖区', level: 'district', path: '330100.330106' },
  { code: '330106002', name: '北山街道', level: 'street', path: '330100.330106.330106002' },
  { code: '330106005', name: '翠苑街道', level: 'street', path: '330100.330106.330106005' },
  { code: '330106002051', name: '上保社区', level: 'community', path: '330100.330106.330106002.330106002051' },
  { code: '330106002052', name: '宝石社区', level: 'community', path: '330100.330106.330106002.330106002052' },
  { code: '330106002099', name: '花园社区', level: 'community', path: '330100.330106.330106002.330106002099' },
  { code: '330106005052', name: '花园社区', level: 'community', path: '330100.330106.330106005.330106005052' },
]);
const ctx = { catalogue: testCatalogue(), places, asOf: new Date('2026-06-30T00:00:00+08:00') };

function profileOf(columns: unknown[], extra: Record<string, unknown> = {}): MappingProfile {
  return mappingProfileSchema.parse({ version: 1, id: 't', name: 't', source: { department: 'XH-GA', dataset: 't', name: 't' }, columns, ...extra });
}

function compiled(profile: MappingProfile, header: string[]): CompiledProfile {
  const result = compileProfile(profile, header);
  if (!result.ok) throw new Error(`missing ${result.missing}`);
  return result.compiled;
}

const PERSON = profileOf([
  { column: '身份证号', field: 'person.id_number' },
  { column: '姓名', field: 'person.name', required: true },
  { column: '性别', field: 'person.sex' },
  { column: '出生日期', field: 'person.birth_date', dateFormats: ['yyyymmdd', 'excel_serial'] },
  { column: '电话', field: 'person.phones' },
  { column: '类别', field: 'person.tags', values: { 居家养老: null } },
]);
const HEADER = ['身份证号', '姓名', '性别', '出生日期', '电话', '类别'];
const row = (cells: Cell[]) => mapRow(compiled(PERSON, HEADER), cells, ctx);

describe('compileProfile', () => {
  it('finds columns whatever their width and spacing, and names the ones a file lacks', () => {
    const profile = profileOf([{ column: '身份证号(码)', field: 'person.id_number' }, { column: '姓名', field: 'person.name' }, { column: '民族', field: 'person.ethnicity' }]);
    expect(compileProfile(profile, ['身份证号（码）', ' 姓 名 ']).ok).toBe(false);
    expect(compileProfile(profile, ['身份证号（码）', ' 姓 名 '])).toEqual({ ok: false, missing: ['民族'] });
  });

  it('skips a rule whose optional column is missing', () => {
    const profile = profileOf([{ column: '姓名', field: 'person.name' }, { column: '重点人群', field: 'person.tags', optionalColumn: true }]);
    const result = compileProfile(profile, ['姓名']);
    expect(result.ok && result.compiled.rules).toHaveLength(1);
  });
});

describe('mapRow', () => {
  it('normalises each field and reads sex and birth date from the ID number when the row does not give them', () => {
    const { record, issues } = row(['330106380611015', ' 張　偉 ', null, null, '+86 139 0571 0001', '低保户；特困']);
    expect(issues).toEqual([]);
    expect(record).toMatchObject({
      key: '330106193806110158',
      person: {
        'person.id_number': '330106193806110158',
        'person.name': '张伟',
        'person.sex': 'male',
        'person.birth_date': '1938-06-11',
        'person.phones': ['13905710001'],
        'person.tags': ['low_income', 'special_hardship'],
      },
      derived: ['person.sex', 'person.birth_date'],
    });
  });

  it('warns, and lets the row in, when stated sex or birth date disagree with the ID number', () => {
    const { record, issues } = row(['330106193806110158', '张伟', '女', '19380612', null, null]);
    expect(record).not.toBeNull();
    expect(issues.map((i) => [i.code, i.severity, i.column, i.value, i.detail])).toEqual([
      ['id_number.sex_mismatch', 'warning', '性别', 'female', 'male'],
      ['id_number.birth_date_mismatch', 'warning', '出生日期', '1938-06-12', '1938-06-11'],
    ]);
  });

  it('quarantines a row with a malformed ID number, naming column and value, and reports no follow-on problems', () => {
    const { record, issues } = row(['33010619380611015', '张伟', null, null, null, null]);
    expect(record).toBeNull();
    expect(issues).toEqual([{ code: 'id_number.length', severity: 'error', column: '身份证号', field: 'person.id_number', value: '33010619380611015' }]);
  });

  it('keeps a row whose ID number fails only its check character for linkage, without storing the number', () => {
    const { record, issues } = row(['330106193806110159', '张伟', null, null, null, null]);
    expect(issues).toEqual([{ code: 'id_number.unverified', severity: 'warning', column: '身份证号', field: 'person.id_number', value: '330106193806110159' }]);
    expect(record).toMatchObject({ key: '330106193806110159', suspectIdNumber: '330106193806110159' });
    expect(record!.person).not.toHaveProperty('person.id_number');
  });

  it('keeps a row whose ID number holds a birth date that cannot be (a mistyped digit) for linkage, without storing the number', () => {
    // 19381311: month 13, from 19380611 with two digits mistyped.
    const { record, issues } = row(['330106193813110159', '张伟', null, null, null, null]);
    expect(issues).toEqual([{ code: 'id_number.unverified', severity: 'warning', column: '身份证号', field: 'person.id_number', value: '330106193813110159' }]);
    expect(record).toMatchObject({ key: '330106193813110159', suspectIdNumber: '330106193813110159' });
    expect(record!.person).not.toHaveProperty('person.id_number');
  });

  it('names the digits lost when Excel stored an ID number as a number', () => {
    expect(row([330106197804020000, '刘芳', null, null, null, null]).issues[0].code).toBe('id_number.float_precision_lost');
  });

  it('reads Excel serial dates and date cells, and refuses dates after the data was taken', () => {
    expect(row(['330106193806110158', '张伟', null, '14042', null, null]).record!.person!['person.birth_date']).toBe('1938-06-11');
    expect(row(['330106193806110158', '张伟', null, new Date(Date.UTC(1938, 5, 11)), null, null]).issues).toEqual([]);
    expect(row([null, '张伟', null, '20261231', null, null]).issues.map((i) => i.code)).toEqual(expect.arrayContaining(['date.future']));
  });

  it('leaves out a bad phone with a warning, and keeps the good ones', () => {
    const { record, issues } = row(['330106193806110158', '张伟', null, null, '13905710001/88886666', null]);
    expect(record!.person!['person.phones']).toEqual(['13905710001']);
    expect(issues).toEqual([expect.objectContaining({ code: 'phone.landline_without_area_code', severity: 'warning', value: '88886666' })]);
  });

  it('maps values through the profile and the catalogue, and refuses what neither knows', () => {
    expect(row(['330106193806110158', '张伟', '1', null, null, '居家养老']).record!.person).not.toHaveProperty('person.tags');
    const unknown = row(['330106193806110158', '张伟', '男', null, null, '临时救助']);
    expect(unknown.issues).toEqual([expect.objectContaining({ code: 'tag.unknown', column: '类别', value: '临时救助' })]);
  });

  it('requires what the profile requires, and an identity for a person', () => {
    expect(row(['330106193806110158', null, null, null, null, null]).issues).toEqual([expect.objectContaining({ code: 'required', column: '姓名' })]);
    expect(row([null, '张伟', null, null, null, null]).issues).toEqual([expect.objectContaining({ code: 'unidentifiable' })]);
  });

  it('identifies a record by the department key when the profile names one', () => {
    const profile = profileOf([{ column: '档案编号', field: 'person.registration_place' }, { column: '姓名', field: 'person.name' }], { recordKey: ['档案编号'] });
    expect(mapRow(compiled(profile, ['档案编号', '姓名']), ['ＷＪ001', '王子涵'], ctx).record!.key).toBe('WJ001');
  });

  it('parses addresses and places them in the community they name, or the street to search', () => {
    const profile = profileOf([{ column: '地址', field: 'dwelling.address' }, { column: '用途', field: 'dwelling.use' }]);
    const map = (address: string) => mapRow(compiled(profile, ['地址', '用途']), [address, '出租房'], ctx).record!.dwelling;
    expect(map('杭州市西湖区北山街道上保社区宝石新村3幢2单元301室')).toMatchObject({
      communityCode: '330106002051',
      searchPath: null,
      compound: '宝石新村',
      building: '3',
      unit: '2',
      room: '301',
      facts: { 'dwelling.use': 'rented' },
    });
    expect(map('西湖区北山街道保俶路58号宝石新村3幢2单元301室')).toMatchObject({ communityCode: null, searchPath: '330100.330106.330106002', road: '保俶路58号' });
    // A compound named like a district (嘉绿一区) after the known community, behind a province the index does not hold.
    expect(map('浙江省杭州市西湖区北山街道上保社区之江路5号嘉绿一区1幢1单元101室')).toMatchObject({ communityCode: '330106002051', compound: '嘉绿一区', building: '1', unit: '1', room: '101' });
    const unparsed = mapRow(compiled(profile, ['地址', '用途']), ['宝石新村', null], ctx);
    expect(unparsed.issues).toEqual([expect.objectContaining({ code: 'address.unparsed', column: '地址' })]);
  });

  it('splits one column into several fields, joins several into one, and fills constants', () => {
    const profile = profileOf([
      { column: '小区', field: 'dwelling.compound' },
      { column: '楼室', split: { separator: '-', into: ['dwelling.building', 'dwelling.unit', 'dwelling.room'] } },
      { columns: ['社区', '代码'], join: '', field: 'dwelling.community' },
      { constant: '出租', field: 'dwelling.use' },
    ]);
    const c = compiled(profile, ['小区', '楼室', '社区', '代码']);
    expect(mapRow(c, ['宝石新村', '3-2-301', '330106', '002051'], ctx).record!.dwelling).toMatchObject({
      communityCode: '330106002051',
      compound: '宝石新村',
      building: '3',
      unit: '2',
      room: '301',
      facts: { 'dwelling.use': 'rented' },
    });
    expect(mapRow(c, ['宝石新村', '3-301', '330106', '002051'], ctx).issues).toEqual([expect.objectContaining({ code: 'split_parts', value: '3-301' })]);
  });

  it('refuses a community name several communities share, and an unknown one', () => {
    const profile = profileOf([{ column: '社区', field: 'dwelling.community' }, { column: '地址', field: 'dwelling.address' }]);
    const c = compiled(profile, ['社区', '地址']);
    expect(mapRow(c, ['花园社区', '宝石新村3-2-301'], ctx).issues[0].code).toBe('community.ambiguous');
    expect(mapRow(c, ['火星社区', '宝石新村3-2-301'], ctx).issues[0].code).toBe('community.unknown');
  });

  it('reads organisations by credit code, and leaves out a landlord named without one', () => {
    const profile = profileOf([
      { column: '姓名', field: 'person.name' },
      { column: '身份证号', field: 'person.id_number' },
      { column: '出租单位', field: 'organisation.name' },
      { column: '信用代码', field: 'organisation.credit_code' },
    ]);
    const c = compiled(profile, ['姓名', '身份证号', '出租单位', '信用代码']);
    expect(mapRow(c, ['张伟', '330106193806110158', '安居公司', '91350100m000100y43'], ctx).record!.organisation).toEqual({
      creditCode: '91350100M000100Y43',
      facts: { 'organisation.name': '安居公司' },
    });
    const nameless = mapRow(c, ['张伟', '330106193806110158', '安居公司', null], ctx);
    expect(nameless.record!.organisation).toBeNull();
    expect(nameless.issues).toEqual([expect.objectContaining({ code: 'organisation.unidentified', severity: 'warning' })]);
  });

  it('dates a row by its own column when the profile names one', () => {
    const profile = profileOf([{ column: '姓名', field: 'person.name' }, { column: '身份证号', field: 'person.id_number' }], { observedAt: { column: '登记日期', dateFormats: ['iso'] } });
    const c = compiled(profile, ['姓名', '身份证号', '登记日期']);
    expect(mapRow(c, ['张伟', '330106193806110158', '2025-07-01'], ctx).record!.observedOn).toBe('2025-07-01');
    expect(mapRow(c, ['张伟', '330106193806110158', '某天'], ctx).issues).toEqual([expect.objectContaining({ code: 'date.format', column: '登记日期' })]);
  });
});
