/**
 * Calendar dates for forms, counted as whole days since 1970-01-01.
 *
 * A day count makes comparison and date arithmetic plain integer work and has
 * no time zone: a birth date or a visit date is a civil date, not an instant.
 * Only "today" needs a time zone, and that is China's (UTC+8, no daylight saving).
 */
import type { Clock } from '../../../kernel/clock.js';

const MS_PER_DAY = 86_400_000;
const CHINA_UTC_OFFSET_MS = 8 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a `YYYY-MM-DD` string naming a real calendar day, else null. */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function daysToIso(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Today's date in China, as a day count. */
export function chinaToday(clock: Clock): number {
  return Math.floor((clock.now().getTime() + CHINA_UTC_OFFSET_MS) / MS_PER_DAY);
}

/**
 * Completed years between two days: the age of someone born on `birth` on `asOf`.
 * Someone born on 29 February turns a year older on 1 March in common years,
 * because (2, 28) still sorts before (2, 29).
 */
export function completedYears(birth: number, asOf: number): number {
  const b = new Date(birth * MS_PER_DAY);
  const t = new Date(asOf * MS_PER_DAY);
  let years = t.getUTCFullYear() - b.getUTCFullYear();
  const monthDiff = t.getUTCMonth() - b.getUTCMonth();
  if (monthDiff < 0 || (monthDiff === 0 && t.getUTCDate() < b.getUTCDate())) years--;
  return years;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
