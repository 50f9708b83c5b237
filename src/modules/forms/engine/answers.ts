/**
 * Answers as stored and exchanged (JSON), and their conversion to and from
 * the values expressions compute with.
 *
 * Stored forms: text, select_one and date answers are strings (dates as
 * YYYY-MM-DD), integer and decimal answers are numbers, select_multiple answers
 * are arrays of choice names; a calculate keeps the number, text or boolean its
 * calculation produced. A repeat is an array of entries, each an object of the
 * same kind. `null` is an answer deliberately left empty; a missing key is a
 * question not yet answered (which is when a default applies).
 */
import { parseIsoDate } from './dates.js';
import type { MessageKey } from './messages.js';
import { DateValue, toText, type Value } from './expression/values.js';

export type AnswerValue = string | number | boolean | string[];

export interface Answers {
  [name: string]: AnswerValue | null | Answers[];
}

/** The question types that hold an answer a person gives. */
export type ValueType = 'text' | 'integer' | 'decimal' | 'date' | 'select_one' | 'select_multiple';

export type Coerced = { ok: true; value: AnswerValue | null } | { ok: false; problem: MessageKey };

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * An answer in its stored form, from what a client sent or a registry holds.
 * Lenient where nothing is lost (the number 12 for a text question, "12" for an
 * integer, "a b" for a select_multiple) and strict otherwise.
 */
export function coerceAnswer(type: ValueType, raw: unknown): Coerced {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'string' && raw.trim() === '') return { ok: true, value: null };
  switch (type) {
    case 'text':
      if (typeof raw === 'string') return { ok: true, value: raw };
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
      return { ok: false, problem: 'text' };
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && INTEGER.test(raw.trim()) ? Number(raw) : NaN;
      return Number.isSafeInteger(n) ? { ok: true, value: n } : { ok: false, problem: 'integer' };
    }
    case 'decimal': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, problem: 'decimal' };
    }
    case 'date':
      return typeof raw === 'string' && parseIsoDate(raw.trim()) !== null ? { ok: true, value: raw.trim() } : { ok: false, problem: 'date' };
    case 'select_one': {
      const name = choiceName(raw);
      return name === null || /\s/.test(name) ? { ok: false, problem: 'notAChoice' } : { ok: true, value: name };
    }
    case 'select_multiple': {
      const items = typeof raw === 'string' ? raw.split(/\s+/) : Array.isArray(raw) ? raw.map(choiceName) : null;
      if (items === null || items.some((item) => item === null || /\s/.test(item.trim()))) return { ok: false, problem: 'notAChoice' };
      const names = [...new Set((items as string[]).map((item) => item.trim()).filter((item) => item !== ''))];
      return { ok: true, value: names.length ? names : null };
    }
  }
}

function choiceName(raw: unknown): string | null {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

/** How an expression sees a stored answer: empty is '', a date is a date, a selection is space-separated. */
export function answerToValue(type: ValueType | 'calculate', stored: AnswerValue | null | undefined): Value {
  if (stored === null || stored === undefined) return '';
  if (Array.isArray(stored)) return stored.join(' ');
  if (type === 'date' && typeof stored === 'string') {
    const days = parseIsoDate(stored);
    return days === null ? '' : new DateValue(days);
  }
  return stored;
}

/** What a calculation stores: NaN, infinities and empty text become "no value". */
export function calculatedAnswer(value: Value): AnswerValue | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof DateValue) return value.iso;
  if (typeof value === 'string') return value === '' ? null : value;
  return value;
}

/** A computed value (a dynamic default) as the answer to a question of the given type, if it is one. */
export function valueToAnswer(type: ValueType, value: Value): AnswerValue | null {
  const raw = typeof value === 'number' ? (Number.isFinite(value) ? value : null) : toText(value);
  const coerced = coerceAnswer(type, raw);
  return coerced.ok ? coerced.value : null;
}

export function isEmptyAnswer(value: AnswerValue | null | undefined): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}
