/**
 * Values of the expression language and the XPath 1.0 conversions between them.
 *
 * XPath has strings, numbers and booleans; like ODK's JavaRosa we add dates, so
 * that `${visit_date} <= today()` compares days rather than text and
 * `today() - ${birth_date}` is a number of days. An empty answer is the empty
 * string, as in an XForm instance: it is false as a boolean and NaN as a number.
 */
import { daysToIso, parseIsoDate } from '../dates.js';

/** A calendar date as whole days since 1970-01-01. */
export class DateValue {
  constructor(readonly days: number) {}

  get iso(): string {
    return daysToIso(this.days);
  }
}

export type Value = string | number | boolean | DateValue;

/** XPath number(): a decimal numeral (no exponent, no sign but minus) or NaN. */
const NUMERAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof DateValue) return value.days;
  const text = value.trim();
  return NUMERAL.test(text) ? Number(text) : NaN;
}

export function toText(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof DateValue) return value.iso;
  return numberToText(value);
}

export function toBoolean(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

/** A date from a date, a day count or a `YYYY-MM-DD` string; null when there is none. */
export function toDate(value: Value): DateValue | null {
  if (value instanceof DateValue) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new DateValue(Math.floor(value)) : null;
  if (typeof value === 'string') {
    const days = parseIsoDate(value.trim());
    return days === null ? null : new DateValue(days);
  }
  return null;
}

/** XPath writes numbers without exponents: 1e21 is "1000000000000000000000". */
function numberToText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(n, -0)) return '0';
  const plain = String(n);
  if (!plain.includes('e')) return plain;
  if (Number.isInteger(n)) return BigInt(n).toString();
  return n.toFixed(20).replace(/\.?0+$/, '');
}
