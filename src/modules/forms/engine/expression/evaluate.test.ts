import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../dates.js';
import { evaluate } from './evaluate.js';
import { parseExpression } from './parser.js';
import { DateValue, type Value } from './values.js';

const TODAY = new DateValue(parseIsoDate('2026-03-01')!);
const date = (iso: string) => new DateValue(parseIsoDate(iso)!);

interface Setting {
  fields?: Record<string, Value>;
  lists?: Record<string, Value[]>;
  current?: Value;
  columns?: Record<string, string>;
}

function run(source: string, setting: Setting = {}): Value {
  return evaluate(parseExpression(source), {
    field: (name) => setting.fields?.[name] ?? '',
    fieldValues: (name) => setting.lists?.[name] ?? [],
    current: () => setting.current ?? '',
    column: (name) => setting.columns?.[name] ?? '',
    today: () => TODAY,
  });
}

describe('evaluate: literals and references', () => {
  it('gives numbers, strings, answers, the current value and choice columns', () => {
    expect(run('12.5')).toBe(12.5);
    expect(run("'共治'")).toBe('共治');
    expect(run('${name}', { fields: { name: '王芳' } })).toBe('王芳');
    expect(run('${missing}')).toBe('');
    expect(run('.', { current: 7 })).toBe(7);
    expect(run('community', { columns: { community: 'shangbao' } })).toBe('shangbao');
  });
});

describe('evaluate: arithmetic', () => {
  it.each([
    ['1 + 2', 3],
    ['5 - 7', -2],
    ['6 * 7', 42],
    ['7 div 2', 3.5],
    ['7 mod 3', 1],
    ['-7 mod 3', -1],
    ['-(2 + 3)', -5],
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['2 * 3 mod 4', 2],
  ])('%s = %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('follows IEEE division as XPath does', () => {
    expect(run('1 div 0')).toBe(Infinity);
    expect(run('-1 div 0')).toBe(-Infinity);
    expect(run('0 div 0')).toBeNaN();
    expect(run('5 mod 0')).toBeNaN();
  });

  it('turns text into numbers, and empty or non-numeric text into NaN', () => {
    expect(run("'3' + ' 4 '")).toBe(7);
    expect(run('${n} + 1', { fields: { n: '' } })).toBeNaN();
    expect(run("'abc' * 2")).toBeNaN();
    expect(run("'1e3' + 0")).toBeNaN();
  });

  it('counts true as 1 and false as 0', () => {
    expect(run('true() + true()')).toBe(2);
    expect(run('false() * 5')).toBe(0);
  });

  it('counts days in date arithmetic', () => {
    expect(run('today() - ${d}', { fields: { d: date('2026-02-01') } })).toBe(28);
    expect(run('today() + 1')).toBe(TODAY.days + 1);
  });
});

describe('evaluate: comparison', () => {
  it.each([
    ['1 = 1', true],
    ['1 != 1', false],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 2', true],
    ['2 >= 3', false],
    ["'a' = 'a'", true],
    ["'a' != 'b'", true],
  ])('%s is %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it('compares as numbers when either side is a number', () => {
    expect(run("'10' = 10")).toBe(true);
    expect(run("'10.0' = 10")).toBe(true);
    expect(run('${age} >= 60', { fields: { age: 75 } })).toBe(true);
  });

  it('orders only numbers and dates, as XPath 1.0 does: text has no order', () => {
    expect(run("'b' > 'a'")).toBe(false);
    expect(run("'10' > '9'")).toBe(true);
  });

  it('makes every comparison with an empty answer false except !=', () => {
    const empty = { fields: { age: '' } };
    expect(run('${age} < 18', empty)).toBe(false);
    expect(run('${age} >= 18', empty)).toBe(false);
    expect(run('${age} = 0', empty)).toBe(false);
    expect(run('${age} != 0', empty)).toBe(true);
    expect(run("${age} = ''", empty)).toBe(true);
  });

  it('compares as booleans when either side is one', () => {
    expect(run("true() = 'yes'")).toBe(true);
    expect(run("false() = ''")).toBe(true);
    expect(run('true() != 0')).toBe(true);
  });

  it('compares dates with dates, ISO text and day counts', () => {
    const fields = { d: date('2026-02-01') };
    expect(run("${d} = '2026-02-01'", { fields })).toBe(true);
    expect(run("${d} < '2026-02-02'", { fields })).toBe(true);
    expect(run('${d} <= today()', { fields })).toBe(true);
    expect(run('${d} > today()', { fields })).toBe(false);
    expect(run("${d} = 'soon'", { fields })).toBe(false);
    expect(run("${d} != ''", { fields })).toBe(true);
    expect(run(`\${d} = ${date('2026-02-01').days}`, { fields })).toBe(true);
  });
});

