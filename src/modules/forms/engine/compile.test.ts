import { describe, expect, it } from 'vitest';
import { compileForm, parseFormSpec, type CompileOptions } from './compile.js';
import { FormSpecError, formatIssue, type SpecIssue } from './issues.js';
import { REGISTRY_FIELDS, SAMPLE_FORMS } from './samples/forms.js';
import type { ChoiceRow, FormSpec, SurveyRow } from './spec.js';

const question = (type: SurveyRow['type'], name: string, extra: Partial<SurveyRow> = {}): SurveyRow => ({
  type,
  name,
  label: { zh: name },
  ...extra,
});

const yesNo: ChoiceRow[] = [
  { listName: 'yes_no', name: 'yes', label: { zh: '是' } },
  { listName: 'yes_no', name: 'no', label: { zh: '否' } },
];

function form(survey: unknown[], choices: unknown[] = yesNo): FormSpec {
  return { settings: { formId: 'test', defaultLanguage: 'zh' }, survey, choices } as FormSpec;
}

function issuesOf(input: unknown, options?: CompileOptions): SpecIssue[] {
  try {
    compileForm(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(FormSpecError);
    return (error as FormSpecError).issues;
  }
  throw new Error('expected the form not to compile');
}

describe('compileForm: the sample forms', () => {
  it.each(SAMPLE_FORMS.map((spec) => [spec.settings.formId, spec] as const))('compiles %s', (_id, spec) => {
    const compiled = compileForm(spec, { registryFields: REGISTRY_FIELDS });
    expect(compiled.spec).toStrictEqual(spec);
  });

  it('builds the tree of groups and repeats and lists the bound questions', () => {
    const [elderly, household] = SAMPLE_FORMS.map((spec) => compileForm(spec));
    const health = elderly.byName.get('health')!;
    expect(health.kind === 'group' && health.children.map((child) => child.name)).toEqual(['self_care', 'chronic_conditions', 'services_needed']);
    expect(elderly.bindings.map((node) => node.registryField)).toEqual(['person.name', 'person.birth_date', 'person.phone', 'person.tags']);
    expect(household.byName.get('member_age')!.repeat?.name).toBe('members');
  });

  it('orders nodes so that everything an expression reads comes first', () => {
    const compiled = compileForm(
      form([
        question('calculate', 'total', { label: undefined, calculation: '${a} + ${b}' }),
        question('integer', 'a', { relevant: '${b} > 0' }),
        question('integer', 'b'),
      ]),
    );
    expect(compiled.evaluationOrder.map((node) => node.name)).toEqual(['b', 'a', 'total']);
  });
});

describe('compileForm: the shape of the spec, located by sheet, row and column', () => {
  it('names an unknown type with its row and the likely type', () => {
    const survey = [question('text', 'a'), question('text', 'b'), question('text', 'c'), question('text', 'd'), question('text', 'e')];
    survey.push({ type: 'slect_one', name: 'f', listName: 'yes_no' } as unknown as SurveyRow);
    expect(issuesOf(form(survey))).toEqual([
      {
        sheet: 'survey',
        row: 7,
        column: 'type',
        message: expect.stringMatching(/^unknown question type 'slect_one' \(did you mean 'select_one'\?\)/),
      },
    ]);
  });

  it('locates localized columns and choice and settings problems', () => {
    const issues = issuesOf({
      settings: { defaultLanguage: 'fr' },
      survey: [{ type: 'text', name: 'a', label: { zh: '甲', en: 42 } }],
      choices: [{ listName: 'l', name: 'x' }],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { sheet: 'settings', row: 2, column: 'form_id', message: 'a value is required here' },
        { sheet: 'settings', row: 2, column: 'default_language', message: "'fr' is not a supported language: use zh or en" },
        { sheet: 'survey', row: 2, column: 'label::en', message: 'expected text' },
        { sheet: 'choices', row: 2, column: 'label', message: 'every choice needs a label' },
      ]),
    );
  });

  it('rejects properties the model does not have', () => {
    const [issue] = issuesOf(form([{ ...question('text', 'a'), readOnly: 'yes' }]));
    expect(issue).toMatchObject({ sheet: 'survey', row: 2 });
    expect(issue.message).toContain('readOnly');
  });

  it('returns the canonical spec: trimmed, blank values removed, default language filled in', () => {
    const spec = parseFormSpec({
      settings: { formId: ' t ', formTitle: '' },
      survey: [{ type: 'text', name: ' a ', label: { zh: ' 甲 ', en: '' }, hint: { zh: '  ' }, relevant: '' }],
    });
    expect(spec).toStrictEqual({
      settings: { formId: 't', defaultLanguage: 'zh' },
      survey: [{ type: 'text', name: 'a', label: { zh: '甲' } }],
      choices: [],
    });
  });
});

