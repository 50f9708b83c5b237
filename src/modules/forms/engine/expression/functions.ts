/**
 * The functions a form expression may call, with their arity (checked when a
 * form is loaded) and their XPath / ODK semantics.
 */
import { completedYears } from '../dates.js';
import { regexMatches } from './safe-regex.js';
import { DateValue, toBoolean, toDate, toNumber, toText, type Value } from './values.js';

export interface FunctionContext {
  /** Today in China, from the injected clock. */
  today(): DateValue;
}

interface FunctionDefinition {
  minArgs: number;
  maxArgs: number;
  /** How to call it; `if`, `count` and `sum` are evaluated specially (lazily, or over repeat instances). */
  compute?: (args: Value[], context: FunctionContext) => Value;
}

/** Space-separated choice names: how XForms stores a select_multiple answer. */
export function selectedItems(value: Value): string[] {
  return toText(value).split(/\s+/).filter((item) => item !== '');
}

/**
 * round(x, digits), half up as XPath's round(), shifting the decimal point in
 * the number's text rather than multiplying, so that round(1.005, 2) is 1.01
 * as an author expects and not 1.00 as binary floating point would give.
 */
function roundTo(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  if (!Number.isInteger(digits)) return NaN;
  const shift = (n: number, places: number) => {
    const [mantissa, exponent = '0'] = String(n).split('e');
    return Number(`${mantissa}e${Number(exponent) + places}`);
  };
  return shift(Math.round(shift(x, digits)), -digits);
}

const FUNCTIONS: Record<string, FunctionDefinition> = {
  if: { minArgs: 3, maxArgs: 3 },
  count: { minArgs: 1, maxArgs: 1 },
  sum: { minArgs: 1, maxArgs: 1 },
  selected: { minArgs: 2, maxArgs: 2, compute: ([list, item]) => selectedItems(list).includes(toText(item).trim()) },
  'count-selected': { minArgs: 1, maxArgs: 1, compute: ([list]) => selectedItems(list).length },
  concat: { minArgs: 0, maxArgs: Infinity, compute: (args) => args.map(toText).join('') },
  regex: { minArgs: 2, maxArgs: 2, compute: ([text, pattern]) => regexMatches(toText(text), toText(pattern)) },
  today: { minArgs: 0, maxArgs: 0, compute: (_args, context) => context.today() },
  age: {
    minArgs: 1,
    maxArgs: 1,
    compute: ([birth], context) => {
      const born = toDate(birth);
      const today = context.today();
      // Nobody has an age before they are born; NaN makes comparisons false and a calculation empty.
      if (!born || born.days > today.days) return NaN;
      return completedYears(born.days, today.days);
    },
  },
  'string-length': { minArgs: 1, maxArgs: 1, compute: ([text]) => [...toText(text)].length },
  number: { minArgs: 1, maxArgs: 1, compute: ([value]) => toNumber(value) },
  int: { minArgs: 1, maxArgs: 1, compute: ([value]) => Math.trunc(toNumber(value)) },
  round: {
    minArgs: 1,
    maxArgs: 2,
    compute: ([value, digits]) => roundTo(toNumber(value), digits === undefined ? 0 : toNumber(digits)),
  },
  coalesce: { minArgs: 2, maxArgs: Infinity, compute: (args) => args.find((arg) => toText(arg) !== '') ?? '' },
  not: { minArgs: 1, maxArgs: 1, compute: ([value]) => !toBoolean(value) },
  true: { minArgs: 0, maxArgs: 0, compute: () => true },
  false: { minArgs: 0, maxArgs: 0, compute: () => false },
  string: { minArgs: 1, maxArgs: 1, compute: ([value]) => toText(value) },
  boolean: { minArgs: 1, maxArgs: 1, compute: ([value]) => toBoolean(value) },
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

export function functionDefinition(name: string): FunctionDefinition | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}
