/**
 * The form definition (采集表): the three sheets of an XLSForm as data.
 *
 * The model stays row-for-row with the spreadsheet, so a problem anywhere can
 * be reported as "survey row 7, column relevant", whether the form came from
 * an uploaded workbook or from the form designer's JSON. compile.ts turns a
 * spec into the nested, checked structure that sessions evaluate.
 */
import { z } from 'zod';
import type { Sheet, SpecIssue } from './issues.js';
import { didYouMean } from './suggest.js';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text in Chinese and/or English (`label::zh`, `label::en`). */
export type LocalizedText = Partial<Record<Language, string>>;

export const QUESTION_TYPES = [
  'text',
  'integer',
  'decimal',
  'date',
  'select_one',
  'select_multiple',
  'note',
  'calculate',
  'begin_group',
  'end_group',
  'begin_repeat',
  'end_repeat',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** One row of the survey sheet. Expressions are kept as written; compile.ts parses them. */
export interface SurveyRow {
  type: QuestionType;
  /** The choice list of a select_one / select_multiple (`select_one yes_no`). */
  listName?: string;
  /** Optional only on end_group / end_repeat. */
  name?: string;
  label?: LocalizedText;
  hint?: LocalizedText;
  /** `yes`, `true()` or an expression. */
  required?: string;
  relevant?: string;
  constraint?: string;
  constraintMessage?: LocalizedText;
  calculation?: string;
  /** A literal answer, or an expression when it refers to a question or calls a function. */
  default?: string;
  choiceFilter?: string;
  appearance?: string;
  /** The registry field this question reads from and writes back to, e.g. `person.phone` (`bind::registry`). */
  registryField?: string;
}

/** One row of the choices sheet. */
export interface ChoiceRow {
  listName: string;
  name: string;
  label: LocalizedText;
  /** Extra columns, read by choice_filter expressions (e.g. `community` for a list of grids). */
  filters?: Record<string, string>;
}

/** What a form is opened on (settings `subject`): its bound questions read and write that record's fields. */
export const FORM_SUBJECTS = ['person', 'household', 'dwelling'] as const;
export type FormSubject = (typeof FORM_SUBJECTS)[number];

export interface FormSettings {
  formId: string;
  formTitle?: string;
  version?: string;
  defaultLanguage: Language;
  /** Absent: a person. */
  subject?: FormSubject;
}

export interface FormSpec {
  settings: FormSettings;
  survey: SurveyRow[];
  choices: ChoiceRow[];
}

/** Spreadsheet column of each survey property; localized ones get a `::zh` / `::en` suffix. */
export const SURVEY_COLUMNS = {
  type: 'type',
  listName: 'type',
  name: 'name',
  label: 'label',
  hint: 'hint',
  required: 'required',
  relevant: 'relevant',
  constraint: 'constraint',
  constraintMessage: 'constraint_message',
  calculation: 'calculation',
  default: 'default',
  choiceFilter: 'choice_filter',
  appearance: 'appearance',
  registryField: 'bind::registry',
} as const satisfies Record<keyof SurveyRow, string>;

export const LOCALIZED_SURVEY_PROPERTIES = ['label', 'hint', 'constraintMessage'] as const;

export const SETTINGS_COLUMNS = {
  formId: 'form_id',
  formTitle: 'form_title',
  version: 'version',
  defaultLanguage: 'default_language',
  subject: 'subject',
} as const satisfies Record<keyof FormSettings, string>;

export const CHOICE_COLUMNS = { listName: 'list_name', name: 'name', label: 'label' } as const;

// Blank cells and blank JSON strings mean "not given": trimmed away here so that
// a spec has one canonical form and survives a round trip through a workbook.
const blankToUndefined = (value: unknown) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};
const optionalText = z.preprocess(blankToUndefined, z.string().optional());
const requiredText = z.preprocess(blankToUndefined, z.string());

const withoutBlankEntries = (value: unknown) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value).filter(([, text]) => blankToUndefined(text) !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
};
const localizedShape = z.strictObject({ zh: requiredText.optional(), en: requiredText.optional() });
const optionalLocalized = z.preprocess(withoutBlankEntries, localizedShape.optional());

