/**
 * Chinese text as it arrives from department systems: letters and digits typed
 * full-width by a Chinese input method (１２３, ＡＢＣ), ideographic spaces,
 * traditional characters from older or Hong Kong/Taiwan-sourced systems, and
 * the several look-alike middle dots used in transliterated minority names.
 *
 * These functions only change the form of text, never its meaning, so any of
 * them may be applied to any text field.
 */
import { Converter } from 'opencc-js/t2cn';

const FULL_WIDTH_FIRST = 0xff01; // ！
const FULL_WIDTH_LAST = 0xff5e; // ～
const FULL_TO_HALF_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = '\u3000';

/** ASCII look-alikes typed full-width (０-９, Ａ-Ｚ, ａ-ｚ, ！-～) and the ideographic space become ASCII. */
export function toHalfWidth(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) {
      out += String.fromCharCode(code - FULL_TO_HALF_OFFSET);
      changed = true;
    } else if (s[i] === IDEOGRAPHIC_SPACE) {
      out += ' ';
      changed = true;
    } else {
      out += s[i];
    }
  }
  return changed ? out : s;
}

// Traditional (including Hong Kong and Taiwan variants) → mainland simplified.
const traditionalToSimplified = Converter({ from: 't', to: 'cn' });
/** Only text with a character in the CJK blocks can contain a traditional character. */
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;

/** Traditional characters become simplified: 張偉 → 张伟, 歐陽 → 欧阳. */
export function toSimplified(s: string): string {
  return HAS_CJK.test(s) ? traditionalToSimplified(s) : s;
}

/** Every look-alike of the middle dot that separates parts of a transliterated name: 阿依古丽·买买提. */
const NAME_DOTS = /[\u00b7\u2022\u2027\u30fb\uff65\u0387\u2219.．]/g;
const WHITESPACE_RUN = /\s+/g;
/** Spaces between two CJK characters are typing noise (张 三); between Latin words they are part of the name. */
const SPACE_BETWEEN_CJK = /(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g;

/** Whitespace runs become one space, and the ends are trimmed. */
export function collapseWhitespace(s: string): string {
  return s.replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * A person's or organisation's name in one canonical form: half-width,
 * simplified, no stray spaces between Chinese characters, one kind of middle dot.
 */
export function normaliseName(raw: string): string {
  const s = collapseWhitespace(toSimplified(toHalfWidth(raw)));
  return s.replace(SPACE_BETWEEN_CJK, '').replace(NAME_DOTS, '·').replace(/\s*·\s*/g, '·');
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/**
 * A Chinese numeral below ten thousand as digits: 三 → 3, 十二 → 12, 二十 → 20,
 * 一百零三 → 103; also the digit-by-digit form 一〇三 → 103. Null when it is not one.
 */
export function chineseNumeralToNumber(s: string): number | null {
  if (s.length === 0) return null;
  if (/^[零〇一二两三四五六七八九]+$/.test(s) && s.length > 1) {
    return Number([...s].map((c) => CHINESE_DIGITS[c]).join(''));
  }
  const match = /^(?:([一二两三四五六七八九])千)?(?:([一二两三四五六七八九])百)?零?(?:([一二两三四五六七八九])?(十))?零?([一二三四五六七八九])?$/.exec(s);
  if (!match) return null;
  const [, thousands, hundreds, tens, tenMark, units] = match;
  if (!thousands && !hundreds && !tenMark && !units) return null;
  return (
    (thousands ? CHINESE_DIGITS[thousands] * 1000 : 0) +
    (hundreds ? CHINESE_DIGITS[hundreds] * 100 : 0) +
    (tenMark ? (tens ? CHINESE_DIGITS[tens] : 1) * 10 : 0) +
    (units ? CHINESE_DIGITS[units] : 0)
  );
}
