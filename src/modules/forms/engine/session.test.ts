import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.js';
import { Random } from '../../../lib/random.js';
import { compileForm } from './compile.js';
import { elderlyCareVisit, householdSurvey } from './samples/forms.js';
import { evaluateForm, validateSubmission, type FieldError, type FormItem, type PrefillSnapshot, type QuestionItem } from './session.js';
import type { ChoiceRow, FormSpec, SurveyRow } from './spec.js';

/** 10:00 on 1 March 2026 in China. */
const clock = fixedClock('2026-03-01T02:00:00Z');

const question = (type: SurveyRow['type'], name: string, extra: Partial<SurveyRow> = {}): SurveyRow => ({
  type,
  name,
  label: { zh: name },
  ...extra,
});

function form(survey: SurveyRow[], choices: ChoiceRow[] = []): FormSpec {
  return { settings: { formId: 'test', defaultLanguage: 'zh' }, survey, choices };
}

const codes = (errors: FieldError[]) => errors.map((error) => `${error.path}:${error.code}`);

function findItem(items: FormItem[], path: string): FormItem | undefined {
  for (const item of items) {
    if (item.path === path) return item;
    const inner =
      item.kind === 'group' ? findItem(item.items, path) : item.kind === 'repeat' ? findItem(item.entries.flatMap((entry) => entry.items), path) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

const questionAt = (items: FormItem[], path: string) => findItem(items, path) as QuestionItem;

describe('relevance', () => {
  const spec = form([
    question('select_one', 'smoker', { listName: 'yes_no' }),
    question('integer', 'cigarettes', { relevant: "${smoker} = 'yes'", required: 'yes' }),
    { type: 'begin_group', name: 'details', label: { zh: '详情' }, relevant: '${cigarettes} > 10' },
    question('text', 'brand'),
    { type: 'begin_group', name: 'inner' },
    question('text', 'since'),
    { type: 'end_group' },
    { type: 'end_group' },
  ], [
    { listName: 'yes_no', name: 'yes', label: { zh: '是' } },
    { listName: 'yes_no', name: 'no', label: { zh: '否' } },
  ]);

  it('clears the answer of a question that is not relevant, and does not ask for it', () => {
    const state = evaluateForm(spec, { smoker: 'no', cigarettes: 20 }, { clock });
    expect(state.answers).toEqual({ smoker: 'no' });
    expect(findItem(state.items, 'cigarettes')).toBeUndefined();
    expect(state.errors).toEqual([]);
  });

  it('keeps and checks it when relevant', () => {
    expect(evaluateForm(spec, { smoker: 'yes', cigarettes: 20 }, { clock }).answers).toEqual({ smoker: 'yes', cigarettes: 20 });
    expect(codes(evaluateForm(spec, { smoker: 'yes' }, { clock }).errors)).toEqual(['cigarettes:required']);
  });

  it('clears everything inside an irrelevant group, through nested groups and chains of relevance', () => {
    const answers = { smoker: 'yes', cigarettes: 20, brand: 'x', since: '1990' };
    expect(evaluateForm(spec, answers, { clock }).answers).toEqual(answers);
    expect(evaluateForm(spec, { ...answers, cigarettes: 5 }, { clock }).answers).toEqual({ smoker: 'yes', cigarettes: 5 });
    // Changing the first answer makes cigarettes irrelevant, which makes the group irrelevant in turn.
    expect(evaluateForm(spec, { ...answers, smoker: 'no' }, { clock }).answers).toEqual({ smoker: 'no' });
  });

  it('uses calculations in relevance, computed in the same pass', () => {
    const state = evaluateForm(elderlyCareVisit, { full_name: '张三', birth_date: '1980-01-01', living: 'alone', self_care: 'full' }, { clock });
    expect(state.answers.age).toBe(46);
    expect(state.answers).not.toHaveProperty('self_care');
    expect(findItem(state.items, 'health')).toBeUndefined();
  });
});

describe('required', () => {
  it('treats a missing key, null, blank text and an empty selection as unanswered', () => {
    const spec = form([question('text', 'a', { required: 'yes' }), question('select_multiple', 'b', { listName: 'l', required: 'yes' })], [
      { listName: 'l', name: 'x', label: { zh: 'x' } },
    ]);
    for (const answers of [{}, { a: null, b: null }, { a: '   ', b: [] }, { a: '', b: '' }]) {
      expect(codes(validateSubmission(spec, answers, { clock }).errors)).toEqual(['a:required', 'b:required']);
    }
  });

  it('evaluates a required expression', () => {
    const spec = form([question('integer', 'age'), question('text', 'guardian', { required: '${age} < 18' })]);
    expect(codes(validateSubmission(spec, { age: 12 }, { clock }).errors)).toEqual(['guardian:required']);
    expect(validateSubmission(spec, { age: 40 }, { clock }).ok).toBe(true);
    expect(questionAt(evaluateForm(spec, { age: 12 }, { clock }).items, 'guardian').required).toBe(true);
  });

  it('has a message in both languages', () => {
    const [error] = validateSubmission(form([question('text', 'a', { required: 'yes' })]), {}, { clock }).errors;
    expect(error).toEqual({ path: 'a', code: 'required', message: { zh: '此项为必填项', en: 'This question is required.' } });
  });
});

describe('constraints', () => {
  const spec = form([
    question('text', 'name'),
    question('integer', 'age', {
      constraint: '. >= 0 and . <= 120',
      constraintMessage: { zh: '年龄应在 0 到 120 之间', en: 'Age must be between 0 and 120.' },
    }),
    question('text', 'phone', { constraint: "regex(., '^1[3-9][0-9]{9}$')", constraintMessage: { zh: '${name}的手机号应为 11 位' } }),
    question('decimal', 'height', { constraint: '. > 0' }),
  ]);

  it("uses the author's message in both languages", () => {
    expect(validateSubmission(spec, { age: 130 }, { clock }).errors).toEqual([
      { path: 'age', code: 'constraint', message: { zh: '年龄应在 0 到 120 之间', en: 'Age must be between 0 and 120.' } },
    ]);
  });

  it("shows an author's message written in one language in both, with answers filled in", () => {
    expect(validateSubmission(spec, { name: '李四', phone: '123' }, { clock }).errors).toEqual([
      { path: 'phone', code: 'constraint', message: { zh: '李四的手机号应为 11 位', en: '李四的手机号应为 11 位' } },
    ]);
  });

  it('falls back to a default message', () => {
    expect(validateSubmission(spec, { height: -1 }, { clock }).errors).toEqual([
      { path: 'height', code: 'constraint', message: { zh: '答案不符合要求', en: 'This answer is not allowed.' } },
    ]);
  });

  it('does not check an empty answer', () => {
    expect(validateSubmission(spec, { age: null, phone: '' }, { clock }).ok).toBe(true);
  });

  it('passes valid answers', () => {
    expect(validateSubmission(spec, { age: 30, phone: '13912345678', height: 1.7 }, { clock }).ok).toBe(true);
  });
});

describe('types', () => {
  const spec = form(
    [
      question('text', 'text'),
      question('integer', 'integer'),
      question('decimal', 'decimal'),
      question('date', 'date'),
      question('select_one', 'one', { listName: 'l' }),
      question('select_multiple', 'many', { listName: 'l' }),
    ],
    [
      { listName: 'l', name: 'a', label: { zh: 'A' } },
      { listName: 'l', name: 'b', label: { zh: 'B' } },
      { listName: 'l', name: '3', label: { zh: '三' } },
    ],
  );

  it('stores answers in their canonical form, accepting lossless alternatives', () => {
    const check = validateSubmission(spec, { text: 42, integer: '-7', decimal: ' 2.50 ', date: '2026-02-28', one: 3, many: 'b a b' }, { clock });
    expect(check.ok).toBe(true);
    expect(check.answers).toEqual({ text: '42', integer: -7, decimal: 2.5, date: '2026-02-28', one: '3', many: ['b', 'a'] });
  });

  it('reports answers that are not of the question type, with a message per type', () => {
    const check = validateSubmission(spec, { text: { a: 1 }, integer: 2.5, decimal: 'abc', date: '2026-02-30', one: 'z', many: ['a', 'z'] }, { clock });
    expect(check.errors).toEqual([
      { path: 'text', code: 'type', message: { zh: '请输入文字', en: 'Enter text.' } },
      { path: 'integer', code: 'type', message: { zh: '请输入整数', en: 'Enter a whole number.' } },
      { path: 'decimal', code: 'type', message: { zh: '请输入数字', en: 'Enter a number.' } },
      { path: 'date', code: 'type', message: { zh: '请输入有效日期（年-月-日）', en: 'Enter a valid date (YYYY-MM-DD).' } },
      { path: 'one', code: 'type', message: { zh: '请从列出的选项中选择', en: 'Choose one of the listed options.' } },
      { path: 'many', code: 'type', message: { zh: '请从列出的选项中选择', en: 'Choose one of the listed options.' } },
    ]);
    // An answer that is not of its type is stored as empty; a valid choice name outside the list is kept to be corrected.
    expect(check.answers).toEqual({ text: null, integer: null, decimal: null, date: null, one: 'z', many: ['a', 'z'] });
  });

  it.each([[9007199254740993], [true], [[1, 2]], ['1e3'], ['12abc']])('rejects %j as an integer', (value) => {
    expect(codes(validateSubmission(spec, { integer: value }, { clock }).errors)).toEqual(['integer:type']);
  });

  it('drops answers to questions the form does not have, and recomputes calculations', () => {
    const calc = form([question('integer', 'a'), { type: 'calculate', name: 'double', calculation: '${a} * 2' }]);
    expect(validateSubmission(calc, { a: 4, double: 100, injected: 'x' }, { clock }).answers).toEqual({ a: 4, double: 8 });
  });

  it('stores an empty calculation as null, not NaN', () => {
    const calc = form([question('integer', 'a'), { type: 'calculate', name: 'double', calculation: '${a} * 2' }]);
    expect(validateSubmission(calc, {}, { clock }).answers).toEqual({ double: null });
  });
});

describe('repeats', () => {
  const members = (...list: unknown[]) => ({ community: 'shangbao', grid: 'shangbao_1', housing: 'owned', members: list });

  it('evaluates each entry on its own and names errors by entry', () => {
    const check = validateSubmission(
      householdSurvey,
      members(
        { member_name: '王芳', relation: 'head', member_birth: '1980-05-01', monthly_income: 6000, member_phone: '13912345678' },
        { member_name: '王小明', relation: 'child', member_birth: '2014-09-01', monthly_income: 500 },
        { relation: 'parent', member_birth: '1950-01-01', monthly_income: -1, member_phone: '12345' },
      ),
      { clock },
    );
    expect(codes(check.errors)).toEqual([
      'members[1].school_stage:required',
      'members[2].member_name:required',
      'members[2].monthly_income:constraint',
      'members[2].member_phone:constraint',
    ]);
    const entries = check.answers.members as Array<Record<string, unknown>>;
    expect(entries.map((entry) => entry.member_age)).toEqual([45, 11, 76]);
    // The child's income is not relevant under 16 and is cleared.
    expect(entries[1]).not.toHaveProperty('monthly_income');
    expect(check.errors[2].message).toEqual({ zh: '收入不能为负数', en: 'Income cannot be negative.' });
    expect(check.errors[3].message.zh).toBe('的手机号应为 11 位');
  });

  it('totals across entries with count() and sum()', () => {
    const state = evaluateForm(
      householdSurvey,
      members(
        { member_name: 'a', relation: 'head', member_birth: '1980-01-01', monthly_income: 1000 },
        { member_name: 'b', relation: 'spouse', member_birth: '1982-01-01', monthly_income: 1500.5 },
        { member_name: 'c', relation: 'child', member_birth: '2020-01-01' },
      ),
      { clock },
    );
    expect(state.answers).toMatchObject({ member_count: 3, total_income: 2500.5, per_capita_income: 833.5 });
    expect(findItem(state.items, 'apply_assistance')).toBeDefined();
    expect(findItem(state.items, 'totals')).toMatchObject({ label: { zh: '共 3 人，人均月收入 833.5 元' } });
  });

  it('has no entries until answers add them, and totals of none', () => {
    const state = evaluateForm(householdSurvey, { community: 'shangbao' }, { clock });
    expect(state.answers).toMatchObject({ members: [], member_count: 0, total_income: 0, per_capita_income: null });
    expect(findItem(state.items, 'members')).toMatchObject({ kind: 'repeat', entries: [] });
  });

  it('presents each entry with its path', () => {
    const state = evaluateForm(householdSurvey, members({ member_name: 'a' }, { member_name: 'b' }), { clock });
    const repeat = findItem(state.items, 'members');
    expect(repeat?.kind === 'repeat' && repeat.entries.map((entry) => entry.path)).toEqual(['members[0]', 'members[1]']);
    expect(questionAt(state.items, 'members[1].member_name').value).toBe('b');
  });

  it('reports a repeat that is not a list, and entries that are not objects', () => {
    expect(codes(validateSubmission(householdSurvey, { ...members(), members: 'x' }, { clock }).errors)).toContain('members:type');
    const check = validateSubmission(householdSurvey, members({ member_name: 'a', relation: 'head', member_birth: '1980-01-01' }, 7), { clock });
    expect(codes(check.errors)).toEqual(['members[1]:type', 'members[1].member_name:required', 'members[1].relation:required', 'members[1].member_birth:required']);
  });

  it('clears every entry of an irrelevant repeat', () => {
    const spec = form([
      question('integer', 'children'),
      { type: 'begin_repeat', name: 'kids', label: { zh: '子女' }, relevant: '${children} > 0' },
      question('text', 'kid_name', { required: 'yes' }),
      { type: 'end_repeat' },
    ]);
    const check = validateSubmission(spec, { children: 0, kids: [{ kid_name: 'x' }, {}] }, { clock });
    expect(check).toEqual({ ok: true, errors: [], answers: { children: 0 } });
  });

  it('counts within the enclosing entry in nested repeats', () => {
    const spec = form([
      { type: 'begin_repeat', name: 'buildings', label: { zh: '楼' } },
      question('text', 'building'),
      { type: 'begin_repeat', name: 'rooms', label: { zh: '房' } },
      question('integer', 'residents'),
      { type: 'end_repeat' },
      { type: 'calculate', name: 'building_rooms', calculation: 'count(${rooms})' },
      { type: 'calculate', name: 'building_residents', calculation: 'sum(${residents})' },
      { type: 'end_repeat' },
      { type: 'calculate', name: 'all_rooms', calculation: 'count(${rooms})' },
      { type: 'calculate', name: 'all_residents', calculation: 'sum(${residents})' },
    ]);
    const answers = {
      buildings: [{ rooms: [{ residents: 2 }, { residents: 3 }] }, { rooms: [{ residents: 4 }] }, {}],
    };
    const state = evaluateForm(spec, answers, { clock });
    expect((state.answers.buildings as Array<Record<string, unknown>>).map((b) => [b.building_rooms, b.building_residents])).toEqual([
      [2, 5],
      [1, 4],
      [0, 0],
    ]);
    expect(state.answers).toMatchObject({ all_rooms: 3, all_residents: 9 });
  });
});

describe('choice filters', () => {
  it('offers only the choices that pass the filter, recomputed as answers change', () => {
    const offered = (community: string) =>
      questionAt(evaluateForm(householdSurvey, { community }, { clock }).items, 'grid').choices!.map((choice) => choice.name);
    expect(offered('shangbao')).toEqual(['shangbao_1', 'shangbao_2']);
    expect(offered('baoshi')).toEqual(['baoshi_1']);
  });

  it('rejects an answer the filter no longer offers', () => {
    const check = validateSubmission(householdSurvey, { community: 'baoshi', grid: 'shangbao_1', housing: 'owned' }, { clock });
    expect(check.errors).toEqual([
      { path: 'grid', code: 'constraint', message: { zh: '该选项与前面的回答不符', en: 'This option does not fit the earlier answers.' } },
    ]);
  });

  it('filters a select_multiple by another answer', () => {
    const services = (living: string) =>
      questionAt(evaluateForm(elderlyCareVisit, { birth_date: '1940-01-01', living }, { clock }).items, 'services_needed').choices!.map((c) => c.name);
    expect(services('alone')).toEqual(['meal_delivery', 'home_cleaning', 'daily_call', 'emergency_button']);
    expect(services('with_spouse')).toEqual(['meal_delivery', 'home_cleaning']);
  });
});

describe('pre-fill from the registry', () => {
  const prefill: PrefillSnapshot = {
    'person.name': { value: '张三', source: '公安人口库', asOf: '2025-12-01' },
    'person.birth_date': { value: '1948-06-15', source: '公安人口库', asOf: '2025-12-01' },
    'person.phone': { value: null, source: '民政', asOf: '2024-01-01' },
    'person.tags': { value: ['elderly_alone', 'veteran'], source: '民政', asOf: '2025-06-30' },
    'person.ethnicity': { value: '汉族', source: '公安人口库', asOf: '2025-12-01' },
  };

  it('shows registry values read-only with their source and date', () => {
    const state = evaluateForm(elderlyCareVisit, {}, { clock, prefill });
    expect(questionAt(state.items, 'full_name')).toMatchObject({ value: '张三', readOnly: true, prefill: { source: '公安人口库', asOf: '2025-12-01' } });
    expect(questionAt(state.items, 'care_tags')).toMatchObject({ value: ['elderly_alone', 'veteran'], readOnly: true });
    expect(state.answers).toMatchObject({ full_name: '张三', birth_date: '1948-06-15', age: 77 });
  });

  it('leaves a question the registry has no value for to the worker', () => {
    const state = evaluateForm(elderlyCareVisit, { phone: '13912345678' }, { clock, prefill });
    expect(questionAt(state.items, 'phone')).toMatchObject({ value: '13912345678', readOnly: false, prefill: null });
  });

  it('ignores a submitted change to a read-only answer, and does not validate registry values', () => {
    const check = validateSubmission(
      elderlyCareVisit,
      { full_name: '李四', birth_date: 'garbage', living: 'alone', self_care: 'full', visit_date: '2026-03-01', follow_up: 'no' },
      { clock, prefill },
    );
    expect(check.ok).toBe(true);
    expect(check.answers).toMatchObject({ full_name: '张三', birth_date: '1948-06-15', care_tags: ['elderly_alone', 'veteran'] });
  });

  it('treats a registry value that does not fit the question as missing', () => {
    const state = evaluateForm(elderlyCareVisit, {}, { clock, prefill: { 'person.birth_date': { value: '1948年', source: 's', asOf: 'd' } } });
    expect(questionAt(state.items, 'birth_date')).toMatchObject({ readOnly: false, value: null });
  });

  it('without pre-fill, every bound question is an ordinary question', () => {
    const state = evaluateForm(elderlyCareVisit, { full_name: '张三' }, { clock });
    expect(questionAt(state.items, 'full_name')).toMatchObject({ readOnly: false, value: '张三' });
  });
});

describe('defaults', () => {
  const spec = form([
    question('integer', 'count', { default: '0' }),
    question('date', 'visit', { default: 'today()' }),
    question('text', 'copy', { default: "concat('#', ${count})" }),
    question('select_one', 'want', { listName: 'l', default: 'y' }),
    question('text', 'why', { relevant: "${want} = 'y'", default: 'n/a' }),
  ], [
    { listName: 'l', name: 'y', label: { zh: 'Y' } },
    { listName: 'l', name: 'n', label: { zh: 'N' } },
  ]);

  it('fills unanswered questions, including computed defaults', () => {
    expect(evaluateForm(spec, {}, { clock }).answers).toEqual({ count: 0, visit: '2026-03-01', copy: '#0', want: 'y', why: 'n/a' });
  });

  it('leaves an answer, including one deliberately cleared, alone', () => {
    expect(evaluateForm(spec, { count: 5, visit: null, copy: 'x' }, { clock }).answers).toMatchObject({ count: 5, visit: null, copy: 'x' });
  });

  it('does not fill irrelevant questions', () => {
    expect(evaluateForm(spec, { want: 'n' }, { clock }).answers).not.toHaveProperty('why');
  });
});

describe('the clock', () => {
  it('takes today in China time', () => {
    const spec = form([question('date', 'd', { default: 'today()' })]);
    // 16:30 UTC on 28 February is 00:30 on 1 March in Beijing.
    expect(evaluateForm(spec, {}, { clock: fixedClock('2026-02-28T16:30:00Z') }).answers).toEqual({ d: '2026-03-01' });
    expect(evaluateForm(spec, {}, { clock: fixedClock('2026-02-28T15:30:00Z') }).answers).toEqual({ d: '2026-02-28' });
  });

  it('decides constraints against today', () => {
    const check = validateSubmission(elderlyCareVisit, { birth_date: '2026-03-02' }, { clock });
    expect(check.errors.find((error) => error.path === 'birth_date')).toMatchObject({ code: 'constraint' });
  });
});

describe('presentation', () => {
  it('shows labels with answers filled in, and hides calculations', () => {
    const state = evaluateForm(elderlyCareVisit, { full_name: '张三', birth_date: '1950-03-01' }, { clock });
    expect(findItem(state.items, 'summary')).toMatchObject({ kind: 'note', label: { zh: '张三，76 岁', en: '张三, aged 76' } });
    expect(findItem(state.items, 'age')).toBeUndefined();
  });

  it('accepts a compiled form as well as a spec', () => {
    const compiled = compileForm(elderlyCareVisit);
    expect(evaluateForm(compiled, {}, { clock })).toEqual(evaluateForm(elderlyCareVisit, {}, { clock }));
  });
});

describe('totality: whatever a client sends, errors and never an exception', () => {
  it.each([[null], [undefined], [42], ['answers'], [[1, 2]]])('answers %j', (answers) => {
    const check = validateSubmission(householdSurvey, answers, { clock });
    expect(check.ok).toBe(false);
    if (answers !== null && answers !== undefined) expect(check.errors[0]).toMatchObject({ path: '', code: 'type' });
  });

  it('random junk in every answer', () => {
    const random = new Random('forms-totality');
    const junk = (): unknown => {
      const pick = random.int(0, 11);
      return [null, '', 'x', -1, 1e308, NaN, true, [], ['a', 3], {}, { __proto__: { a: 1 } }, '2026-13-45'][pick];
    };
    const names = [...compileForm(householdSurvey).byName.keys()];
    for (let run = 0; run < 300; run++) {
      const answers: Record<string, unknown> = {};
      for (const name of names) if (random.chance(0.7)) answers[name] = junk();
      answers.members = Array.from({ length: random.int(0, 3) }, () => Object.fromEntries(names.map((name) => [name, junk()])));
      const first = validateSubmission(householdSurvey, answers, { clock });
      expect(validateSubmission(householdSurvey, answers, { clock })).toEqual(first);
      // Stored answers validate to themselves: normalising is idempotent.
      expect(validateSubmission(householdSurvey, first.answers, { clock }).answers).toEqual(first.answers);
    }
  });
});
