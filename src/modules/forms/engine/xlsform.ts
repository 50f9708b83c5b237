/**
 * Forms as XLSForm workbooks, the spreadsheet format departments and tools
 * such as ODK and KoboToolbox already use: a survey sheet (one row per
 * question), a choices sheet (one row per option) and a settings sheet.
 *
 * Reading is strict: a column this engine does not understand is an error, not
 * silently dropped, because dropping `read_only` or `repeat_count` would change
 * what the form does without its author knowing.
 */
import ExcelJS from 'exceljs';
import { compileForm, type CompileOptions } from './compile.js';
import { FormSpecError, type Sheet, type SpecIssue } from './issues.js';
import {
  CHOICE_COLUMNS,
  LANGUAGES,
  LOCALIZED_SURVEY_PROPERTIES,
  SETTINGS_COLUMNS,
  SURVEY_COLUMNS,
  type ChoiceRow,
  type FormSpec,
  type Language,
  type LocalizedText,
  type SurveyRow,
} from './spec.js';
import { didYouMean } from './suggest.js';

export type ReadXlsFormOptions = Pick<CompileOptions, 'registryFields'>;

interface SheetRow {
  /** The row number Excel shows. */
  number: number;
  cells: Map<string, string>;
}

interface SheetTable {
  /** Header text by column key (lower-cased, language code normalised), with the header as written. */
  headers: Map<string, string>;
  rows: SheetRow[];
}

/** Survey columns that hold one text (not per language), by header. */
const PLAIN_SURVEY_COLUMNS = new Map<string, keyof SurveyRow>(
  (Object.entries(SURVEY_COLUMNS) as Array<[keyof SurveyRow, string]>)
    .filter(([property]) => property !== 'listName' && property !== 'type' && !isLocalized(property))
    .map(([property, column]) => [column, property]),
);
const LOCALIZED_SURVEY_COLUMNS = new Map<string, (typeof LOCALIZED_SURVEY_PROPERTIES)[number]>(
  LOCALIZED_SURVEY_PROPERTIES.map((property) => [SURVEY_COLUMNS[property], property]),
);

function isLocalized(property: keyof SurveyRow): property is (typeof LOCALIZED_SURVEY_PROPERTIES)[number] {
  return (LOCALIZED_SURVEY_PROPERTIES as readonly string[]).includes(property);
}

/**
 * Reads an XLSForm workbook into a checked form spec. Throws
 * {@link FormSpecError} with every problem found, each located by sheet, row,
 * column and (for expressions) character.
 */
export async function readXlsForm(data: Uint8Array | ArrayBuffer, options: ReadXlsFormOptions = {}): Promise<FormSpec> {
  const workbook = new ExcelJS.Workbook();
  try {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    // exceljs declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new FormSpecError([{ sheet: null, message: `not a readable .xlsx workbook (${(error as Error).message})` }]);
  }
  const issues: SpecIssue[] = [];
  const survey = readSheet(workbook, 'survey', issues);
  const choices = readSheet(workbook, 'choices', issues);
  const settings = readSheet(workbook, 'settings', issues);
  if (!survey) issues.push({ sheet: null, message: "the workbook has no 'survey' sheet" });
  if (!settings) issues.push({ sheet: null, message: "the workbook has no 'settings' sheet (it names the form: form_id)" });
  if (!survey || !settings) throw new FormSpecError(issues);

  const settingsValues = settingsFrom(settings, issues);
  // An unsupported default_language is reported when the spec is checked; zh stands in until then.
  const defaultLanguage = (LANGUAGES as readonly string[]).includes(settingsValues.defaultLanguage ?? '')
    ? (settingsValues.defaultLanguage as Language)
    : 'zh';
  const surveyRows = surveyFrom(survey, defaultLanguage, issues);
  const choiceRows = choices ? choicesFrom(choices, defaultLanguage, issues) : [];
  if (issues.length) throw new FormSpecError(issues);

  const rowNumbers = { survey: survey.rows.map((row) => row.number), choices: choices?.rows.map((row) => row.number) ?? [] };
  const compiled = compileForm(
    { settings: settingsValues, survey: surveyRows, choices: choiceRows },
    { ...options, locate: (sheet, index) => rowNumbers[sheet][index] ?? index + 2 },
  );
  return compiled.spec;
}

function readSheet(workbook: ExcelJS.Workbook, name: Sheet, issues: SpecIssue[]): SheetTable | null {
  const worksheet = workbook.worksheets.find((sheet) => sheet.name.trim().toLowerCase() === name);
  if (!worksheet) return null;
  const byColumn = new Map<number, string>();
  const headers = new Map<string, string>();
  worksheet.getRow(1).eachCell((cell, column) => {
    const written = cellText(cell.value).trim();
    if (written === '') return;
    const key = columnKey(written);
    if (headers.has(key)) {
      issues.push({ sheet: name, row: 1, column: written, message: `the column '${written}' appears twice` });
      return;
    }
    headers.set(key, written);
    byColumn.set(column, key);
  });
  const rows: SheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    row.eachCell((cell, column) => {
      const key = byColumn.get(column);
      const text = cellText(cell.value).trim();
      if (key !== undefined && text !== '') cells.set(key, text);
    });
    if (cells.size) rows.push({ number, cells });
  });
  return { headers, rows };
}

