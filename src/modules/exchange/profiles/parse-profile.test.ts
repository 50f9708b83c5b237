import { describe, expect, it } from 'vitest';
import { testCatalogue } from '../../../../test/support/catalogue.js';
import { formatPath, parseProfile } from './parse-profile.js';

const catalogue = testCatalogue();

const VALID = `version: 1
id: xh-ga-hukou
name: 公安户籍人口
source:
  department: XH-GA
  dataset: hukou
  name: 户籍人口
links:
  personDwelling: [registered]
columns:
  - column: 公民身份号码
    field: person.id_number
    required: true
  - column: 姓名
    field: person.name
  - column: 性别
    field: person.sex
    values:
      男: male
      女: female
      不详: null
  - column: 户籍地址
    field: dwelling.address
`;

const issuesOf = (text: string) => {
  const result = parseProfile(text, catalogue);
  if (result.ok) throw new Error('expected the profile to be refused');
  return result.issues;
};

describe('parseProfile', () => {
  it('reads a valid profile with its defaults filled in', () => {
    const result = parseProfile(VALID, catalogue);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profile.input).toEqual({ encoding: 'auto', headerRow: 1, delimiter: ',' });
    expect(result.profile.links).toEqual({ personDwelling: ['registered'], householdDwelling: false });
    expect(result.profile.columns[0]).toMatchObject({ column: '公民身份号码', required: true, optionalColumn: false, join: '' });
  });

  it('reads JSON as well as YAML', () => {
    const json = JSON.stringify({ version: 1, id: 'x', name: 'x', source: { department: 'D', dataset: 'd', name: 'd' }, columns: [{ column: '姓名', field: 'person.name' }] });
    expect(parseProfile(json, catalogue).ok).toBe(true);
  });

  it('names the line of a YAML syntax error', () => {
    expect(issuesOf('version: 1\ncolumns:\n  - column: [\n')).toEqual([expect.objectContaining({ path: '', line: expect.any(Number) })]);
  });

  it('names unknown keys, wrong types and missing parts with their path and line', () => {
    const issues = issuesOf(VALID.replace('columns:', 'colums:').replace('version: 1', 'version: 2'));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'version', line: 1 }),
        // A missing key has no line of its own: the nearest enclosing node's is given.
        expect.objectContaining({ path: 'columns', line: 1 }),
        expect.objectContaining({ path: '', message: expect.stringContaining('colums') }),
      ]),
    );
  });

  it('refuses a rule without exactly one source and one target', () => {
    const issues = issuesOf(VALID.replace('  - column: 姓名\n    field: person.name\n', '  - column: 姓名\n    constant: x\n    field: person.name\n    split: { separator: "-", into: [dwelling.building, dwelling.room] }\n'));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['columns[1]', 'give exactly one of column, columns or constant'],
      ['columns[1]', 'give exactly one of field or split'],
    ]);
  });

  it('suggests the field meant by a misspelt key', () => {
    expect(issuesOf(VALID.replace('field: person.name', 'field: person.nmae'))).toEqual([
      { path: 'columns[1].field', line: 15, message: 'unknown field person.nmae (did you mean person.name?)' },
    ]);
  });

  it('refuses value-map targets that are not codes of the field, naming the entry', () => {
    expect(issuesOf(VALID.replace('男: male', '男: mael'))).toEqual([
      { path: 'columns[2].values.男', line: 19, message: 'mael is not a code of person.sex (male, female)' },
    ]);
  });

  it('refuses link fields, a field filled twice, and options that do not fit the field', () => {
    const issues = issuesOf(
      VALID.replace(
        '  - column: 户籍地址',
        '  - column: 户\n    field: person.household\n  - column: 姓名2\n    field: person.name\n  - column: 性别2\n    field: person.sex\n    dateFormats: [iso]\n    separator: ";"\n  - column: 户籍地址',
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['columns[3].field', 'columns[4].field', 'columns[5].field', 'columns[5].dateFormats', 'columns[5].separator']);
    expect(issues[0].message).toContain('links records');
    expect(issues[1].message).toBe('person.name is already filled by columns[1]; it holds one value');
    expect(issues[3].message).toBe('person.sex is not a date field');
  });

  it('checks that links have the records they link', () => {
    const issues = issuesOf(VALID.replace('  - column: 户籍地址\n    field: dwelling.address\n', ''));
    expect(issues).toEqual([expect.objectContaining({ path: 'links.personDwelling', line: 9 })]);
  });

  it('accepts a constant spelled as a department would, and refuses one that is no code', () => {
    expect(parseProfile(VALID.replace('  - column: 姓名', '  - constant: 流动\n    field: person.residence_status\n  - column: 姓名'), catalogue).ok).toBe(true);
    expect(issuesOf(VALID.replace('  - column: 姓名', '  - constant: 外星\n    field: person.residence_status\n  - column: 姓名'))[0].path).toBe('columns[1].constant');
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatPath(['columns', 3, 'values', '男'])).toBe('columns[3].values.男');
    expect(formatPath([])).toBe('');
  });
});
