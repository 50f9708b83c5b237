/**
 * Phone numbers as department spreadsheets hold them: with spaces, hyphens and
 * brackets, a +86 / 0086 prefix, full-width digits, an Excel apostrophe, stored
 * as a float (1.39001E+10), or two numbers in one cell ("139… / 0571-…").
 *
 * Canonical forms: a mobile as 11 digits (13900001111); a landline as area code,
 * hyphen, local number (0571-88886666). Mobile numbers are 11 digits starting
 * 13–19 (standards.md); the prefix no longer tells the carrier, so it is not checked further.
 */
import { toHalfWidth } from './chinese-text.js';

export type PhoneKind = 'mobile' | 'landline';
export type PhoneProblem = 'characters' | 'not_a_phone' | 'landline_without_area_code' | 'float_precision_lost';

export type PhoneCleaning =
  | { ok: true; value: string; kind: PhoneKind }
  | { ok: false; reason: PhoneProblem };

const MOBILE = /^1[3-9]\d{9}$/;
/** 010 and 020–029 are the three-digit area codes; every other area code has four digits. */
const THREE_DIGIT_AREA = /^(?:010|02\d)/;
const LANDLINE = /^0\d{9,11}$/;
const LOCAL_ONLY = /^[2-9]\d{6,7}$/;
const SEPARATORS = /[\s\-()（）.]/g;
const SCIENTIFIC = /^(\d)\.(\d+)E\+?(\d{1,2})$/i;

export function cleanPhone(raw: string): PhoneCleaning {
  let s = toHalfWidth(raw).trim().replace(/^['\u2018\u2019`]/, '');
  const scientific = SCIENTIFIC.exec(s);
  if (scientific) {
    const digits = scientific[1] + scientific[2];
    if (digits.length < Number(scientific[3]) + 1) return { ok: false, reason: 'float_precision_lost' };
    s = digits;
  } else if (/^\d+\.0+$/.test(s)) {
    s = s.slice(0, s.indexOf('.'));
  }
  s = s.replace(SEPARATORS, '');
  const international = /^(?:\+86|0086|86)(1[3-9]\d{9})$/.exec(s) ?? /^(?:\+86|0086)(\d{9,11})$/.exec(s);
  if (international) {
    s = international[1].startsWith('1') ? international[1] : `0${international[1]}`;
  }
  if (!/^\d+$/.test(s)) return { ok: false, reason: 'characters' };
  if (MOBILE.test(s)) return { ok: true, value: s, kind: 'mobile' };
  if (LANDLINE.test(s)) {
    const areaLength = THREE_DIGIT_AREA.test(s) ? 3 : 4;
    const local = s.slice(areaLength);
    if (local.length < 7 || local.length > 8) return { ok: false, reason: 'not_a_phone' };
    return { ok: true, value: `${s.slice(0, areaLength)}-${local}`, kind: 'landline' };
  }
  if (LOCAL_ONLY.test(s)) return { ok: false, reason: 'landline_without_area_code' };
  return { ok: false, reason: 'not_a_phone' };
}

const LIST_SEPARATORS = /[,;/|、，；／]|或/;

/**
 * Split a cell that may hold several numbers. Explicit separators always split;
 * whitespace splits only when every part is then a phone number on its own, so
 * a landline written "0571 8888 6666" stays one number.
 */
export function splitPhones(raw: string): string[] {
  const parts = toHalfWidth(raw)
    .split(LIST_SEPARATORS)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return parts.flatMap((part) => {
    if (cleanPhone(part).ok) return [part];
    const words = part.split(/\s+/);
    return words.length > 1 && words.every((w) => cleanPhone(w).ok) ? words : [part];
  });
}