describe('evaluate: logic', () => {
  it('treats non-empty text, non-zero numbers and dates as true', () => {
    expect(run("'x' and 1")).toBe(true);
    expect(run("'' or 0")).toBe(false);
    expect(run("'0' and 1")).toBe(true);
    expect(run('0 div 0 or 0')).toBe(false);
    expect(run('today() and 1')).toBe(true);
  });

  it('binds and tighter than or', () => {
    expect(run('1 = 1 or 1 = 2 and 1 = 2')).toBe(true);
    expect(run('(1 = 1 or 1 = 2) and 1 = 2')).toBe(false);
  });

  it('short-circuits', () => {
    // The right side would read an answer; the environment would say if it were read.
    let reads = 0;
    const env = {
      field: () => {
        reads++;
        return 'x';
      },
      fieldValues: () => [],
      current: () => '',
      column: () => '',
      today: () => TODAY,
    };
    evaluate(parseExpression('0 and ${x}'), env);
    evaluate(parseExpression('1 or ${x}'), env);
    expect(reads).toBe(0);
  });

  it('not(), true(), false(), boolean()', () => {
    expect(run('not(1 = 2)')).toBe(true);
    expect(run("not('')")).toBe(true);
    expect(run("not('x')")).toBe(false);
    expect(run('true()')).toBe(true);
    expect(run('false()')).toBe(false);
    expect(run("boolean('')")).toBe(false);
    expect(run('boolean(2)')).toBe(true);
  });
});