describe('compileForm: structure', () => {
  it('reports a duplicate name with both rows', () => {
    expect(issuesOf(form([question('text', 'phone'), question('integer', 'phone')]))).toEqual([
      { sheet: 'survey', row: 3, column: 'name', message: "duplicate name 'phone': already used at row 2" },
    ]);
  });

  it('reports invalid, reserved and missing names', () => {
    const issues = issuesOf(form([question('text', 'home phone'), question('text', '__proto__'), { type: 'text', label: { zh: 'x' } }]));
    expect(issues.map((issue) => [issue.row, issue.message])).toEqual([
      [2, "name 'home phone' may contain only letters, digits and _, and may not start with a digit"],
      [3, 'names starting with __ are reserved'],
      [4, 'a text row needs a name'],
    ]);
  });

  it('reports an unclosed group at the row that opens it', () => {
    const issues = issuesOf(form([question('text', 'a'), { type: 'begin_group', name: 'g' }, question('text', 'b')]));
    expect(issues).toEqual([{ sheet: 'survey', row: 3, column: 'type', message: "the group 'g' is never closed: add an end_group row" }]);
  });

  it('reports stray and mismatched ends', () => {
    const issues = issuesOf(
      form([
        question('text', 'a'),
        { type: 'end_group' },
        { type: 'begin_group', name: 'g' },
        { type: 'end_repeat' },
        { type: 'begin_repeat', name: 'r' },
        question('text', 'b'),
        { type: 'end_repeat', name: 'x' },
      ]),
    );
    expect(issues.map((issue) => [issue.row, issue.message])).toEqual([
      [3, 'end_group has no matching begin_group'],
      [5, "end_repeat cannot close the group 'g' opened at row 4: use end_group"],
      [8, "end_repeat names 'x' but closes 'r' (row 6)"],
    ]);
  });

  it('reports an undefined choice list with the likely one, and a select without a list', () => {
    const issues = issuesOf(form([question('select_one', 'a', { listName: 'yesno' }), question('select_multiple', 'b')]));
    expect(issues).toEqual([
      { sheet: 'survey', row: 2, column: 'type', message: "choice list 'yesno' is not defined in the choices sheet (did you mean 'yes_no'?)" },
      { sheet: 'survey', row: 3, column: 'type', message: "select_multiple needs a choice list: write 'select_multiple LIST_NAME'" },
    ]);
  });

  it('reports choice problems on the choices sheet', () => {
    const issues = issuesOf(
      form(
        [question('select_one', 'a', { listName: 'l' })],
        [
          { listName: 'l', name: 'x', label: { zh: 'X' } },
          { listName: 'l', name: 'x', label: { zh: 'X again' } },
          { listName: 'l', name: 'two words', label: { zh: 'Y' } },
          { listName: 'l', name: 'z', label: { zh: 'Z' }, filters: { 'media::image': 'z.png' } },
        ],
      ),
    );
    expect(issues.map((issue) => [issue.sheet, issue.row, issue.column])).toEqual([
      ['choices', 3, 'name'],
      ['choices', 4, 'name'],
      ['choices', 5, 'media::image'],
    ]);
  });

  it('reports columns that do not apply to a row type', () => {
    const issues = issuesOf(
      form([
        question('text', 'a', { calculation: '1' }),
        { type: 'calculate', name: 'c', required: 'yes' },
        question('note', 'n', { constraint: '1' }),
        { type: 'begin_group', name: 'g', registryField: 'person.phone' },
        { type: 'end_group' },
        question('integer', 'i', { choiceFilter: 'name = 1' }),
      ]),
    );
    expect(issues.map((issue) => `${issue.row} ${issue.column}: ${issue.message}`)).toEqual([
      '2 calculation: calculation does not apply to text rows: only calculate rows compute a value',
      '3 calculation: a calculate row needs a calculation',
      '3 required: required does not apply to calculate rows',
      '4 constraint: constraint does not apply to note rows',
      '5 bind::registry: bind::registry does not apply to begin_group rows',
      '7 choice_filter: choice_filter applies only to select_one and select_multiple',
    ]);
  });

  it('requires labels on questions and notes', () => {
    expect(issuesOf(form([{ type: 'integer', name: 'a' }]))).toEqual([
      { sheet: 'survey', row: 2, column: 'label', message: 'an integer needs a label (label::zh or label::en)' },
    ]);
  });

  it('requires at least one question', () => {
    expect(issuesOf(form([question('note', 'n')]))).toEqual([{ sheet: 'survey', message: 'the form has no questions' }]);
  });
});

