/**
 * National public holidays and make-up working days (调休) of the People's
 * Republic of China, as published by the General Office of the State Council
 * (国务院办公厅关于2026年部分节假日安排的通知). Every city calendar starts from
 * these; local working hours differ.
 */
import type { CalendarInput } from './calendars.js';

const span = (from: string, to: string, name: string): CalendarInput['days'] => {
  const days: CalendarInput['days'] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    days.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
};
const workday = (date: string, name: string) => ({ date, kind: 'workday' as const, name: `${name}调休上班` });

export const PRC_2026: CalendarInput['days'] = [
  ...span('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦'),
  workday('2026-02-14', '春节'),
  ...span('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-28', '春节'),
  ...span('2026-04-04', '2026-04-06', '清明节'),
  ...span('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节'),
  ...span('2026-06-19', '2026-06-21', '端午节'),
  workday('2026-09-20', '国庆节'),
  ...span('2026-09-25', '2026-09-27', '中秋节'),
  ...span('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-10-10', '国庆节'),
];
