/**
 * Stage clocks: when a stage is due, when to warn that it is close, how much
 * of it is left when a case is parked, and how far up the chain an overdue
 * stage has escalated by a given instant.
 */
import { addWorkingTime, durationMinutes, workingTimeBetween, type WorkingCalendar } from '../../lib/working-calendar.js';
import type { StageLimit } from './model.js';

const MINUTE = 60_000;

export interface StageClock {
  dueAt: Date;
  /** When the remaining time falls to (1 − warnAtFraction) of the limit. */
  warnAt: Date;
}

/** A limit in minutes: of working time on the calendar, or of clock time (a natural day is 24 hours). */
export function limitMinutes(limit: StageLimit, calendar: WorkingCalendar): number {
  if (!limit.natural) return durationMinutes(limit, calendar);
  return 'days' in limit ? limit.days * 24 * 60 : 'hours' in limit ? limit.hours * 60 : limit.minutes;
}

/** The instant `limit` after `start`. */
export function addLimit(start: Date, limit: StageLimit, calendar: WorkingCalendar): Date {
  return after(start, limitMinutes(limit, calendar), limit.natural, calendar);
}

export function stageClock(start: Date, limit: StageLimit, calendar: WorkingCalendar, warnAtFraction: number): StageClock {
  const minutes = limitMinutes(limit, calendar);
  return { dueAt: after(start, minutes, limit.natural, calendar), warnAt: after(start, minutes * warnAtFraction, limit.natural, calendar) };
}

/** Time left until `dueAt`, in minutes of the limit's own kind (never negative). */
export function remainingMinutes(now: Date, dueAt: Date, natural: boolean | undefined, calendar: WorkingCalendar): number {
  const left = natural ? (dueAt.getTime() - now.getTime()) / MINUTE : workingTimeBetween(now, dueAt, calendar);
  return Math.max(0, left);
}

/**
 * The escalation level an overdue stage has reached at `now`: 0 while on
 * time, 1 from the moment it is due, and one more for every further `step`
 * overdue, up to `ladderLength` (the levels above the case: community, street,
 * district).
 */
export function escalationLevelAt(now: Date, dueAt: Date, step: StageLimit, ladderLength: number, calendar: WorkingCalendar): number {
  if (now < dueAt || ladderLength === 0) return 0;
  const stepMinutes = limitMinutes(step, calendar);
  const overdue = step.natural ? (now.getTime() - dueAt.getTime()) / MINUTE : workingTimeBetween(dueAt, now, calendar);
  return Math.min(ladderLength, 1 + Math.floor(overdue / stepMinutes));
}

/** When an overdue stage that has reached `level` reaches the next one; null at the top of the chain. */
export function nextEscalationAt(dueAt: Date, level: number, step: StageLimit, ladderLength: number, calendar: WorkingCalendar): Date | null {
  if (level >= ladderLength) return null;
  return level === 0 ? dueAt : after(dueAt, level * limitMinutes(step, calendar), step.natural, calendar);
}

function after(start: Date, minutes: number, natural: boolean | undefined, calendar: WorkingCalendar): Date {
  return natural ? new Date(start.getTime() + minutes * MINUTE) : addWorkingTime(start, { minutes }, calendar);
}

/** A limit in words, as a notice to the public shows it: 7个工作日, 2小时. */
export function describeLimit(limit: StageLimit): string {
  const [amount, unit] = 'days' in limit ? [limit.days, '天'] : 'hours' in limit ? [limit.hours, '小时'] : [limit.minutes, '分钟'];
  return limit.natural ? `${amount}${unit}` : `${amount}个工作${unit === '天' ? '日' : unit}`;
}
