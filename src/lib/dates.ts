/**
 * Calendar dates as department exports write them: 19850312, 1985-03-12,
 * 1985/3/12, 1985年3月12日, month-only dates (1985-03, 1985年3月) and Excel
 * serial numbers (31118). A mapping profile names the formats a column uses;
 * a value matching none of them is an error, never a guess.
 *
 * Results are ISO 8601 strings: YYYY-MM-DD, or YYYY-MM when the source only
 * knows the month (the precision is kept rather than inventing a day).
 */
import { toHalfWidth } from './chinese-text.js';

export const DATE_FORMATS = ['yyyymmdd', 'iso', 'chinese', 'year_month', 'excel_serial'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** What a column is assumed to hold when its profile names no formats: every form that cannot be misread. */
export const DEFAULT_DATE_FORMATS: readonly DateFormat[] = ['yyyymmdd', 'iso', 'chinese', 'year_month'];

export type DatePrecision = 'day' | 'month';

export type DateParse =
  | { ok: true; value: string; precision: DatePrecision }
  | { ok: false; reason: 'format' | 'calendar' };

const PATTERNS: Record<Exclude<DateFormat, 'excel_serial'>, RegExp> = {
  yyyymmdd: /^(\d{4})(\d{2})(\d{2})$/,
  // A time after the date is common in database exports (1985-03-12 00:00:00) and carries nothing for a civil date.
  iso: /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  chinese: /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/,
  year_month: /^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月?|(\d{2}))$/,
};

/**
 * Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that never was
 * (serial 60), so serials from 61 on are counted from one day earlier.
 */
const EXCEL_DAY_ZERO_MS = Date.UTC(1899, 11, 31);
const EXCEL_DAY_ZERO_AFTER_PHANTOM_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Outside these years a date in a registry is a typing error (or a placeholder like 00000000), not a date. */
const EARLIEST_YEAR = 1800;
const LATEST_YEAR = 2199;
/** 9999-12-31, the last day Excel can show. */
const EXCEL_MAX_SERIAL = 2_958_465;

/**
 * Parse a date cell. Spreadsheet cells that already hold a date (a JavaScript
 * Date at UTC midnight, as XLSX readers give them) are taken as they are.
 */
export function parseDate(input: string | number | Date, formats: readonly DateFormat[] = DEFAULT_DATE_FORMATS): DateParse {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, reason: 'format' };
    return { ok: true, value: input.toISOString().slice(0, 10), precision: 'day' };
  }
  const s = toHalfWidth(String(input)).trim().replace(/\s+/g, ' ');
  for (const format of formats) {
    if (format === 'excel_serial') {
      if (!/^\d{1,7}(?:\.\d+)?$/.test(s)) continue;
      const serial = Math.floor(Number(s));
      if (serial < 1 || serial > EXCEL_MAX_SERIAL || serial === 60) return { ok: false, reason: 'calendar' };
      const dayZero = serial < 60 ? EXCEL_DAY_ZERO_MS : EXCEL_DAY_ZERO_AFTER_PHANTOM_MS;
      return { ok: true, value: new Date(dayZero + serial * DAY_MS).toISOString().slice(0, 10), precision: 'day' };
    }
    const match = PATTERNS[format].exec(s);
    if (!match) continue;
    const year = Number(match[1]);
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { ok: false, reason: 'calendar' };
    if (format === 'year_month') {
      const month = Number(match[2] ?? match[3] ?? match[4]);
      if (month < 1 || month > 12) return { ok: false, reason: 'calendar' };
      return { ok: true, value: `${match[1]}-${pad2(month)}`, precision: 'month' };
    }
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (!isCalendarDate(year, month, day)) return { ok: false, reason: 'calendar' };
    return { ok: true, value: `${match[1]}-${pad2(month)}-${pad2(day)}`, precision: 'day' };
  }
  return { ok: false, reason: 'format' };
}

/** Whether two ISO dates of any precision can be the same day: 1985-03 agrees with 1985-03-12. */
export function datesAgree(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
