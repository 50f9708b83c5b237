// Working calendars per city: read by anyone handling cases, set by the system administrator.
import { authorize, pathWithin, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { calendarProblems, type WorkingCalendar } from '../../lib/working-calendar.js';
import type { AppDeps } from '../../app-deps.js';
import { jurisdictionLineage } from '../org/service.js';
import { acting, auditChange } from './audit.js';
import * as repo from './config-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/**
 * Used where no city has set a calendar yet: office hours common in Chinese
 * government, weekends off, no holidays. Every deadline made with it says so
 * in its limit record (`calendar: 'default'`), so the gap is visible.
 */
export const FALLBACK_CALENDAR: WorkingCalendar = {
  utcOffsetMinutes: 480,
  workingHours: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: [],
  workdays: [],
};

export interface CalendarInput {
  jurisdictionCode: string;
  name: string;
  utcOffsetMinutes: number;
  workingHours: Array<{ start: string; end: string }>;
  weekendDays: number[];
  days: Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
}

/** The calendar that applies at a place, and which one it is. */
export async function calendarFor(db: repo.Db, path: string): Promise<{ calendar: WorkingCalendar; source: string }> {
  const row = await repo.findCalendarCovering(db, path);
  if (!row) return { calendar: FALLBACK_CALENDAR, source: 'default' };
  const days = await repo.calendarDays(db, row.jurisdiction_code);
  return {
    calendar: {
      utcOffsetMinutes: row.utc_offset_minutes,
      workingHours: row.working_hours,
      weekendDays: row.weekend_days,
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      workdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    },
    source: row.jurisdiction_code,
  };
}

export async function listCalendars(deps: Deps, ctx: RequestContext) {
  await authorize(deps, ctx, { permission: 'case.config.read', action: 'working_calendar.list' });
  return (await repo.listCalendars(deps.db)).map((c) => ({
    jurisdictionCode: c.jurisdiction_code,
    name: c.name,
    utcOffsetMinutes: c.utc_offset_minutes,
    workingHours: c.working_hours,
    weekendDays: c.weekend_days,
    updatedAt: c.updated_at.toISOString(),
  }));
}

export async function getCalendar(deps: Deps, ctx: RequestContext, jurisdictionCode: string) {
  await authorize(deps, ctx, { permission: 'case.config.read', action: 'working_calendar.get', target: { type: 'working_calendar', id: jurisdictionCode } });
  const row = await repo.findCalendar(deps.db, jurisdictionCode);
  if (!row) throw errors.notFound('working_calendar', jurisdictionCode);
  const days = await repo.calendarDays(deps.db, jurisdictionCode);
  return {
    jurisdictionCode: row.jurisdiction_code,
    name: row.name,
    utcOffsetMinutes: row.utc_offset_minutes,
    workingHours: row.working_hours,
    weekendDays: row.weekend_days,
    days: days.map((d) => ({ date: d.day, kind: d.kind, name: d.name })),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Set a city's calendar (replacing its days). Applies to deadlines started from now on. */
export async function putCalendar(deps: Deps, ctx: RequestContext | null, input: CalendarInput): Promise<void> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'case.configure', action: 'working_calendar.put' }) : null;
  const holidays = input.days.filter((d) => d.kind === 'holiday').map((d) => d.date);
  const workdays = input.days.filter((d) => d.kind === 'workday').map((d) => d.date);
  const problems = calendarProblems({ utcOffsetMinutes: input.utcOffsetMinutes, workingHours: input.workingHours, weekendDays: input.weekendDays, holidays, workdays });
  const dates = input.days.map((d) => d.date);
  const repeated = dates.findIndex((d, i) => dates.indexOf(d) !== i);
  if (repeated !== -1) problems.push({ path: `days[${repeated}].date`, message: `${dates[repeated]} is listed twice` });
  if (problems.length > 0) throw errors.validation(problems);
  const lineage = await jurisdictionLineage(deps.db, input.jurisdictionCode);
  if (lineage.length === 0) throw errors.validation([{ path: 'jurisdictionCode', message: `unknown jurisdiction ${input.jurisdictionCode}` }]);
  if (scope && !pathWithin(scope.paths, lineage.at(-1)!.path)) throw errors.denied('You may only set calendars inside your own jurisdiction');
  await deps.db.transaction().execute(async (trx) => {
    await repo.replaceCalendar(
      trx,
      {
        jurisdiction_code: input.jurisdictionCode,
        name: input.name,
        utc_offset_minutes: input.utcOffsetMinutes,
        working_hours: input.workingHours,
        weekend_days: input.weekendDays,
        updated_at: deps.clock.now(),
      },
      input.days.map((d) => ({ day: d.date, kind: d.kind, name: d.name })),
    );
    await auditChange(trx, deps.clock, acting(ctx, scope), {
      action: 'working_calendar.put',
      targetType: 'working_calendar',
      targetIds: [input.jurisdictionCode],
      details: { holidays: holidays.length, workdays: workdays.length },
    });
  });
}
