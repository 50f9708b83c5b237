import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FormSpecError, type SpecIssue } from './issues.js';
import { REGISTRY_FIELDS, SAMPLE_FORMS } from './samples/forms.js';
import type { FormSpec } from './spec.js';
import { readXlsForm, writeXlsForm } from './xlsform.js';

type Rows = Array<Array<string | number | boolean | Date | null>>;

async function workbook(sheets: Record<string, Rows>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const SETTINGS: Rows = [['form_id', 'form_title'], ['test', '测试']];
const CHOICES: Rows = [
  ['list_name', 'name', 'label::zh'],
  ['yes_no', 'yes', '是'],
  ['yes_no', 'no', '否'],
];

async function readIssues(data: Uint8Array): Promise<SpecIssue[]> {
  try {
    await readXlsForm(data);
  } catch (error) {
    expect(error).toBeInstanceOf(FormSpecError);
    return (error as FormSpecError).issues;
  }
  throw new Error('expected the workbook not to read');
}

/** A form that uses every column, both languages, groups, repeats, notes, filters and every setting. */
const everything: FormSpec = {
  settings: { formId: 'everything', formTitle: 'Every column', version: '7', defaultLanguage: 'en' },
  survey: [
    { type: 'note', name: 'intro', label: { en: 'Hello ${person}' } },
    {
      type: 'text',
      name: 'person',
      label: { zh: '姓名', en: 'Name' },
      hint: { zh: '身份证上的姓名', en: 'As on the ID card' },
      required: 'yes',
      constraint: 'string-length(.) >= 2',
      constraintMessage: { zh: '至少两个字', en: 'At least two characters' },
      appearance: 'multiline',
      registryField: 'person.name',
    },
    { type: 'select_one', listName: 'district', name: 'district', label: { en: 'District' }, default: 'xihu' },
    { type: 'select_one', listName: 'street', name: 'street', label: { en: 'Street' }, choiceFilter: 'district = ${district}' },
    { type: 'begin_group', name: 'more', label: { zh: '更多', en: 'More' }, relevant: "${street} != ''", appearance: 'field-list' },
    { type: 'integer', name: 'rooms', label: { en: 'Rooms' }, required: '${street} = "beishan"', default: '1' },
    { type: 'begin_repeat', name: 'pets', label: { en: 'Pets' } },
    { type: 'decimal', name: 'weight', label: { en: 'Weight' } },
    { type: 'date', name: 'born', label: { en: 'Born' }, default: '2020-01-31' },
    { type: 'select_multiple', listName: 'district', name: 'visited', label: { en: 'Visited' } },
    { type: 'end_repeat', name: 'pets' },
    { type: 'end_group' },
    { type: 'calculate', name: 'pet_count', calculation: 'count(${pets})' },
  ],
  choices: [
    { listName: 'district', name: 'xihu', label: { zh: '西湖区', en: 'Xihu' } },
    { listName: 'district', name: 'gongshu', label: { zh: '拱墅区' } },
    { listName: 'street', name: 'beishan', label: { en: 'Beishan' }, filters: { district: 'xihu' } },
    { listName: 'street', name: 'hushu', label: { en: 'Hushu' }, filters: { district: 'gongshu', note: 'merged 2021' } },
  ],
};

describe('writeXlsForm and readXlsForm', () => {
  it.each([...SAMPLE_FORMS, everything].map((spec) => [spec.settings.formId, spec] as const))('round-trips %s exactly', async (_id, spec) => {
    expect(await readXlsForm(await writeXlsForm(spec), { registryFields: REGISTRY_FIELDS })).toStrictEqual(spec);
  });

  it('writes the sheets and columns an XLSForm tool expects, with readable headers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeXlsForm(everything)) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['survey', 'choices', 'settings']);
    const survey = book.getWorksheet('survey')!;
    expect((survey.getRow(1).values as unknown[]).slice(1)).toEqual([
      'type', 'name', 'label::zh', 'label::en', 'hint::zh', 'hint::en', 'required', 'relevant', 'constraint',
      'constraint_message::zh', 'constraint_message::en', 'calculation', 'default', 'choice_filter', 'appearance', 'bind::registry',
    ]);
    expect(survey.getCell('A4').value).toBe('select_one district');
    expect(survey.getRow(1).font?.bold).toBe(true);
    expect((book.getWorksheet('choices')!.getRow(1).values as unknown[]).slice(1)).toEqual(['list_name', 'name', 'label::zh', 'label::en', 'district', 'note']);
    expect((book.getWorksheet('settings')!.getRow(2).values as unknown[]).slice(1)).toEqual(['everything', 'Every column', '7', 'en']);
  });

  it('the committed sample workbooks are the sample forms', async () => {
    for (const spec of SAMPLE_FORMS) {
      const file = await readFile(new URL(`../../../../docs/samples/forms/${spec.settings.formId}.xlsx`, import.meta.url));
      expect(await readXlsForm(file, { registryFields: REGISTRY_FIELDS })).toStrictEqual(spec);
    }
  });
});