describe('compileForm: expressions', () => {
  it('reports a syntax error with the column and the character', () => {
    expect(issuesOf(form([question('integer', 'age'), question('text', 'b', { relevant: '${age} >' })]))).toEqual([
      { sheet: 'survey', row: 3, column: 'relevant', position: 9, message: 'the expression ends where a value is expected' },
    ]);
  });

  it('reports unknown references and functions in every expression column', () => {
    const issues = issuesOf(
      form([
        question('integer', 'age', { constraint: '. < ${max_age}', required: 'nonsense()' }),
        { type: 'calculate', name: 'c', calculation: 'ag(${age})' },
      ]),
    );
    expect(issues.map((issue) => `${issue.column}@${issue.position}: ${issue.message}`)).toEqual([
      'required@1: unknown function nonsense()',
      'constraint@5: no question is named ${max_age}',
      'calculation@1: unknown function ag() (did you mean age()?)',
    ]);
  });

  it('checks ${…} in labels, hints and constraint messages', () => {
    const issues = issuesOf(
      form([question('text', 'name'), question('integer', 'age', { label: { zh: '${nmae}的年龄', en: "${name}'s age" }, constraintMessage: { en: 'not ${x}' } })]),
    );
    expect(issues).toEqual([
      { sheet: 'survey', row: 3, column: 'label::zh', position: 1, message: 'no question is named ${nmae} (did you mean ${name}?)' },
      { sheet: 'survey', row: 3, column: 'constraint_message::en', position: 5, message: 'no question is named ${x}' },
    ]);
  });

  it('resolves references inside repeats: same entry, outer answers, and across repeats only in count() and sum()', () => {
    const spec = form([
      question('integer', 'outer'),
      { type: 'begin_repeat', name: 'members', label: { zh: '成员' } },
      question('integer', 'income', { constraint: '. < ${outer}' }),
      question('integer', 'share', { relevant: '${income} > 0' }),
      { type: 'end_repeat' },
      { type: 'calculate', name: 'total', calculation: 'sum(${income}) + count(${members})' },
      question('text', 'bad', { relevant: '${income} > 0' }),
    ]);
    expect(issuesOf(spec)).toEqual([
      {
        sheet: 'survey',
        row: 8,
        column: 'relevant',
        position: 1,
        message:
          '${income} is inside the repeat members and has one answer per entry: ' +
          'use sum(${income}) or count(${income}), or refer to it from inside the repeat',
      },
    ]);
  });

  it('reports a circular dependency with its path', () => {
    const issues = issuesOf(
      form([
        { type: 'calculate', name: 'a', calculation: '${b} + 1' },
        { type: 'calculate', name: 'b', calculation: '${a} + 1' },
        question('text', 'q'),
      ]),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/^circular dependency: a → b → a/);
  });

  it('reports a group whose relevance reads a question inside it', () => {
    const issues = issuesOf(
      form([{ type: 'begin_group', name: 'g', relevant: "${inside} = 'x'" }, question('text', 'inside'), { type: 'end_group' }]),
    );
    expect(issues[0].message).toMatch(/^circular dependency: g → inside → g/);
  });

  it('reports an expression that reads itself', () => {
    expect(issuesOf(form([question('integer', 'a', { relevant: '${a} > 1' })]))[0].message).toMatch(/circular dependency: a → a/);
  });

  it('reads required as yes/no words or as an expression', () => {
    const compiled = compileForm(
      form([
        question('text', 'a', { required: 'yes' }),
        question('text', 'b', { required: 'TRUE()' }),
        question('text', 'c', { required: 'no' }),
        question('text', 'd', { required: "${a} = 'x'" }),
      ]),
    );
    const required = ['a', 'b', 'c', 'd'].map((name) => {
      const node = compiled.byName.get(name)!;
      return node.kind === 'question' && (typeof node.required === 'boolean' ? node.required : 'expression');
    });
    expect(required).toEqual([true, true, false, 'expression']);
  });
});

