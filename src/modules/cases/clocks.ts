// Starting and stopping a case's stage clocks (rows of case_deadlines) on the
// calendar of the place where the case lies.
import type { Insertable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { WorkingCalendar } from '../../lib/working-calendar.js';
import * as repo from './case-repo.js';
import { calendarFor } from './calendars.js';
import { stageClock } from './deadlines.js';
import type { ResponsibleUnit, Stage, StageLimit } from './model.js';
import { unitKey } from './model.js';
import type { CaseSettings } from './settings.js';

export interface ClockSetting {
  calendar: WorkingCalendar;
  /** Which calendar: a jurisdiction code, or 'default' when none is set. */
  calendarSource: string;
  warnAtFraction: number;
}

export async function clockSettingFor(db: repo.Db, jurisdictionPath: string, settings: CaseSettings): Promise<ClockSetting> {
  const { calendar, source } = await calendarFor(db, jurisdictionPath);
  return { calendar, calendarSource: source, warnAtFraction: settings.warnAtFraction };
}

export interface ClockOwner {
  key: string;
  name: string;
}

export function ownerOfUnit(unit: Pick<ResponsibleUnit, 'departmentId' | 'jurisdictionCode' | 'name'>): ClockOwner {
  return { key: unitKey(unit), name: unit.name };
}

export async function startClock(db: repo.Db, setting: ClockSetting, clock: StageClockStart) {
  await repo.insertDeadlines(db, [deadlineRow(setting, clock)]);
}

export interface StageClockStart {
  caseId: string;
  stage: Stage;
  owner: ClockOwner;
  limit: StageLimit;
  start: Date;
  subjectId?: string;
}

/** The deadline row a stage clock starts as (for writes that start several at once). */
export function deadlineRow(setting: ClockSetting, clock: StageClockStart): Insertable<DB['case_deadlines']> {
  const { dueAt, warnAt } = stageClock(clock.start, clock.limit, setting.calendar, setting.warnAtFraction);
  return {
    case_id: clock.caseId,
    stage: clock.stage,
    unit_key: clock.owner.key,
    unit_name: clock.owner.name,
    subject_id: clock.subjectId ?? null,
    limit_spec: JSON.stringify({ ...clock.limit, calendar: setting.calendarSource }),
    started_at: clock.start,
    due_at: dueAt,
    warn_at: warnAt,
    next_escalation_at: dueAt,
  };
}
