import { describe, expect, it } from 'vitest';
import { testCatalogue } from '../../../../test/support/catalogue.js';
import { parseDate } from '../../../lib/dates.js';
import { parseProfile } from '../profiles/parse-profile.js';
import type { MappingProfile } from '../profiles/profile.js';
import { exportCell, exportColumns, formatDate } from './reverse-profile.js';

const catalogue = testCatalogue();

function profile(columns: string): MappingProfile {
  const parsed = parseProfile(`version: 1\nid: test\nname: test\nsource: { department: XH-MZ, dataset: test, name: test }\ncolumns:\n${columns}`, catalogue);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.profile;
}

describe('exportColumns and exportCell', () => {
  const columns = exportColumns(
    profile(`
  - { column: 姓名, field: person.name }
  - { column: 性别, field: person.sex, values: { '1': male, '2': female, 男: male } }
  - { column: 出生日期, field: person.birth_date, dateFormats: [chinese, iso] }
  - { column: 电话, field: person.phones, separator: [';', '，'] }
  - { column: 类别, field: person.tags, values: { 低保对象: low_income, 无: null } }
  - { column: 楼-单元-室, split: { separator: '-', into: [dwelling.building, dwelling.unit, dwelling.room] } }
  - { columns: [小区, 门牌], field: dwelling.address }
  - { constant: '330106002051', field: dwelling.community }
  - { column: 小区, field: dwelling.compound }
`),
  );
  const record = {
    'person.name': '张*',
    'person.sex': 'female',
    'person.birth_date': '1949-10-01',
    'person.phones': ['139****0000', '0571-8888'],
    'person.tags': ['low_income', 'floating'],
    'dwelling.building': '3',
    'dwelling.unit': '2',
    'dwelling.room': '301',
    'dwelling.address': '紫金雅苑3-2-301',
  };
  const cells = Object.fromEntries(columns.map((c) => [c.header, exportCell(c, record, catalogue)]));

  it('gives each column of the file once, in the profile order, without constants', () => {
    expect(columns.map((c) => c.header)).toEqual(['姓名', '性别', '出生日期', '电话', '类别', '楼-单元-室', '小区']);
  });

  it("writes codes as the department's own (its value map reversed, first spelling), else the catalogue label", () => {
    expect(cells['性别']).toBe('2');
    expect(cells['类别']).toBe('低保对象、流动人口');
  });

  it('writes dates in the first format of the column, multi-valued fields with its separator, splits joined back', () => {
    expect(cells['出生日期']).toBe('1949年10月1日');
    expect(cells['电话']).toBe('139****0000;0571-8888');
    expect(cells['楼-单元-室']).toBe('3-2-301');
    expect(cells['小区']).toBe('紫金雅苑3-2-301');
  });

  it('leaves a cell empty when the field is not in the record (withheld)', () => {
    const { 'person.sex': _, ...withheld } = record;
    expect(exportCell(columns[1], withheld, catalogue)).toBeNull();
    expect(exportCell(columns[3], { 'person.phones': [] }, catalogue)).toBeNull();
  });
});

describe('formatDate', () => {
  it('writes every date format the import reads, and reads back the same date', () => {
    for (const format of ['yyyymmdd', 'iso', 'chinese', 'excel_serial'] as const) {
      for (const iso of ['1900-01-15', '1900-03-01', '1985-03-12', '2024-02-29']) {
        const written = formatDate(iso, format);
        expect(parseDate(String(written), [format]), `${iso} as ${format}: ${written}`).toEqual({ ok: true, value: iso, precision: 'day' });
      }
    }
    expect(formatDate('1985-03-12', 'excel_serial')).toBe(31118);
  });

  it('keeps a month-only date a month, never inventing a day', () => {
    expect(formatDate('1985-03', 'yyyymmdd')).toBe('1985-03');
    expect(formatDate('1985-03', 'chinese')).toBe('1985年3月');
    expect(formatDate('1985-03-12', 'year_month')).toBe('1985-03');
  });
});
