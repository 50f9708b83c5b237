/**
 * Keys that make variant spellings of one Chinese name meet: the simplified
 * form (陳麗娟 → 陈丽娟) and the toneless pinyin (张伟 and 章伟 are both
 * "zhang wei"), plus the surname's pinyin for blocking.
 *
 * pinyin-pro and OpenCC take microseconds per call and a million department rows
 * hold far fewer distinct names, so every key is memoised per distinct name.
 */

import { pinyin } from 'pinyin-pro';
import { normaliseName } from '../../../lib/chinese-text.js';
import { COMPOUND_SURNAMES } from '../../../lib/masking.js';

export interface NameKeys {
  /** The name as the import normalises it: half-width, simplified, no stray spaces. */
  simplified: string;
  /** Toneless syllables separated by spaces: "zhang wei". */
  pinyin: string;
  /** The surname's syllables: "zhang", "ou yang". */
  surnamePinyin: string;
}

export class NameKeyCache {
  private readonly keys = new Map<string, NameKeys>();

  get(name: string): NameKeys {
    let keys = this.keys.get(name);
    if (!keys) {
      keys = nameKeys(name);
      this.keys.set(name, keys);
    }
    return keys;
  }
}

export function nameKeys(name: string): NameKeys {
  const simplified = normaliseName(name);
  // Surname mode reads the first character as a surname (曾 zeng, 单 shan), so a
  // surname and its homophones get the same syllable in every record.
  const syllables = pinyin(simplified, { toneType: 'none', type: 'array', surname: 'head' });
  const surnameSyllables = surnameLength(simplified);
  return {
    simplified,
    pinyin: syllables.join(' '),
    surnamePinyin: syllables.slice(0, surnameSyllables).join(' '),
  };
}

/** Two characters for a compound surname (欧阳娜娜), one otherwise; a two-character name is surname + given name. */
function surnameLength(name: string): number {
  const chars = Array.from(name);
  return chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
}

/** True when two names differ by at most one inserted, deleted or substituted character. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  // Rare characters in names lie outside the BMP; compare those by code point, the rest by UTF-16 unit (faster, no copies).
  if (SURROGATE.test(a) || SURROGATE.test(b)) return withinOneEditOf(Array.from(a), Array.from(b));
  return withinOneEditOf(a, b);
}

const SURROGATE = /[\uD800-\uDFFF]/;

function withinOneEditOf(x: string | string[], y: string | string[]): boolean {
  if (Math.abs(x.length - y.length) > 1) return false;
  if (x.length === y.length) {
    let differences = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && ++differences > 1) return false;
    return true;
  }
  const [shorter, longer] = x.length < y.length ? [x, y] : [y, x];
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  for (; i < shorter.length; i++) if (shorter[i] !== longer[i + 1]) return false;
  return true;
}
