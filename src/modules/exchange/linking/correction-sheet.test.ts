import { describe, expect, it } from 'vitest';
import { mappingProfileSchema } from '../profiles/profile.js';
import { correctionSheet } from './correction-sheet.js';

const profile = mappingProfileSchema.parse({
  version: 1,
  id: 'xh-ga-hukou',
  name: '公安户籍人口',
  source: { department: 'XH-GA', dataset: 'hukou', name: '户籍人口' },
  columns: [
    { column: '户号', field: 'household.number' },
    { column: '公民身份号码', field: 'person.id_number' },
    { column: '姓名', field: 'person.name' },
    { column: '性别', field: 'person.sex', values: { 男: 'male', 女: 'female' } },
    { column: '出生日期', field: 'person.birth_date', dateFormats: ['yyyymmdd'] },
    { column: '户籍地址', field: 'dwelling.address' },
    { constant: '330106002051', field: 'dwelling.community' },
  ],
});

describe('correctionSheet', () => {
  it('writes the department’s own columns and codes back, then the problem and the suggestion', () => {
    const sheet = correctionSheet(profile, [
      {
        kind: 'id_number_invalid',
        field: 'person.id_number',
        value: '330106196701080209',
        suggestion: '330106196701080208',
        detail: 'checksum',
        row: 14,
        record: {
          key: '330106196701080209',
          observedOn: null,
          person: { 'person.name': '孙美玲', 'person.sex': 'female', 'person.birth_date': '1967-01-08' },
          derived: [],
          household: { number: '3301060100005', facts: {} },
          dwelling: { communityCode: '330106002051', searchPath: null, road: null, compound: '宝石新村', building: '7', unit: '1', room: '201', address: '宝石新村7幢1单元201室', facts: {} },
          organisation: null,
          suspectIdNumber: '330106196701080209',
        },
      },
    ]);
    expect(sheet[0]).toEqual(['户号', '公民身份号码', '姓名', '性别', '出生日期', '户籍地址', '原文件行号 row', '问题 problem', '原值 value', '建议值 suggestion', '说明 detail']);
    expect(sheet[1]).toEqual([
      '3301060100005', '330106196701080209', '孙美玲', '女', '19670108', '宝石新村7幢1单元201室',
      14, expect.stringContaining('校验位'), '330106196701080209', '330106196701080208', 'checksum',
    ]);
  });
});