describe('compileForm: defaults', () => {
  it('checks a literal default against the type and the choice list', () => {
    const issues = issuesOf(
      form([
        question('integer', 'a', { default: 'three' }),
        question('date', 'b', { default: '2026-02-30' }),
        question('select_one', 'c', { listName: 'yes_no', default: 'maybe' }),
        question('select_multiple', 'd', { listName: 'yes_no', default: 'yes perhaps' }),
      ]),
    );
    expect(issues.map((issue) => `${issue.row} ${issue.message}`)).toEqual([
      "2 default 'three' is not a valid integer answer",
      "3 default '2026-02-30' is not a valid date answer",
      "4 default 'maybe' is not in the choice list: maybe",
      "5 default 'yes perhaps' is not in the choice list: perhaps",
    ]);
  });

  it('treats a default that reads an answer or calls a function as an expression', () => {
    const compiled = compileForm(
      form([
        question('date', 'visit', { default: 'today()' }),
        question('text', 'copy', { default: '${visit}' }),
        question('text', 'plain', { default: 'N/A (none)' }),
      ]),
    );
    const defaults = ['visit', 'copy', 'plain'].map((name) => {
      const node = compiled.byName.get(name)!;
      return node.kind === 'question' && node.default && ('literal' in node.default ? node.default.literal : 'expression');
    });
    expect(defaults).toEqual(['expression', 'expression', 'N/A (none)']);
    expect(issuesOf(form([question('text', 'a', { default: 'nope(1)' })]))[0]).toMatchObject({ column: 'default', message: 'unknown function nope()' });
  });
});

