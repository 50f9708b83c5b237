/**
 * Working time on a city's calendar: time limits on cases are set in working
 * hours and working days (standards.md), so a limit started on Friday afternoon
 * runs on Monday, a holiday week does not count, and a make-up working day
 * (调休) on a Saturday does.
 *
 * A calendar is data, one per city: the working periods of a day, the days of
 * the week normally off, public holidays and make-up working days. Civil time
 * is a fixed offset from UTC — enough for every city in China (no daylight
 * saving); a city with daylight saving would need a time zone here instead.
 *
 * Working days all have the same hours, so "N working days" is N times the
 * working time of one day: started at 10:00 on a Monday, one working day ends
 * at 10:00 on Tuesday; started after hours, it ends at the close of the next
 * working day. A limit that runs out exactly at a closing time ends at that
 * closing time, not at the next morning's opening.
 */

export interface WorkingPeriod {
  /** Local time 'HH:MM'. */
  start: string;
  end: string;
}

export interface WorkingCalendar {
  /** Minutes east of UTC of the city's civil time (China: 480). */
  utcOffsetMinutes: number;
  /** Working periods of a working day, ascending and not overlapping. */
  workingHours: readonly WorkingPeriod[];
  /** Days of the week normally off: 0 = Sunday … 6 = Saturday. */
  weekendDays: readonly number[];
  /** Public holidays (YYYY-MM-DD): off even on a weekday. */
  holidays: readonly string[];
  /** Make-up working days (调休, YYYY-MM-DD): worked even on a weekend. */
  workdays: readonly string[];
}

/** A length of working time. Days are whole working days of the calendar. */
export type WorkingDuration = { hours: number } | { days: number } | { minutes: number };

const MINUTE = 60_000;
const DAY = 86_400_000;
// No calendar has ten years without a working minute; past that the data is wrong.
const MAX_DAYS_SCANNED = 3660;

/** What is wrong with a calendar, as field paths and messages; empty when it is usable. */
export function calendarProblems(calendar: WorkingCalendar): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (!Number.isInteger(calendar.utcOffsetMinutes) || Math.abs(calendar.utcOffsetMinutes) > 14 * 60) {
    problems.push({ path: 'utcOffsetMinutes', message: 'must be whole minutes between -840 and 840' });
  }
  let previousEnd = -1;
  calendar.workingHours.forEach((period, i) => {
    const start = clockMinutes(period.start);
    const end = clockMinutes(period.end);
    if (start === null) problems.push({ path: `workingHours[${i}].start`, message: 'must be HH:MM' });
    if (end === null) problems.push({ path: `workingHours[${i}].end`, message: 'must be HH:MM' });
    if (start === null || end === null) return;
    if (end <= start) problems.push({ path: `workingHours[${i}].end`, message: 'must be after start' });
    if (start < previousEnd) problems.push({ path: `workingHours[${i}].start`, message: 'overlaps or precedes the previous period' });
    previousEnd = end;
  });
  if (calendar.workingHours.length === 0) problems.push({ path: 'workingHours', message: 'needs at least one working period' });
  calendar.weekendDays.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 0 || d > 6) problems.push({ path: `weekendDays[${i}]`, message: 'must be 0 (Sunday) to 6 (Saturday)' });
  });
  for (const key of ['holidays', 'workdays'] as const) {
    calendar[key].forEach((date, i) => {
      if (!isIsoDate(date)) problems.push({ path: `${key}[${i}]`, message: 'must be a date YYYY-MM-DD' });
    });
  }
  const holidays = new Set(calendar.holidays);
  calendar.workdays.forEach((date, i) => {
    if (holidays.has(date)) problems.push({ path: `workdays[${i}]`, message: `${date} is also listed as a holiday` });
  });
  return problems;
}

/** Working minutes in one working day. */
export function workingMinutesPerDay(calendar: WorkingCalendar): number {
  return periodsOf(calendar).reduce((sum, p) => sum + (p.end - p.start), 0);
}

export function durationMinutes(duration: WorkingDuration, calendar: WorkingCalendar): number {
  if ('minutes' in duration) return duration.minutes;
  if ('hours' in duration) return duration.hours * 60;
  return duration.days * workingMinutesPerDay(calendar);
}

/** The instant when `duration` of working time, counted from `start`, has passed. */
export function addWorkingTime(start: Date, duration: WorkingDuration, calendar: WorkingCalendar): Date {
  let remaining = durationMinutes(duration, calendar) * MINUTE;
  if (!(remaining >= 0)) throw new RangeError('a working duration must not be negative');
  if (remaining === 0) return new Date(start);
  const days = new DayIndex(calendar);
  const offset = calendar.utcOffsetMinutes * MINUTE;
  let cursor = start.getTime() + offset;
  const firstDay = Math.floor(cursor / DAY);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SCANNED; day++) {
    for (const [from, to] of days.workingSpans(day)) {
      const begin = Math.max(from, cursor);
      if (begin >= to) continue;
      if (to - begin >= remaining) return new Date(begin + remaining - offset);
      remaining -= to - begin;
      cursor = to;
    }
  }
  throw new RangeError(`the calendar has no working time in ${MAX_DAYS_SCANNED} days after ${start.toISOString()}`);
}

/** Working minutes between two instants; negative when `end` is before `start`. */
export function workingTimeBetween(start: Date, end: Date, calendar: WorkingCalendar): number {
  if (end < start) return -workingTimeBetween(end, start, calendar);
  const days = new DayIndex(calendar);
  const offset = calendar.utcOffsetMinutes * MINUTE;
  const from = start.getTime() + offset;
  const to = end.getTime() + offset;
  let total = 0;
  for (let day = Math.floor(from / DAY); day <= Math.floor(to / DAY); day++) {
    for (const [a, b] of days.workingSpans(day)) total += Math.max(0, Math.min(b, to) - Math.max(a, from));
  }
  return total / MINUTE;
}

/** Looks up days once per call instead of scanning the holiday lists for every day. */
class DayIndex {
  readonly #holidays: ReadonlySet<string>;
  readonly #workdays: ReadonlySet<string>;
  readonly #weekend: ReadonlySet<number>;
  readonly #periods: ReadonlyArray<{ start: number; end: number }>;

  constructor(calendar: WorkingCalendar) {
    this.#holidays = new Set(calendar.holidays);
    this.#workdays = new Set(calendar.workdays);
    this.#weekend = new Set(calendar.weekendDays);
    this.#periods = periodsOf(calendar);
  }

  /** Working spans of a local day (days since the epoch), in local milliseconds. */
  workingSpans(day: number): Array<[number, number]> {
    const date = new Date(day * DAY);
    const iso = date.toISOString().slice(0, 10);
    const working = this.#workdays.has(iso) || (!this.#holidays.has(iso) && !this.#weekend.has(date.getUTCDay()));
    if (!working) return [];
    return this.#periods.map((p) => [day * DAY + p.start * MINUTE, day * DAY + p.end * MINUTE]);
  }
}

function periodsOf(calendar: WorkingCalendar): Array<{ start: number; end: number }> {
  return calendar.workingHours.map((p) => {
    const start = clockMinutes(p.start);
    const end = clockMinutes(p.end);
    if (start === null || end === null) throw new RangeError(`working period ${p.start}–${p.end} is not HH:MM–HH:MM`);
    return { start, end };
  });
}

function clockMinutes(hhmm: string): number | null {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}