/**
 * Column headers are case-insensitive, and a language may be written as a code
 * (`label::zh`), a regional code (`label::zh-CN`) or as ODK tools write it
 * (`label::Chinese (zh)`).
 */
function columnKey(header: string): string {
  const [base, language] = header.split('::').map((part) => part.trim());
  if (language === undefined) return base.toLowerCase();
  if (base.toLowerCase() === 'bind') return `bind::${language.toLowerCase()}`;
  return `${base.toLowerCase()}::${languageCode(language)}`;
}

/** `zh`, `zh-CN`, `Chinese (zh)` → `zh`. */
function languageCode(written: string): string {
  const code = /\(([^)]+)\)\s*$/.exec(written)?.[1] ?? written;
  return code.trim().toLowerCase().split(/[-_]/)[0];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Excel stores a date as a day number, which exceljs gives as midnight UTC.
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('hyperlink' in value) return String(value.text);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

/** A localized column (`label::zh`), or a bare one meaning the form's default language. */
function localizedHeader(key: string, defaultLanguage: Language): { base: string; language: string } {
  const [base, language] = key.split('::');
  return { base, language: language ?? defaultLanguage };
}

function unknownColumn(sheet: Sheet, header: string, known: string[], issues: SpecIssue[]) {
  issues.push({
    sheet,
    row: 1,
    column: header,
    message: `unknown column '${header}'${didYouMean(header, known)}; the ${sheet} columns are ${known.join(', ')}`,
  });
}

function surveyFrom(table: SheetTable, defaultLanguage: Language, issues: SpecIssue[]): unknown[] {
  const known = ['type', ...PLAIN_SURVEY_COLUMNS.keys(), ...[...LOCALIZED_SURVEY_COLUMNS.keys()].flatMap((c) => LANGUAGES.map((l) => `${c}::${l}`))];
  const localizedSeen = new Set<string>();
  for (const [key, header] of table.headers) {
    if (key === 'type' || PLAIN_SURVEY_COLUMNS.has(key)) continue;
    const { base, language } = localizedHeader(key, defaultLanguage);
    if (!LOCALIZED_SURVEY_COLUMNS.has(base)) unknownColumn('survey', header, known, issues);
    else if (checkLanguage('survey', header, language, issues)) checkOnce('survey', header, `${base}::${language}`, localizedSeen, issues);
  }
  if (!table.headers.has('type')) issues.push({ sheet: 'survey', row: 1, message: "the survey sheet has no 'type' column" });
  return table.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, text] of row.cells) {
      if (key === 'type') {
        Object.assign(out, parseType(text, row.number, issues));
        continue;
      }
      const plain = PLAIN_SURVEY_COLUMNS.get(key);
      if (plain) {
        out[plain] = text;
        continue;
      }
      const { base, language } = localizedHeader(key, defaultLanguage);
      const property = LOCALIZED_SURVEY_COLUMNS.get(base);
      if (property) ((out[property] ??= {}) as Record<string, string>)[language] = text;
    }
    return out;
  });
}

/** `select_one yes_no` → type and list; `begin group` (with a space, as older forms write it) → begin_group. */
function parseType(text: string, row: number, issues: SpecIssue[]): Pick<SurveyRow, 'listName'> & { type: string } {
  const words = text.split(/\s+/);
  let type = words.shift()!.toLowerCase();
  if ((type === 'begin' || type === 'end') && (words[0]?.toLowerCase() === 'group' || words[0]?.toLowerCase() === 'repeat')) {
    type = `${type}_${words.shift()!.toLowerCase()}`;
  }
  if (words.length > 1) {
    issues.push({ sheet: 'survey', row, column: 'type', message: `'${words.slice(1).join(' ')}' after the choice list is not supported` });
  }
  return words.length ? { type, listName: words[0] } : { type };
}

function checkLanguage(sheet: Sheet, header: string, language: string, issues: SpecIssue[]): boolean {
  if ((LANGUAGES as readonly string[]).includes(language)) return true;
  issues.push({ sheet, row: 1, column: header, message: `language '${language}' is not supported: use ::zh or ::en` });
  return false;
}

/** A bare `label` is the default language's, so beside `label::zh` in a Chinese form one of them would be lost. */
function checkOnce(sheet: Sheet, header: string, column: string, seen: Set<string>, issues: SpecIssue[]) {
  if (seen.has(column)) issues.push({ sheet, row: 1, column: header, message: `'${header}' repeats the column ${column}` });
  seen.add(column);
}