describe('compileForm: registry bindings', () => {
  const options = { registryFields: REGISTRY_FIELDS };

  it('accepts bindings to known fields with compatible types', () => {
    expect(() =>
      compileForm(form([question('text', 'phone', { registryField: 'person.phone' }), question('integer', 'grade', { registryField: 'person.disability_grade' })]), options),
    ).not.toThrow();
  });

  it('reports malformed, unknown, mismatched, repeated and duplicate bindings', () => {
    const issues = issuesOf(
      form([
        question('text', 'a', { registryField: 'phone' }),
        question('text', 'b', { registryField: 'person.phnoe' }),
        question('integer', 'c', { registryField: 'person.tags' }),
        question('text', 'd', { registryField: 'person.phone' }),
        question('text', 'e', { registryField: 'person.phone' }),
        { type: 'begin_repeat', name: 'r', label: { zh: 'r' } },
        question('text', 'f', { registryField: 'person.name' }),
        { type: 'end_repeat' },
      ]),
      options,
    );
    expect(issues.map((issue) => `${issue.row} ${issue.column}: ${issue.message}`)).toEqual([
      "2 bind::registry: 'phone' is not a registry field: write entity.field, such as person.phone",
      "3 bind::registry: unknown registry field 'person.phnoe' (did you mean 'person.phone'?)",
      '4 bind::registry: person.tags holds a list, which an integer question cannot show; use select_multiple',
      "6 bind::registry: person.phone is already bound to 'd' (row 5)",
      "8 bind::registry: a question inside the repeat 'r' cannot be bound to the registry",
    ]);
  });

  it('accepts any field of the subject without a catalogue', () => {
    const onDwelling = { ...form([question('text', 'a', { registryField: 'dwelling.floor_area' })]), settings: { formId: 'test', defaultLanguage: 'zh', subject: 'dwelling' } };
    expect(() => compileForm(onDwelling)).not.toThrow();
  });

  it('binds only fields of the record the form is opened on, a person unless the settings say otherwise', () => {
    const survey = [question('select_one', 'use', { listName: 'yes_no', registryField: 'dwelling.use' }), question('text', 'name', { registryField: 'person.name' })];
    expect(issuesOf(form(survey), options).map((issue) => `${issue.row} ${issue.column}: ${issue.message}`)).toEqual([
      "2 bind::registry: dwelling.use is a dwelling's field, but the form is opened on a person: bind person.… fields, or set subject to dwelling on the settings sheet",
    ]);
    const onDwelling = { ...form(survey), settings: { formId: 'test', defaultLanguage: 'zh', subject: 'dwelling' } };
    expect(issuesOf(onDwelling, options).map((issue) => issue.message)).toEqual([
      "person.name is a person's field, but the form is opened on a dwelling: bind dwelling.… fields, or set subject to person on the settings sheet",
    ]);
    expect(issuesOf(form([question('text', 'a', { registryField: 'case.status' })]), options).map((issue) => issue.message)).toEqual([
      "'case.status' is not a registry field: forms bind fields of a person, household, dwelling",
    ]);
  });

  it('refuses a subject a form cannot be opened on, and writes a person as no subject at all', () => {
    const onCase = { ...form([question('text', 'a')]), settings: { formId: 'test', defaultLanguage: 'zh', subject: 'case' } };
    expect(issuesOf(onCase)[0]).toMatchObject({ sheet: 'settings', message: expect.stringContaining("'case' is not something a form is opened on: use person, household, dwelling") });
    const onPerson = { ...form([question('text', 'a')]), settings: { formId: 'test', defaultLanguage: 'zh', subject: 'person' } };
    expect(compileForm(onPerson).spec.settings).toEqual({ formId: 'test', defaultLanguage: 'zh' });
  });
});

describe('FormSpecError', () => {
  it('lists every problem in its message, located', () => {
    const error = new FormSpecError([
      { sheet: 'survey', row: 7, column: 'type', message: "unknown question type 'x'" },
      { sheet: 'survey', row: 9, column: 'relevant', position: 4, message: 'oops' },
      { sheet: null, message: "the workbook has no 'survey' sheet" },
    ]);
    expect(error.message).toBe(
      'the form definition has 3 problems:\n' +
        "- survey, row 7, column type: unknown question type 'x'\n" +
        '- survey, row 9, column relevant, character 4: oops\n' +
        "- the workbook has no 'survey' sheet",
    );
    expect(formatIssue({ sheet: 'choices', row: 3, message: 'm' })).toBe('choices, row 3: m');
  });
});