describe('readXlsForm: what departments write', () => {
  it('accepts header spellings from other tools, bare labels in the default language, and typed cells', async () => {
    const data = await workbook({
      Survey: [
        ['Type', 'NAME', 'label', 'Label::Chinese (zh)', 'hint::en-US', 'required', 'default', 'relevant'],
        ['begin group', 'g', 'Group', null, null, null, null, null],
        ['integer', 'n', 'Count', '数量', null, true, 0, null],
        ['date', 'd', null, '日期', 'Day of the visit', false, new Date(Date.UTC(2026, 0, 31)), '${n} > 1'],
        ['end group', null, null, null, null, null, null, null],
      ],
      settings: [['form_id', 'version', 'default_language'], ['typed', 20260301, 'English (en)']],
    });
    expect(await readXlsForm(data)).toStrictEqual({
      settings: { formId: 'typed', version: '20260301', defaultLanguage: 'en' },
      survey: [
        { type: 'begin_group', name: 'g', label: { en: 'Group' } },
        { type: 'integer', name: 'n', label: { en: 'Count', zh: '数量' }, required: 'true', default: '0' },
        { type: 'date', name: 'd', label: { zh: '日期' }, hint: { en: 'Day of the visit' }, required: 'false', default: '2026-01-31', relevant: '${n} > 1' },
        { type: 'end_group' },
      ],
      choices: [],
    });
  });

  it('skips blank rows but keeps row numbers as Excel shows them', async () => {
    const data = await workbook({
      survey: [['type', 'name', 'label::zh'], ['text', 'a', '甲'], [], [], ['text', 'a', '乙']],
      settings: SETTINGS,
    });
    expect(await readIssues(data)).toEqual([{ sheet: 'survey', row: 5, column: 'name', message: "duplicate name 'a': already used at row 2" }]);
  });
});

