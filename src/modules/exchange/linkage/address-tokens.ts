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
 * Linkage needs tokens that come out the same whatever prefix each source
 * wrote, rather than a full parse into places (src/lib/addresses.ts does that
 * for the registry). The compound is the text before the building number, cut
 * after its last administrative marker; the cut is the same for every prefix,
 * because a marker inside the name itself (城市花园) is always the last one, and
 * a cut that would leave less than two characters (翠苑一区) is not made.
 */

export interface AddressTokens {
  compound: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  /** The address without spaces, for addresses with no recognisable compound. */
  text: string;
}

export type AddressLevel = 'same_dwelling' | 'same_building' | 'same_compound' | 'different';

const ADMINISTRATIVE_MARKERS = ['省', '市', '区', '县', '街道', '镇', '乡', '号'];
/** A remark in brackets after the address (the road, a landmark) identifies nothing the tokens do not. */
const BRACKETED = /[(（][^)）]*[)）]/g;
const BUILDING = /([\u3400-\u9fff]*)(\d+)(?:幢|栋|号楼|座|#)/;
const UNIT = /(\d+)单元/;
const ROOM = /(\d+)室/;
const TRAILING_NUMBER = /(\d+)$/;
/** 3-2-502 (building-unit-room) or 3-502 (building-room). */
const DASHED = /([\u3400-\u9fff]*)(\d+)-(\d+)(?:-(\d+))?/;

export function addressTokens(address: string): AddressTokens {
  const text = address.normalize('NFKC').replace(/\s+/g, '');
  const main = text.replace(BRACKETED, '');
  const tokens: AddressTokens = { compound: null, building: null, unit: null, room: null, text };
  const building = BUILDING.exec(main);
  if (building) {
    tokens.compound = nonEmpty(cutAfterMarker(building[1]));
    tokens.building = String(Number(building[2]));
    const after = main.slice(building.index + building[0].length);
    tokens.unit = numberOf(UNIT.exec(after));
    tokens.room = numberOf(ROOM.exec(after)) ?? numberOf(TRAILING_NUMBER.exec(after));
    return tokens;
  }
  const dashed = DASHED.exec(main);
  if (dashed) {
    tokens.compound = nonEmpty(cutAfterMarker(dashed[1]));
    tokens.building = String(Number(dashed[2]));
    if (dashed[4] === undefined) {
      tokens.room = String(Number(dashed[3]));
    } else {
      tokens.unit = String(Number(dashed[3]));
      tokens.room = String(Number(dashed[4]));
    }
  }
  return tokens;
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

function cutAfterMarker(text: string): string {
  let cut = 0;
  for (const marker of ADMINISTRATIVE_MARKERS) {
    let at = text.lastIndexOf(marker);
    while (at >= 0) {
      const end = at + marker.length;
      if (text.length - end >= 2) {
        cut = Math.max(cut, end);
        break;
      }
      at = text.lastIndexOf(marker, at - 1);
    }
  }
  return text.slice(cut);
}

function numberOf(match: RegExpExecArray | null): string | null {
  return match ? String(Number(match[1])) : null;
}

function nonEmpty(s: string): string | null {
  return s.length > 0 ? s : null;
}
