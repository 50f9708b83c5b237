/**
 * Address comparison by tokens. Departments write one dwelling many ways:
 *
 *   浙江省杭州市西湖区北山街道保俶路12号翠苑新村3幢2单元502室
 *   西湖区保俶路12号翠苑新村3栋2单元502
 *   翠苑新村3-2-502
 *   翠苑新村3幢2单元502室（保俶路12号）
 *
 * so addresses are compared by what identifies the dwelling — compound (小区),
 * building, unit, room — not by their text.
 *
 * The tokens come from the registry's address parser (src/lib/addresses.ts),
 * which reads administrative names and roads off the front, so every prefix a
 * source wrote leaves the same compound; an address without a building number
 * has no tokens and is compared by its text.
 */

import { parseAddress } from '../../../lib/addresses.js';

export interface AddressTokens {
  compound: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  /** The address without spaces, for addresses with no recognisable compound. */
  text: string;
}

export type AddressLevel = 'same_dwelling' | 'same_building' | 'same_compound' | 'different';

export function addressTokens(address: string): AddressTokens {
  const text = address.normalize('NFKC').replace(/\s+/g, '');
  const parsed = parseAddress(text);
  if (parsed.building === null) return { compound: null, building: null, unit: null, room: null, text };
  return { compound: parsed.compound, building: parsed.building, unit: parsed.unit, room: parsed.room, text };
}

export function compareAddresses(a: AddressTokens, b: AddressTokens): AddressLevel {
  if (a.compound === null || b.compound === null) return a.text === b.text ? 'same_dwelling' : 'different';
  if (!compoundsMatch(a.compound, b.compound)) return 'different';
  if (a.building === null || a.building !== b.building) return 'same_compound';
  const sameUnit = a.unit === null || b.unit === null || a.unit === b.unit;
  return sameUnit && a.room !== null && a.room === b.room ? 'same_dwelling' : 'same_building';
}

/** Equal, or one ends with the other: a prefix the marker cut did not remove is still the same compound. */
function compoundsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  return shorter.length >= 2 && longer.endsWith(shorter);
}