describe('readXlsForm: errors that point at the cell', () => {
  it('an unknown type at survey row 7', async () => {
    const data = await workbook({
      survey: [
        ['type', 'name', 'label::zh'],
        ['text', 'a', '甲'],
        ['text', 'b', '乙'],
        ['integer', 'c', '丙'],
        ['date', 'd', '丁'],
        ['decimal', 'e', '戊'],
        ['slect_one yes_no', 'f', '己'],
      ],
      choices: CHOICES,
      settings: SETTINGS,
    });
    const [issue] = await readIssues(data);
    expect(issue).toMatchObject({ sheet: 'survey', row: 7, column: 'type' });
    expect(issue.message).toMatch(/^unknown question type 'slect_one' \(did you mean 'select_one'\?\)/);
  });

  it('an unclosed group, an undefined choice list and an expression syntax error, all at once', async () => {
    const data = await workbook({
      survey: [
        ['type', 'name', 'label::zh', 'relevant'],
        ['begin_group', 'household', '家庭', null],
        ['select_one yesno', 'owner', '户主', null],
        ['integer', 'size', '人数', "${owner} = 'yes' and"],
      ],
      choices: CHOICES,
      settings: SETTINGS,
    });
    expect(await readIssues(data)).toEqual([
      { sheet: 'survey', row: 2, column: 'type', message: "the group 'household' is never closed: add an end_group row" },
      { sheet: 'survey', row: 3, column: 'type', message: "choice list 'yesno' is not defined in the choices sheet (did you mean 'yes_no'?)" },
      { sheet: 'survey', row: 4, column: 'relevant', position: 21, message: 'the expression ends where a value is expected' },
    ]);
  });

  it('a column it does not understand, rather than silently ignoring it', async () => {
    const data = await workbook({
      survey: [['type', 'name', 'label::zh', 'read_only', 'requred'], ['text', 'a', '甲', 'yes', null]],
      settings: [['form_id', 'style'], ['x', 'pages']],
    });
    const issues = await readIssues(data);
    expect(issues.map((issue) => `${issue.sheet} ${issue.row} ${issue.column}`)).toEqual(['settings 1 style', 'survey 1 read_only', 'survey 1 requred']);
    expect(issues[2].message).toMatch(/^unknown column 'requred' \(did you mean 'required'\?\); the survey columns are type, name, /);
  });

  it('a language other than Chinese and English', async () => {
    const data = await workbook({ survey: [['type', 'name', 'label::fr'], ['text', 'a', 'Nom']], settings: SETTINGS });
    expect(await readIssues(data)).toEqual([
      { sheet: 'survey', row: 1, column: 'label::fr', message: "language 'fr' is not supported: use ::zh or ::en" },
    ]);
  });

  it('a bare label beside the same language written out', async () => {
    const data = await workbook({ survey: [['type', 'name', 'label', 'label::zh'], ['text', 'a', '甲', '乙']], settings: SETTINGS });
    expect(await readIssues(data)).toEqual([{ sheet: 'survey', row: 1, column: 'label::zh', message: "'label::zh' repeats the column label::zh" }]);
  });

  it('modifiers after the choice list that it does not support', async () => {
    const data = await workbook({ survey: [['type', 'name', 'label::zh'], ['select_one yes_no or_other', 'a', '甲']], choices: CHOICES, settings: SETTINGS });
    expect(await readIssues(data)).toEqual([
      { sheet: 'survey', row: 2, column: 'type', message: "'or_other' after the choice list is not supported" },
    ]);
  });

  it('choice problems on the choices sheet', async () => {
    const data = await workbook({
      survey: [['type', 'name', 'label::zh'], ['select_one yes_no', 'a', '甲']],
      choices: [...CHOICES, ['yes_no', 'maybe', null], ['yes_no', 'yes', '是的']],
      settings: SETTINGS,
    });
    expect(await readIssues(data)).toEqual([{ sheet: 'choices', row: 4, column: 'label', message: 'every choice needs a label' }]);
    const duplicate = await workbook({ survey: [['type', 'name', 'label::zh'], ['select_one yes_no', 'a', '甲']], choices: [...CHOICES, ['yes_no', 'yes', '是的']], settings: SETTINGS });
    expect(await readIssues(duplicate)).toEqual([
      { sheet: 'choices', row: 4, column: 'name', message: "choice 'yes' appears twice in list 'yes_no' (first at row 2)" },
    ]);
  });

  it('missing sheets and a missing form_id', async () => {
    expect(await readIssues(await workbook({ other: [['a']] }))).toEqual([
      { sheet: null, message: "the workbook has no 'survey' sheet" },
      { sheet: null, message: "the workbook has no 'settings' sheet (it names the form: form_id)" },
    ]);
    const noId = await workbook({ survey: [['type', 'name', 'label'], ['text', 'a', '甲']], settings: [['form_title'], ['无编号']] });
    expect(await readIssues(noId)).toEqual([{ sheet: 'settings', row: 2, column: 'form_id', message: 'a value is required here' }]);
  });

  it('a file that is not a workbook', async () => {
    const [issue] = await readIssues(new TextEncoder().encode('type,name\ntext,a\n'));
    expect(issue.sheet).toBeNull();
    expect(issue.message).toMatch(/^not a readable \.xlsx workbook/);
  });

  it('registry bindings against the catalogue it is given', async () => {
    const data = await workbook({ survey: [['type', 'name', 'label::zh', 'bind::registry'], ['text', 'a', '电话', 'person.mobile']], settings: SETTINGS });
    await expect(readXlsForm(data, { registryFields: REGISTRY_FIELDS })).rejects.toThrow(
      "survey, row 2, column bind::registry: unknown registry field 'person.mobile'",
    );
  });
});
