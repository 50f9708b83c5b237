import { describe, expect, it } from 'vitest';
import { addWorkingTime, calendarProblems, workingMinutesPerDay, workingTimeBetween, type WorkingCalendar } from './working-calendar.js';

// A Hangzhou-style calendar: 08:30–12:00 and 13:30–17:30 (7.5 working hours),
// weekends off, with the 2026 national holidays and make-up days that the tests use.
const calendar: WorkingCalendar = {
  utcOffsetMinutes: 480,
  workingHours: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
  weekendDays: [0, 6],
  holidays: ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'],
};

const at = (local: string) => new Date(`${local}+08:00`);
const add = (start: string, duration: Parameters<typeof addWorkingTime>[1]) => addWorkingTime(at(start), duration, calendar);

describe('addWorkingTime', () => {
  it('adds within one working period', () => {
    expect(add('2026-11-30T09:00:00', { hours: 2 })).toEqual(at('2026-11-30T11:00:00'));
  });

  it('skips the lunch break', () => {
    expect(add('2026-11-30T11:00:00', { hours: 2 })).toEqual(at('2026-11-30T14:30:00'));
  });

  it('runs over the night into the next morning', () => {
    expect(add('2026-11-30T16:30:00', { hours: 2 })).toEqual(at('2026-12-01T09:30:00'));
  });

  it('ends at the closing time when the limit runs out exactly then', () => {
    expect(add('2026-11-30T15:30:00', { hours: 2 })).toEqual(at('2026-11-30T17:30:00'));
  });

  it('starts counting at the next opening when started after hours or at lunch', () => {
    expect(add('2026-11-30T20:00:00', { hours: 1 })).toEqual(at('2026-12-01T09:30:00'));
    expect(add('2026-11-30T12:30:00', { minutes: 30 })).toEqual(at('2026-11-30T14:00:00'));
  });

  it('skips a weekend', () => {
    // Friday 16:00: 1.5 h on Friday, 2.5 h on Monday.
    expect(add('2026-12-04T16:00:00', { hours: 4 })).toEqual(at('2026-12-07T11:00:00'));
    expect(add('2026-12-05T10:00:00', { hours: 1 })).toEqual(at('2026-12-07T09:30:00'));
  });

  it('skips a whole holiday week (National Day, 1–7 October)', () => {
    // Wednesday 30 September 16:00 + one working day: 1.5 h that day, 6 h on Thursday 8 October.
    expect(add('2026-09-30T16:00:00', { days: 1 })).toEqual(at('2026-10-08T16:00:00'));
  });

  it('counts a make-up Saturday (调休) as a working day', () => {
    // Friday 9 October 17:00 + 1 h: half an hour on Friday, half an hour on Saturday 10 October.
    expect(add('2026-10-09T17:00:00', { hours: 1 })).toEqual(at('2026-10-10T09:00:00'));
    // Before the Spring Festival: Saturday 14 February is worked, the nine days after it are not.
    expect(add('2026-02-13T17:00:00', { hours: 2 })).toEqual(at('2026-02-14T10:00:00'));
    expect(add('2026-02-14T17:00:00', { hours: 1 })).toEqual(at('2026-02-24T09:00:00'));
  });

  it('counts a make-up Sunday as well', () => {
    expect(add('2026-09-18T17:30:00', { hours: 1 })).toEqual(at('2026-09-20T09:30:00'));
  });

  it('adds working days as whole working days of time', () => {
    expect(workingMinutesPerDay(calendar)).toBe(450);
    expect(add('2026-11-30T10:00:00', { days: 2 })).toEqual(at('2026-12-02T10:00:00'));
    expect(add('2026-11-30T19:00:00', { days: 1 })).toEqual(at('2026-12-01T17:30:00'));
    expect(add('2026-12-04T10:00:00', { days: 5 })).toEqual(at('2026-12-11T10:00:00'));
  });

  it('works in instants, whatever zone they are written in', () => {
    expect(addWorkingTime(new Date('2026-11-30T01:00:00Z'), { hours: 2 }, calendar).toISOString()).toBe('2026-11-30T03:00:00.000Z');
  });

  it('returns the start for a zero duration and refuses a negative one', () => {
    expect(add('2026-12-05T10:00:00', { hours: 0 })).toEqual(at('2026-12-05T10:00:00'));
    expect(() => add('2026-11-30T10:00:00', { hours: -1 })).toThrow(RangeError);
  });

  it('refuses a calendar without working time instead of looping forever', () => {
    const never = { ...calendar, weekendDays: [0, 1, 2, 3, 4, 5, 6], workdays: [] };
    expect(() => addWorkingTime(at('2026-11-30T10:00:00'), { hours: 1 }, never)).toThrow(/no working time/);
  });
});

describe('workingTimeBetween', () => {
  it('counts only working minutes', () => {
    expect(workingTimeBetween(at('2026-11-30T09:00:00'), at('2026-11-30T15:00:00'), calendar)).toBe(270);
    expect(workingTimeBetween(at('2026-12-04T16:00:00'), at('2026-12-07T10:00:00'), calendar)).toBe(180);
  });

  it('counts nothing over a holiday week and is negative backwards', () => {
    expect(workingTimeBetween(at('2026-09-30T17:30:00'), at('2026-10-08T08:30:00'), calendar)).toBe(0);
    expect(workingTimeBetween(at('2026-11-30T15:00:00'), at('2026-11-30T09:00:00'), calendar)).toBe(-270);
  });

  it('is the inverse of addWorkingTime', () => {
    const starts = ['2026-02-13T11:17:00', '2026-09-19T03:00:00', '2026-10-09T16:59:00', '2026-12-31T12:45:00'];
    for (const start of starts) {
      for (const minutes of [1, 59, 450, 451, 2000]) {
        const end = addWorkingTime(at(start), { minutes }, calendar);
        expect(workingTimeBetween(at(start), end, calendar)).toBeCloseTo(minutes, 6);
      }
    }
  });
});

describe('calendarProblems', () => {
  it('names every field that is wrong', () => {
    expect(calendarProblems(calendar)).toEqual([]);
    const bad: WorkingCalendar = {
      utcOffsetMinutes: 481.5,
      workingHours: [
        { start: '13:00', end: '12:00' },
        { start: '9:00', end: '17:00' },
      ],
      weekendDays: [7],
      holidays: ['2026-02-30'],
      workdays: ['2026-02-30'],
    };
    expect(calendarProblems(bad).map((p) => p.path)).toEqual([
      'utcOffsetMinutes',
      'workingHours[0].end',
      'workingHours[1].start',
      'weekendDays[0]',
      'holidays[0]',
      'workdays[0]',
      'workdays[0]',
    ]);
  });
});