describe('evaluate: functions', () => {
  it('selected() looks for one name in a space-separated selection', () => {
    const fields = { tags: 'elderly_alone disabled' };
    expect(run("selected(${tags}, 'disabled')", { fields })).toBe(true);
    expect(run("selected(${tags}, ' disabled ')", { fields })).toBe(true);
    expect(run("selected(${tags}, 'able')", { fields })).toBe(false);
    expect(run("selected(${tags}, 'x')", { fields: { tags: '' } })).toBe(false);
  });

  it('count-selected() counts the names chosen', () => {
    expect(run('count-selected(${tags})', { fields: { tags: 'a b  c' } })).toBe(3);
    expect(run('count-selected(${tags})', { fields: { tags: '' } })).toBe(0);
  });

  it('if() picks one branch and evaluates only that one', () => {
    expect(run("if(${age} >= 60, 'elderly', 'adult')", { fields: { age: 70 } })).toBe('elderly');
    expect(run("if(${age} >= 60, 'elderly', 'adult')", { fields: { age: 30 } })).toBe('adult');
    expect(run("if('', 1, 2)")).toBe(2);
  });

  it('concat() joins any number of values as text', () => {
    expect(run("concat(${a}, '-', ${b}, 3)", { fields: { a: '上保', b: 12 } })).toBe('上保-123');
    expect(run('concat()')).toBe('');
    expect(run('concat(${d})', { fields: { d: date('2026-02-01') } })).toBe('2026-02-01');
    expect(run('concat(1 = 1)')).toBe('true');
    expect(run('concat(0.5, 1 div 0)')).toBe('0.5Infinity');
  });

  it('regex() searches, so authors anchor with ^ and $', () => {
    expect(run("regex(., '^1[3-9][0-9]{9}$')", { current: '13912345678' })).toBe(true);
    expect(run("regex(., '^1[3-9][0-9]{9}$')", { current: '1391234567' })).toBe(false);
    expect(run("regex(., '[0-9]')", { current: 'room 3' })).toBe(true);
    expect(run("regex(., '^[\\u4e00-\\u9fa5]{2,4}$')", { current: '王小明' })).toBe(true);
  });

  it('regex() never matches with an invalid or unsafe pattern, or over-long text', () => {
    expect(run("regex(., '(')", { current: '(' })).toBe(false);
    expect(run('regex(., ${p})', { current: 'aaaa', fields: { p: '^(a+)+$' } })).toBe(false);
    expect(run("regex(., 'a')", { current: 'a'.repeat(300) })).toBe(false);
  });

  it('today() is the injected day', () => {
    expect(run('today()')).toEqual(TODAY);
    expect(run('concat(today())')).toBe('2026-03-01');
  });

  it('age() counts completed years as of today', () => {
    expect(run('age(${b})', { fields: { b: date('1956-03-01') } })).toBe(70);
    expect(run('age(${b})', { fields: { b: date('1956-03-02') } })).toBe(69);
    expect(run("age('2000-02-29')")).toBe(26);
    expect(run("age('2025-03-02')")).toBe(0);
    expect(run('age(${b})', { fields: { b: '' } })).toBeNaN();
    expect(run("age('2026-03-02')")).toBeNaN();
  });

  it('string-length() counts characters, Chinese included', () => {
    expect(run("string-length('共治平台')")).toBe(4);
    expect(run("string-length('')")).toBe(0);
    expect(run("string-length('𠀀a')")).toBe(2);
    expect(run('string-length(12.5)')).toBe(4);
  });

  it('number() converts as XPath does', () => {
    expect(run("number(' 42 ')")).toBe(42);
    expect(run("number('-0.5')")).toBe(-0.5);
    expect(run("number('')")).toBeNaN();
    expect(run("number('12abc')")).toBeNaN();
    expect(run('number(true())')).toBe(1);
  });

  it('int() truncates toward zero', () => {
    expect(run('int(3.9)')).toBe(3);
    expect(run('int(-3.9)')).toBe(-3);
    expect(run("int('')")).toBeNaN();
  });

  it('round() rounds half up, optionally to decimal places', () => {
    expect(run('round(2.5)')).toBe(3);
    expect(run('round(-2.5)')).toBe(-2);
    expect(run('round(1.005, 2)')).toBe(1.01);
    expect(run('round(1234.5678, 1)')).toBe(1234.6);
    expect(run('round(1250, -2)')).toBe(1300);
    expect(run('round(0.0000001234, 9)')).toBe(0.000000123);
    expect(run('round(1.5, 0.5)')).toBeNaN();
    expect(run("round('')")).toBeNaN();
  });

  it('coalesce() gives the first non-empty value', () => {
    expect(run("coalesce(${a}, ${b}, 'none')", { fields: { a: '', b: '139' } })).toBe('139');
    expect(run("coalesce(${a}, 'none')")).toBe('none');
    expect(run('coalesce(${a}, ${b})')).toBe('');
  });

  it('string() writes numbers without exponents', () => {
    expect(run('string(1000000 * 1000000 * 1000000 * 1000)')).toBe('1000000000000000000000');
    expect(run('string(1 div 10000000)')).toBe('0.0000001');
    expect(run('string(0 div 0)')).toBe('NaN');
    expect(run('string(-0)')).toBe('0');
  });

  it('count() and sum() work over the answers in a repeat', () => {
    const lists = { members: ['', '', ''], income: [3000, '', 1500.5] };
    expect(run('count(${members})', { lists })).toBe(3);
    expect(run('sum(${income})', { lists })).toBe(4500.5);
    expect(run('sum(${income})', { lists: { income: [] } })).toBe(0);
    expect(run('sum(${income})', { lists: { income: ['x', 1] } })).toBeNaN();
  });
});
