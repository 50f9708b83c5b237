/**
 * Display masking of personal data (common practice in Chinese government systems):
 * ID 440401********1768, phone 139****0000, name 张* / 欧阳**.
 *
 * Masking is for display where the full value is not needed; it is not
 * de-identification (masked data is still personal data, PIPL Art. 73).
 * When a value is too short to mask the usual way, everything is masked:
 * showing too little is safe, showing too much is a leak.
 */

const MASK = '*';

/** Mobile numbers in mainland China: 11 digits; the prefix no longer tells the carrier. */
const MOBILE_PHONE = /^1[3-9]\d{9}$/;

/**
 * Two-character surnames (复姓) from the 百家姓 that are still in use.
 * Without this list 欧阳娜娜 would be masked as 欧*** and reveal nothing of the surname
 * but one character of it.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
  '宇文', '司徒', '司空', '令狐', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门',
  '百里', '呼延', '东郭', '闻人', '万俟', '赫连', '澹台', '公冶', '宗政', '濮阳',
  '太叔', '申屠', '钟离', '鲜于', '闾丘', '仲孙', '左丘', '第五', '拓跋', '淳于',
  '单于', '公羊', '谷梁', '漆雕', '乐正', '壤驷', '公良', '梁丘', '段干', '巫马',
]);

export function isMobilePhone(s: string): boolean {
  return MOBILE_PHONE.test(s);
}

/** Keeps the region code (first 6) and the last 4 characters: 440401********1768. */
export function maskIdNumber(idNumber: string): string {
  const s = idNumber.trim();
  // Anything shorter than an old 15-digit number is not an ID number; hide all of it.
  if (s.length < 15) return MASK.repeat(s.length);
  return s.slice(0, 6) + MASK.repeat(s.length - 10) + s.slice(-4);
}

/** Keeps the first 3 and last 4 digits: 139****0000. Spaces and hyphens are dropped first. */
export function maskPhone(phone: string): string {
  const s = phone.replace(/[\s-]/g, '');
  if (s.length < 8) return MASK.repeat(s.length);
  return s.slice(0, 3) + MASK.repeat(s.length - 7) + s.slice(-4);
}

/**
 * Keeps the surname and masks every character of the given name: 张*, 张**, 欧阳**.
 * Separators in transliterated names (阿依古丽·买买提) stay, so the shape is recognisable.
 * A two-character name is always surname + given name, even when it spells a compound surname.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim()); // code points: rare characters live outside the BMP
  if (chars.length <= 1) return MASK.repeat(chars.length);
  const surnameLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  let masked = chars.slice(0, surnameLength).join('');
  for (let i = surnameLength; i < chars.length; i++) {
    masked += isNameSeparator(chars[i]) ? chars[i] : MASK;
  }
  return masked;
}

function isNameSeparator(ch: string): boolean {
  return ch === '·' || ch === '•' || ch === '・' || ch === ' ';
}