const surveyRowSchema = z.strictObject({
  type: z.enum(QUESTION_TYPES, {
    error: (issue) =>
      issue.input === undefined
        ? 'every row needs a type'
        : `unknown question type '${String(issue.input)}'${didYouMean(String(issue.input), QUESTION_TYPES)}; ` +
          `the types are ${QUESTION_TYPES.join(', ')}`,
  }),
  listName: optionalText,
  name: optionalText,
  label: optionalLocalized,
  hint: optionalLocalized,
  required: optionalText,
  relevant: optionalText,
  constraint: optionalText,
  constraintMessage: optionalLocalized,
  calculation: optionalText,
  default: optionalText,
  choiceFilter: optionalText,
  appearance: optionalText,
  registryField: optionalText,
});

const choiceRowSchema = z.strictObject({
  listName: requiredText,
  name: requiredText,
  label: z.preprocess(
    (value) => withoutBlankEntries(value) ?? {},
    localizedShape.refine((label) => label.zh !== undefined || label.en !== undefined, 'every choice needs a label'),
  ),
  filters: z.preprocess(withoutBlankEntries, z.record(z.string(), z.string()).optional()),
});

const settingsSchema = z.strictObject({
  formId: requiredText,
  formTitle: optionalText,
  version: optionalText,
  defaultLanguage: z.preprocess(
    (value) => blankToUndefined(value) ?? 'zh',
    z.enum(LANGUAGES, { error: (issue) => `'${String(issue.input)}' is not a supported language: use zh or en` }),
  ),
  subject: z.preprocess(
    // A person is the default, and is written as no subject at all: one canonical spec either way.
    (value) => (blankToUndefined(value) === 'person' ? undefined : blankToUndefined(value)),
    z.enum(FORM_SUBJECTS, { error: (issue) => `'${String(issue.input)}' is not something a form is opened on: use ${FORM_SUBJECTS.join(', ')}` }).optional(),
  ),
});

export const formSpecSchema = z.strictObject({
  settings: settingsSchema,
  survey: z.array(surveyRowSchema),
  choices: z.preprocess((value) => value ?? [], z.array(choiceRowSchema)),
});

/** Where a row of the spec sits in its workbook: by default row i of a sheet is spreadsheet row i + 2. */
export type RowLocator = (sheet: 'survey' | 'choices', index: number) => number;
export const defaultRowLocator: RowLocator = (_sheet, index) => index + 2;

/**
 * Checks the shape of a spec (JSON from the designer, the database or the
 * workbook reader) and returns it in canonical form: trimmed, blank values
 * removed. Problems are returned located by sheet, row and column.
 */
export function parseSpecShape(input: unknown, locate: RowLocator = defaultRowLocator): { spec: FormSpec } | { issues: SpecIssue[] } {
  const result = formSpecSchema.safeParse(input, {
    error: (issue) => {
      if (issue.code === 'invalid_type' && issue.input === undefined) return 'a value is required here';
      if (issue.code === 'invalid_type') return `expected ${issue.expected === 'string' ? 'text' : issue.expected}`;
      return undefined;
    },
  });
  if (result.success) return { spec: withoutUndefined(result.data) as FormSpec };
  return { issues: result.error.issues.map((issue) => locateZodIssue(issue.path, issue.message, locate)) };
}

function locateZodIssue(path: PropertyKey[], message: string, locate: RowLocator): SpecIssue {
  const [sheetKey, second, third, fourth] = path;
  if (sheetKey !== 'survey' && sheetKey !== 'choices' && sheetKey !== 'settings') {
    return { sheet: null, message: `${path.join('.') || 'the form'}: ${message}` };
  }
  const sheet: Sheet = sheetKey;
  if (sheet === 'settings') {
    const column = SETTINGS_COLUMNS[second as keyof FormSettings];
    return { sheet, row: 2, ...(column ? { column } : {}), message };
  }
  if (typeof second !== 'number') return { sheet, message };
  const row = locate(sheet, second);
  if (third === undefined) return { sheet, row, message };
  const column = sheet === 'survey' ? surveyColumn(String(third), fourth) : choiceColumn(String(third), fourth);
  return { sheet, row, column, message };
}

export function surveyColumn(property: string, language?: PropertyKey): string {
  const base = (SURVEY_COLUMNS as Record<string, string>)[property] ?? property;
  return language === undefined ? base : `${base}::${String(language)}`;
}

function choiceColumn(property: string, sub?: PropertyKey): string {
  if (property === 'filters') return sub === undefined ? 'filters' : String(sub);
  const base = (CHOICE_COLUMNS as Record<string, string>)[property] ?? property;
  return property === 'label' && sub !== undefined ? `${base}::${String(sub)}` : base;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}
