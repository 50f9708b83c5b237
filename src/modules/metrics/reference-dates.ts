/**
 * Calendar arithmetic for reference dates (统计时点) and report periods (统计期),
 * on ISO days (YYYY-MM-DD) in China time. Pure.
 */
import type { ReportFrequency } from './schema.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: string): boolean {
  const match = ISO_DAY.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function parts(day: string): [number, number, number] {
  const match = ISO_DAY.exec(day);
  if (!match) throw new RangeError(`not an ISO day: ${day}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const format = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * The same calendar day `years` earlier; 29 February becomes 28 February in a
 * common year (as PostgreSQL's `date - interval 'n years'` does). A person born
 * on or before `yearsBefore(day, n)` is at least n full years old (周岁) on `day`:
 * someone born on 29 February reaches each age on 1 March in common years.
 */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = parts(day);
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return format(year, m, Math.min(d, lastDay));
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return format(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** Midnight at the start of the day in China time (UTC+8), for comparing with timestamps. */
export function chinaMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Today in China time. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The period (统计期) a report of this frequency covers when it is filed for the
 * reference date: from the start of the month, quarter, half year or year in
 * which the reference date lies, to the reference date. Ad hoc reports cover
 * the year so far.
 */
export function periodOf(frequency: ReportFrequency, referenceDate: string): { start: string; end: string } {
  const [y, m] = parts(referenceDate);
  const startMonth = frequency === 'monthly' ? m : frequency === 'quarterly' ? m - ((m - 1) % 3) : frequency === 'half_yearly' ? (m <= 6 ? 1 : 7) : 1;
  return { start: format(y, startMonth, 1), end: referenceDate };
}

/** How many times a year a report of this frequency is filed; an ad hoc report is counted once. */
export const FILINGS_PER_YEAR: Record<ReportFrequency, number> = { monthly: 12, quarterly: 4, half_yearly: 2, yearly: 1, ad_hoc: 1 };
