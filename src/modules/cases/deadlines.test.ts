import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../../lib/working-calendar.js';
import { addLimit, describeLimit, escalationLevelAt, limitMinutes, nextEscalationAt, remainingMinutes, stageClock } from './deadlines.js';

const calendar: WorkingCalendar = {
  utcOffsetMinutes: 480,
  workingHours: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: [],
  workdays: [],
};
const at = (local: string) => new Date(`${local}+08:00`);

describe('stageClock', () => {
  it('puts the due time and the warning on the working calendar', () => {
    // 4 working hours from Monday 16:00: due Tuesday 11:00; warned after 3 h, at Tuesday 10:00.
    expect(stageClock(at('2026-11-30T16:00:00'), { hours: 4 }, calendar, 0.75)).toEqual({
      dueAt: at('2026-12-01T11:00:00'),
      warnAt: at('2026-12-01T10:00:00'),
    });
  });

  it('runs a natural limit on the clock, nights and weekends included', () => {
    expect(stageClock(at('2026-12-04T23:00:00'), { hours: 2, natural: true }, calendar, 0.5)).toEqual({
      dueAt: at('2026-12-05T01:00:00'),
      warnAt: at('2026-12-05T00:00:00'),
    });
  });
});

describe('remainingMinutes', () => {
  it('counts working minutes left, or clock minutes for a natural limit, never below zero', () => {
    expect(remainingMinutes(at('2026-12-04T17:00:00'), at('2026-12-07T09:00:00'), false, calendar)).toBe(60);
    expect(remainingMinutes(at('2026-12-04T17:00:00'), at('2026-12-04T19:00:00'), true, calendar)).toBe(120);
    expect(remainingMinutes(at('2026-12-08T09:00:00'), at('2026-12-07T09:00:00'), false, calendar)).toBe(0);
  });
});

describe('escalationLevelAt', () => {
  const due = at('2026-11-30T10:00:00');
  const step = { days: 1 };

  it('is 0 before the deadline and 1 from the deadline on', () => {
    expect(escalationLevelAt(at('2026-11-30T09:59:00'), due, step, 3, calendar)).toBe(0);
    expect(escalationLevelAt(due, due, step, 3, calendar)).toBe(1);
  });

  it('climbs one level per further working day overdue, and stops at the top', () => {
    expect(escalationLevelAt(at('2026-12-01T09:59:00'), due, step, 3, calendar)).toBe(1);
    expect(escalationLevelAt(at('2026-12-01T10:00:00'), due, step, 3, calendar)).toBe(2);
    expect(escalationLevelAt(at('2026-12-02T10:00:00'), due, step, 3, calendar)).toBe(3);
    expect(escalationLevelAt(at('2026-12-20T10:00:00'), due, step, 3, calendar)).toBe(3);
    expect(escalationLevelAt(at('2026-12-20T10:00:00'), due, step, 2, calendar)).toBe(2);
  });

  it('does not climb over a weekend', () => {
    const friday = at('2026-12-04T10:00:00');
    expect(escalationLevelAt(at('2026-12-07T09:00:00'), friday, step, 3, calendar)).toBe(1);
  });

  it('has nowhere to go without levels above', () => {
    expect(escalationLevelAt(at('2026-12-20T10:00:00'), due, step, 0, calendar)).toBe(0);
  });
});

describe('nextEscalationAt', () => {
  const due = at('2026-12-04T10:00:00');

  it('is the due time first, then one step later per level, on the calendar', () => {
    expect(nextEscalationAt(due, 0, { days: 1 }, 3, calendar)).toEqual(due);
    // One working day after Friday 10:00 is Monday 10:00; two is Tuesday 10:00.
    expect(nextEscalationAt(due, 1, { days: 1 }, 3, calendar)).toEqual(at('2026-12-07T10:00:00'));
    expect(nextEscalationAt(due, 2, { days: 1 }, 3, calendar)).toEqual(at('2026-12-08T10:00:00'));
    expect(nextEscalationAt(due, 1, { hours: 12, natural: true }, 3, calendar)).toEqual(at('2026-12-04T22:00:00'));
  });

  it('agrees with escalationLevelAt', () => {
    for (const level of [0, 1, 2]) {
      const next = nextEscalationAt(due, level, { days: 1 }, 3, calendar)!;
      expect(escalationLevelAt(next, due, { days: 1 }, 3, calendar)).toBe(level + 1);
      expect(escalationLevelAt(new Date(next.getTime() - 1), due, { days: 1 }, 3, calendar)).toBe(level);
    }
  });

  it('is null at the top of the chain', () => {
    expect(nextEscalationAt(due, 3, { days: 1 }, 3, calendar)).toBeNull();
    expect(nextEscalationAt(due, 0, { days: 1 }, 0, calendar)).toBeNull();
  });
});

describe('limitMinutes and addLimit', () => {
  it('counts a working day as the calendar’s working time and a natural day as 24 hours', () => {
    expect(limitMinutes({ days: 2 }, calendar)).toBe(900);
    expect(limitMinutes({ days: 2, natural: true }, calendar)).toBe(2880);
    expect(limitMinutes({ hours: 3, natural: true }, calendar)).toBe(180);
    expect(addLimit(at('2026-12-04T10:00:00'), { days: 7, natural: true }, calendar)).toEqual(at('2026-12-11T10:00:00'));
    expect(addLimit(at('2026-12-04T10:00:00'), { days: 1 }, calendar)).toEqual(at('2026-12-07T10:00:00'));
  });
});

describe('describeLimit', () => {
  it('says a limit the way a notice does', () => {
    expect(describeLimit({ days: 7 })).toBe('7个工作日');
    expect(describeLimit({ hours: 4 })).toBe('4个工作小时');
    expect(describeLimit({ hours: 2, natural: true })).toBe('2小时');
    expect(describeLimit({ days: 3, natural: true })).toBe('3天');
  });
});
