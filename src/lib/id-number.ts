/**
 * Resident ID numbers (公民身份号码), GB 11643-1999.
 *
 * 18 characters: 6-digit region code · 8-digit birth date YYYYMMDD · 3-digit
 * sequence (odd = male, even = female) · 1 check character (ISO 7064 MOD 11-2).
 *
 * Error messages never include the number itself: it is personal data and
 * messages end up in logs.
 */

export type Sex = 'male' | 'female';

export type IdNumberProblem = 'length' | 'characters' | 'birth_date' | 'checksum';

export interface ValidIdNumber {
  ok: true;
  /** The canonical 18-character form (upper-case X). */
  value: string;
  birthDate: string;
  sex: Sex;
  /** Where the number was first issued; retired codes stay valid on old numbers. */
  regionCode: string;
}

export type IdNumberValidation = ValidIdNumber | { ok: false; reason: IdNumberProblem };

export interface IdNumberOptions {
  /** When given, a birth date after this day (China time) is rejected as 'birth_date'. */
  asOf?: Date;
}

/** 2^(17−i) mod 11 for positions 1–17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
/** Nobody alive was born earlier; also rejects zero-filled placeholder numbers. */
const EARLIEST_BIRTH_YEAR = 1800;
const CHINA_UTC_OFFSET_MS = 8 * 3600 * 1000;

/** The check character for the first 17 digits of an ID number. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('checkCharacter needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/**
 * Checks an ID number in canonical form: 17 digits and a digit or upper-case X.
 * Raw data from departments goes through {@link normaliseIdNumber} first.
 * Problems are reported in this order: length, characters, birth date, checksum.
 */
export function validateIdNumber(s: string, options: IdNumberOptions = {}): IdNumberValidation {
  if (s.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: 'characters' };
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (!isCalendarDate(year, month, day) || year < EARLIEST_BIRTH_YEAR) {
    return { ok: false, reason: 'birth_date' };
  }
  if (options.asOf && isAfterDayOf(year, month, day, options.asOf)) {
    return { ok: false, reason: 'birth_date' };
  }
  if (checkCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, reason: 'checksum' };
  return {
    ok: true,
    value: s,
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: (s.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
    regionCode: s.slice(0, 6),
  };
}

/** What {@link normaliseIdNumber} changed, so an import report can say why a value differs from the source. */
export type IdNumberFix =
  | 'full_width'
  | 'excel_apostrophe'
  | 'whitespace'
  | 'float_form'
  | 'lowercase_x'
  | 'upgraded_15';

export type IdNumberNormalisation =
  | (ValidIdNumber & { fixes: IdNumberFix[] })
  | { ok: false; reason: IdNumberProblem | 'float_precision_lost' };

/** A number Excel stored as a float, shown in scientific notation: 1.10105E+17. */
const SCIENTIFIC = /^(\d)(?:\.(\d+))?E\+?(\d{1,2})$/i;
/** A float written out in full by another tool: 110105491231002.0 */
const TRAILING_ZERO_FRACTION = /^(\d+)\.0+$/;
/** Whitespace plus the zero-width characters that copy-paste from web pages leaves behind. */
const INVISIBLE = /[\s\u200B-\u200D\u2060]/g;
/** Excel's text marker, also in the curly form that word processors substitute. */
const LEADING_APOSTROPHE = /^['\u2018\u2019`]/;

/**
 * Turns an ID number as found in department spreadsheets into canonical form and validates it.
 * Handles full-width characters, a leading Excel apostrophe, spaces, lower-case x,
 * numbers stored as floats (when every digit survived), and 15-digit numbers from before
 * 1999 (upgraded by inserting "19" and computing the check character).
 *
 * A float that kept only 15 significant digits cannot be recovered; it is reported as
 * 'float_precision_lost' so the source can be asked again rather than guessed.
 */
export function normaliseIdNumber(raw: string, options: IdNumberOptions = {}): IdNumberNormalisation {
  const fixes: IdNumberFix[] = [];
  let s = raw.normalize('NFKC');
  if (s !== raw) fixes.push('full_width');

  const compact = s.replace(INVISIBLE, '');
  if (compact !== s) fixes.push('whitespace');
  s = compact;

  if (LEADING_APOSTROPHE.test(s)) {
    fixes.push('excel_apostrophe');
    s = s.slice(1);
  }

  const scientific = SCIENTIFIC.exec(s);
  if (scientific) {
    const digits = scientific[1] + (scientific[2] ?? '');
    const length = Number(scientific[3]) + 1;
    if (digits.length > length) return { ok: false, reason: 'characters' };
    if (digits.length < length) return { ok: false, reason: 'float_precision_lost' };
    s = digits;
    fixes.push('float_form');
  } else {
    const fraction = TRAILING_ZERO_FRACTION.exec(s);
    if (fraction) {
      s = fraction[1];
      fixes.push('float_form');
    }
  }

  if (s.length === 18 && s.endsWith('x')) {
    s = s.slice(0, 17) + 'X';
    fixes.push('lowercase_x');
  }

  if (/^\d{15}$/.test(s)) {
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    s = first17 + checkCharacter(first17);
    fixes.push('upgraded_15');
  }

  const result = validateIdNumber(s, options);
  if (!result.ok) {
    // Excel keeps 15 significant digits: an 18-digit number written back as an integer ends in 000.
    if (result.reason === 'checksum' && s.endsWith('000')) return { ok: false, reason: 'float_precision_lost' };
    return result;
  }
  return { ...result, fixes };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Birth dates are civil dates in China, so compare against asOf's day in UTC+8. */
function isAfterDayOf(year: number, month: number, day: number, asOf: Date): boolean {
  const china = new Date(asOf.getTime() + CHINA_UTC_OFFSET_MS);
  const refYear = china.getUTCFullYear();
  const refMonth = china.getUTCMonth() + 1;
  const refDay = china.getUTCDate();
  if (year !== refYear) return year > refYear;
  if (month !== refMonth) return month > refMonth;
  return day > refDay;
}
