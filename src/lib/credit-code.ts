/**
 * Unified social credit codes of organisations (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters: registration authority (1) · organisation type (1) · GB/T 2260
 * region code (6) · organisation code (9, GB 11714) · check character (1). The
 * alphabet is the digits and the capital letters without I, O, Z, S and V (31
 * symbols); the check character is 31 − (Σ valueᵢ × weightᵢ mod 31), with 31
 * written as 0.
 */
import { toHalfWidth } from './chinese-text.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i−1) mod 31 for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'characters' | 'checksum';

export type CreditCodeValidation =
  | { ok: true; value: string; registrationAuthority: string; organisationType: string; regionCode: string }
  | { ok: false; reason: CreditCodeProblem };

/** The check character for the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckCharacter needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new RangeError('creditCodeCheckCharacter: character outside the GB 32100 alphabet');
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Validate a credit code after the usual clean-up: full-width, spaces, lower case. */
export function validateCreditCode(raw: string): CreditCodeValidation {
  const s = toHalfWidth(raw).replace(/[\s-]/g, '').toUpperCase();
  if (s.length !== 18) return { ok: false, reason: 'length' };
  if (![...s].every((c) => ALPHABET.includes(c))) return { ok: false, reason: 'characters' };
  if (creditCodeCheckCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, reason: 'checksum' };
  return { ok: true, value: s, registrationAuthority: s[0], organisationType: s[1], regionCode: s.slice(2, 8) };
}