function choicesFrom(table: SheetTable, defaultLanguage: Language, issues: SpecIssue[]): unknown[] {
  const labelsSeen = new Set<string>();
  for (const [key, header] of table.headers) {
    const { base, language } = localizedHeader(key, defaultLanguage);
    if (base === CHOICE_COLUMNS.label && checkLanguage('choices', header, language, issues)) {
      checkOnce('choices', header, `label::${language}`, labelsSeen, issues);
    }
  }
  return table.rows.map((row) => {
    const out: Record<string, unknown> = {};
    const filters: Record<string, string> = {};
    for (const [key, text] of row.cells) {
      const { base, language } = localizedHeader(key, defaultLanguage);
      if (key === CHOICE_COLUMNS.listName) out.listName = text;
      else if (key === CHOICE_COLUMNS.name) out.name = text;
      else if (base === CHOICE_COLUMNS.label) ((out.label ??= {}) as Record<string, string>)[language] = text;
      else filters[table.headers.get(key)!] = text;
    }
    if (Object.keys(filters).length) out.filters = filters;
    return out;
  });
}

function settingsFrom(table: SheetTable, issues: SpecIssue[]): { formId?: string; formTitle?: string; version?: string; defaultLanguage?: string; subject?: string } {
  const byColumn = new Map(Object.entries(SETTINGS_COLUMNS).map(([property, column]) => [column as string, property]));
  for (const [key, header] of table.headers) {
    if (!byColumn.has(key)) unknownColumn('settings', header, [...byColumn.keys()], issues);
  }
  const values: Record<string, string> = {};
  for (const [key, text] of table.rows[0]?.cells ?? []) {
    const property = byColumn.get(key);
    if (property) values[property] = property === 'defaultLanguage' ? languageCode(text) : text;
  }
  return values;
}

/** Writes a form spec as an XLSForm workbook that {@link readXlsForm} reads back to the same spec. */
export async function writeXlsForm(spec: FormSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const language = spec.settings.defaultLanguage;

  const surveyColumns: Array<[header: string, cell: (row: SurveyRow) => string | undefined]> = [
    ['type', (row) => (row.listName ? `${row.type} ${row.listName}` : row.type)],
    ['name', (row) => row.name],
  ];
  for (const [property, column] of Object.entries(SURVEY_COLUMNS) as Array<[keyof SurveyRow, string]>) {
    if (property === 'type' || property === 'listName' || property === 'name') continue;
    if (isLocalized(property)) {
      for (const lang of LANGUAGES) surveyColumns.push([`${column}::${lang}`, (row) => (row[property] as LocalizedText | undefined)?.[lang]]);
    } else {
      surveyColumns.push([column, (row) => row[property] as string | undefined]);
    }
  }
  addSheet(workbook, 'survey', usedColumns(surveyColumns, spec.survey, ['type', 'name', `label::${language}`]), spec.survey);

  const filterColumns = [...new Set(spec.choices.flatMap((choice) => Object.keys(choice.filters ?? {})))];
  const choiceColumns: Array<[string, (choice: ChoiceRow) => string | undefined]> = [
    ['list_name', (choice) => choice.listName],
    ['name', (choice) => choice.name],
    ...LANGUAGES.map((lang): [string, (choice: ChoiceRow) => string | undefined] => [`label::${lang}`, (choice) => choice.label[lang]]),
    ...filterColumns.map((column): [string, (choice: ChoiceRow) => string | undefined] => [column, (choice) => choice.filters?.[column]]),
  ];
  addSheet(workbook, 'choices', usedColumns(choiceColumns, spec.choices, ['list_name', 'name', `label::${language}`]), spec.choices);

  const settingsColumns = (Object.entries(SETTINGS_COLUMNS) as Array<[keyof FormSpec['settings'], string]>).map(
    ([property, column]): [string, (settings: FormSpec['settings']) => string | undefined] => [column, (settings) => settings[property]],
  );
  addSheet(workbook, 'settings', usedColumns(settingsColumns, [spec.settings], ['form_id']), [spec.settings]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The columns any row fills, plus those every reader expects to see even when empty. */
function usedColumns<T>(columns: Array<[string, (row: T) => string | undefined]>, rows: T[], always: string[]) {
  return columns.filter(([header, cell]) => always.includes(header) || rows.some((row) => cell(row) !== undefined));
}

function addSheet<T>(workbook: ExcelJS.Workbook, name: string, columns: Array<[string, (row: T) => string | undefined]>, rows: T[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map(([header]) => header)).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map(([, cell]) => cell(row) ?? null));
  columns.forEach(([header, cell], index) => {
    // Wide enough for the longest entry (CJK characters count double), within reason.
    const longest = Math.max(displayWidth(header), ...rows.map((row) => displayWidth(cell(row) ?? '')));
    sheet.getColumn(index + 1).width = Math.min(60, Math.max(8, longest + 2));
  });
}

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return width;
}
