import { describe, expect, it } from 'vitest';
import { addDays, chinaDay, isIsoDay, periodOf, yearsBefore } from './reference-dates.js';

describe('reference dates', () => {
  it('counts back whole years, 29 February becoming 28 February in common years', () => {
    expect(yearsBefore('2026-07-01', 60)).toBe('1966-07-01');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsBefore('2024-02-29', 4)).toBe('2020-02-29');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-06-30', 1)).toBe('2026-07-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows a calendar day from something that only looks like one', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2026-6-1')).toBe(false);
  });

  it('takes today in China time', () => {
    expect(chinaDay(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
  });

  it('gives the period a report of each frequency covers', () => {
    expect(periodOf('monthly', '2026-08-31')).toEqual({ start: '2026-08-01', end: '2026-08-31' });
    expect(periodOf('quarterly', '2026-08-31')).toEqual({ start: '2026-07-01', end: '2026-08-31' });
    expect(periodOf('half_yearly', '2026-06-30')).toEqual({ start: '2026-01-01', end: '2026-06-30' });
    expect(periodOf('yearly', '2026-08-31')).toEqual({ start: '2026-01-01', end: '2026-08-31' });
    expect(periodOf('ad_hoc', '2026-08-31')).toEqual({ start: '2026-01-01', end: '2026-08-31' });
  });
});
