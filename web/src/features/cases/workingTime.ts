/**
 * Time left on a case's clocks, in the kind of time its limit is counted in:
 * working time on the city's calendar (a limit started Friday afternoon runs
 * on Monday), or clock time for natural limits (risk to life: 2 hours).
 *
 * The arithmetic is the server's own (src/lib/working-calendar.ts, pure and
 * shared), so a countdown here agrees to the minute with the deadline the
 * server set; only the calendar is fetched.
 */
import { workingMinutesPerDay, workingTimeBetween, type WorkingCalendar } from '../../../../src/lib/working-calendar';
import { useRequest } from '../../hooks/useRequest';
import { useJurisdictions } from '../org/JurisdictionContext';
import { getCalendar, listCalendars } from './api';
import type { CalendarSummary, CalendarView } from './types';

export type { WorkingCalendar };

const MINUTE = 60_000;

/** Remaining minutes until `dueAt` (negative once overdue). Without a calendar, clock time. */
export function minutesLeft(now: Date, dueAt: Date, calendar: WorkingCalendar | null, natural = false): number {
  if (natural || !calendar) return (dueAt.getTime() - now.getTime()) / MINUTE;
  return workingTimeBetween(now, dueAt, calendar);
}

/** Minutes split into days, hours and minutes; a day is a working day on a calendar, 24 hours otherwise. */
export function splitMinutes(minutes: number, calendar: WorkingCalendar | null, natural = false) {
  const perDay = natural || !calendar ? 24 * 60 : workingMinutesPerDay(calendar);
  const total = Math.floor(Math.abs(minutes));
  return { days: Math.floor(total / perDay), hours: Math.floor((total % perDay) / 60), minutes: total % 60 };
}

function toWorkingCalendar(view: CalendarView): WorkingCalendar {
  return {
    utcOffsetMinutes: view.utcOffsetMinutes,
    workingHours: view.workingHours,
    weekendDays: view.weekendDays,
    holidays: view.days.filter((day) => day.kind === 'holiday').map((day) => day.date),
    workdays: view.days.filter((day) => day.kind === 'workday').map((day) => day.date),
  };
}

// Calendars change a few times a year and apply to deadlines started after the
// change, so one fetch per page load is enough.
const calendars = new Map<string, Promise<WorkingCalendar>>();
let summaries: Promise<CalendarSummary[]> | null = null;

function loadCalendar(code: string): Promise<WorkingCalendar> {
  let found = calendars.get(code);
  if (!found) {
    found = getCalendar(code).then(toWorkingCalendar);
    // A failed fetch is not remembered, so the next page tries again.
    found.catch(() => calendars.delete(code));
    calendars.set(code, found);
  }
  return found;
}

function loadSummaries(): Promise<CalendarSummary[]> {
  if (!summaries) {
    summaries = listCalendars();
    summaries.catch(() => (summaries = null));
  }
  return summaries;
}

/**
 * The calendar a deadline ran on, by the code its limit records; null when
 * it ran on the server's built-in default (no city calendar was set).
 */
export function useCalendar(code: string | undefined): WorkingCalendar | null {
  const known = code && code !== 'default' ? code : null;
  const { data } = useRequest(() => (known ? loadCalendar(known) : Promise.resolve(null)), [known]);
  return data ?? null;
}

/**
 * The calendar that covers a place: the nearest ancestor with a calendar of
 * its own (calendars are set per city, sometimes per district). Lists carry
 * only the next due instant, so they count on the calendar of the user's own
 * jurisdiction, which covers every case in it unless a sub-area keeps its own.
 */
export function useCalendarCovering(jurisdictionCode: string): WorkingCalendar | null {
  const { byCode } = useJurisdictions();
  const lineage: string[] = [];
  for (let code: string | null = jurisdictionCode; code; code = byCode.get(code)?.parentCode ?? null) lineage.push(code);
  const key = lineage.join('>');
  const { data } = useRequest(async () => {
    const withCalendar = new Set((await loadSummaries()).map((summary) => summary.jurisdictionCode));
    const covering = lineage.find((code) => withCalendar.has(code));
    return covering ? loadCalendar(covering) : null;
  }, [key]);
  return data ?? null;
}
