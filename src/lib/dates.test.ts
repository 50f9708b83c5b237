import { describe, expect, it } from 'vitest';
import { datesAgree, parseDate } from './dates.js';

const day = (value: string) => ({ ok: true, value, precision: 'day' });
const month = (value: string) => ({ ok: true, value, precision: 'month' });

describe('parseDate', () => {
  it('reads 19850312', () => {
    expect(parseDate('19850312', ['yyyymmdd'])).toEqual(day('1985-03-12'));
  });

  it('reads ISO dates with -, / or . and one- or two-digit months and days, ignoring a time after them', () => {
    for (const s of ['1985-03-12', '1985/3/12', '1985.03.12', '1985-3-12 00:00:00', '1985-03-12T08:00:00+08:00']) {
      expect(parseDate(s, ['iso'])).toEqual(day('1985-03-12'));
    }
  });

  it('reads 1985年3月12日', () => {
    expect(parseDate('1985年3月12日', ['chinese'])).toEqual(day('1985-03-12'));
    expect(parseDate('1985年03月12号', ['chinese'])).toEqual(day('1985-03-12'));
  });

  it('keeps a month-only date as a month, never inventing a day', () => {
    for (const s of ['1985-03', '198503', '1985/3', '1985年3月']) expect(parseDate(s, ['year_month'])).toEqual(month('1985-03'));
  });

  it('reads Excel serial dates, counting Excel\'s phantom 29 February 1900', () => {
    expect(parseDate('31118', ['excel_serial'])).toEqual(day('1985-03-12'));
    expect(parseDate(31118, ['excel_serial'])).toEqual(day('1985-03-12'));
    expect(parseDate('1', ['excel_serial'])).toEqual(day('1900-01-01'));
    expect(parseDate('59', ['excel_serial'])).toEqual(day('1900-02-28'));
    expect(parseDate('61', ['excel_serial'])).toEqual(day('1900-03-01'));
    expect(parseDate('60', ['excel_serial'])).toEqual({ ok: false, reason: 'calendar' });
  });

  it('takes a date cell as it is, whatever the formats', () => {
    expect(parseDate(new Date(Date.UTC(1985, 2, 12)), ['yyyymmdd'])).toEqual(day('1985-03-12'));
  });

  it('reads full-width digits', () => {
    expect(parseDate('１９８５０３１２', ['yyyymmdd'])).toEqual(day('1985-03-12'));
  });

  it('uses only the formats it is given, in order', () => {
    expect(parseDate('31118', ['yyyymmdd', 'iso'])).toEqual({ ok: false, reason: 'format' });
    expect(parseDate('198503', ['yyyymmdd', 'year_month'])).toEqual(month('1985-03'));
  });

  it('refuses dates that do not exist and years no registry date can have', () => {
    expect(parseDate('1985-02-29', ['iso'])).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDate('2000-02-29', ['iso'])).toEqual(day('2000-02-29'));
    expect(parseDate('1985-13', ['year_month'])).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDate('00000000', ['yyyymmdd'])).toEqual({ ok: false, reason: 'calendar' });
    expect(parseDate('不详')).toEqual({ ok: false, reason: 'format' });
  });
});

describe('datesAgree', () => {
  it('lets a month-only date agree with a day in that month', () => {
    expect(datesAgree('1985-03', '1985-03-12')).toBe(true);
    expect(datesAgree('1985-03-12', '1985-03-12')).toBe(true);
    expect(datesAgree('1985-04', '1985-03-12')).toBe(false);
    expect(datesAgree('1985-03-21', '1985-03-12')).toBe(false);
  });
});
