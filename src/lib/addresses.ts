/**
 * Street addresses of dwellings, parsed down to compound (小区), building (幢),
 * unit (单元) and room (室) so that the same flat written three ways —
 * 浙江省杭州市西湖区北山街道文一西路123号翠苑新村3幢2单元301室, 翠苑新村三幢二单元301,
 * 翠苑新村3-2-301 — is recognised as one dwelling.
 *
 * The parser reads administrative names off the front (province, city,
 * district, street, community), building/unit/room off the back, and what is
 * left in between is road, road number and compound. It never guesses: parts
 * it cannot find are null, and the caller decides which parts it needs.
 */
import { chineseNumeralToNumber, toHalfWidth } from './chinese-text.js';

export interface ParsedAddress {
  /** Administrative names read off the front, outermost first: 浙江省, 杭州市, 西湖区, 北山街道, 上保社区. */
  places: string[];
  road: string | null;
  roadNumber: string | null;
  compound: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
}

export interface AddressParseOptions {
  /**
   * Names of jurisdictions the address may start with (districts, streets,
   * communities of this installation). Read off the front before the generic
   * patterns, which cannot tell a district (西湖区) from a compound (翠苑一区).
   */
  knownPlaces?: ReadonlyArray<KnownPlace>;
}

type Level = 'province' | 'city' | 'district' | 'street' | 'community';

/**
 * A known name and its level: what may follow it is read as below that level,
 * so after 杭州市…石灰桥社区 the compound 之江路5号嘉绿一区 is not taken for a district.
 */
export interface KnownPlace {
  name: string;
  level: Level | 'grid';
}

/** Generic administrative names, each allowed only after the level that may precede it. */
const PLACE_PATTERNS: Array<{ level: Level; pattern: RegExp; after: ReadonlyArray<Level | null> }> = [
  { level: 'province', pattern: /^(?:北京市|天津市|上海市|重庆市|[^省市区]{2,8}?(?:省|自治区|特别行政区))/, after: [null] },
  { level: 'city', pattern: /^[^省市区县]{2,8}?(?:市|自治州|地区|盟)/, after: [null, 'province'] },
  { level: 'district', pattern: /^[^省市区县]{1,8}?(?:区|县|旗|市)/, after: ['city', 'province'] },
  { level: 'street', pattern: /^[^街镇乡省市区县]{2,10}?街道/, after: [null, 'city', 'district'] },
  { level: 'street', pattern: /^[^街镇乡]{2,10}?(?:镇|乡)/, after: ['district'] },
  { level: 'community', pattern: /^[^社村]{2,10}?(?:社区|居委会|村委会)/, after: [null, 'district', 'street'] },
  // A village (留下村), never a compound named 新村 (翠苑新村) nor a road and number in front of one.
  { level: 'community', pattern: /^[^社村路街巷弄号\d()]{1,9}[^社村路街巷弄号\d()新]村/, after: ['street'] },
];

/**
 * A district written without its city (西湖区北山街道…) is read only when an
 * address still follows it: 翠苑一区5幢 alone is a compound, not a district.
 */
const LEADING_DISTRICT = /^[^省市区县]{2,8}?(?:区|县)/;

/** Words that name no compound on their own: after a road (西溪路新村) they are the compound with the road's name. */
const GENERIC_COMPOUND = /^(?:新村|小区|花园|公寓|家园|大院|宿舍|新苑|苑)$/;

/** Words in a bracketed remark that place the address near a road rather than on it: (近保俶路). */
const NEAR = /^(?:靠近|临近|邻近|近|临|邻)/;

const BUILDING_MARK = '(?:幢|栋|号楼|座)';
const ID = '([0-9A-Za-z]+)';
/** Building, unit and room at the end of the address, most specific form first. */
const TAILS: Array<{ pattern: RegExp; parts: Array<'building' | 'unit' | 'room'> }> = [
  { pattern: new RegExp(`^(.*?)${ID}-(\\d+)-${ID}(?:室|号)?$`), parts: ['building', 'unit', 'room'] },
  { pattern: new RegExp(`^(.*?)${ID}(?:${BUILDING_MARK}|号)${ID}单元${ID}(?:室|号|房)?$`), parts: ['building', 'unit', 'room'] },
  { pattern: new RegExp(`^(.*?)${ID}(?:${BUILDING_MARK}|号)${ID}(?:室|号|房)$`), parts: ['building', 'room'] },
  { pattern: new RegExp(`^(.*?)${ID}${BUILDING_MARK}${ID}$`), parts: ['building', 'room'] },
  { pattern: new RegExp(`^(.*?)(\\d+[A-Za-z]?)-(\\d+[A-Za-z]?)(?:室|号)?$`), parts: ['building', 'room'] },
  { pattern: new RegExp(`^(.*?)${ID}${BUILDING_MARK}$`), parts: ['building'] },
];

const ROAD = /^(.{2,12}?(?:大道|路|街|巷|弄|胡同))(\d+(?:-\d+)?号)?(.*)$/;
/** A Chinese numeral right before a building, unit, room or floor marker: 三幢, 二单元. */
const NUMERAL_BEFORE_MARK = /([零〇一二两三四五六七八九十百千]+)(?=幢|栋|号楼|座|单元|室|号)/g;

export function parseAddress(text: string, options: AddressParseOptions = {}): ParsedAddress {
  // Remarks in brackets — 翠苑新村3幢2单元502室（文一西路123号） — are set aside; a road among them is kept.
  const remarks: string[] = [];
  let s = normaliseAddressText(text)
    .replace(/\(([^()]*)\)/g, (_, remark: string) => {
      remarks.push(remark);
      return '';
    })
    // A remark whose closing bracket was cut off (…502室(东门) ends the address.
    .replace(/\(([^()]*)$/, (_, remark: string) => {
      remarks.push(remark);
      return '';
    });
  const places: string[] = [];
  const known = (options.knownPlaces ?? []).filter((p) => p.name.length > 0).sort((a, b) => b.name.length - a.name.length);
  let last: Level | null = null;
  for (;;) {
    const knownPlace = known.find((p) => s.startsWith(p.name));
    if (knownPlace) {
      places.push(knownPlace.name);
      // Nothing generic lies below a community (or a grid): what follows is the road and compound.
      last = knownPlace.level === 'grid' ? 'community' : knownPlace.level;
      s = s.slice(knownPlace.name.length);
      continue;
    }
    const generic = PLACE_PATTERNS.find((p) => p.after.includes(last) && p.pattern.test(s));
    if (generic) {
      const name = generic.pattern.exec(s)![0];
      places.push(name);
      last = generic.level;
      s = s.slice(name.length);
      continue;
    }
    const district = last === null && places.length === 0 ? LEADING_DISTRICT.exec(s) : null;
    if (!district || withoutTail(s.slice(district[0].length)).length < 2) break;
    places.push(district[0]);
    last = 'district';
    s = s.slice(district[0].length);
  }

  const parsed: ParsedAddress = { places, road: null, roadNumber: null, compound: null, building: null, unit: null, room: null };
  let head = s;
  const tail = tailOf(s);
  if (tail) {
    head = tail.head;
    tail.parts.forEach(([part, value]) => (parsed[part] = value));
  }
  const road = ROAD.exec(head);
  if (road) {
    parsed.road = road[1];
    parsed.roadNumber = road[2] ?? null;
    // With nothing after the road number, the numbered plot itself is the compound: 文三路90号3幢.
    if (GENERIC_COMPOUND.test(road[3])) parsed.compound = road[1] + (road[2] ?? '') + road[3];
    else parsed.compound = road[3] || (road[2] ? road[1] + road[2] : null);
  } else {
    parsed.compound = head || null;
    const roadRemark = remarks.map((r) => ROAD.exec(r.replace(NEAR, ''))).find((m) => m !== null);
    if (roadRemark) {
      parsed.road = roadRemark[1];
      parsed.roadNumber = roadRemark[2] ?? null;
    }
  }
  return parsed;
}

/** Building, unit and room read off the end of the address, and what precedes them. */
function tailOf(s: string): { head: string; parts: Array<['building' | 'unit' | 'room', string]> } | null {
  for (const tail of TAILS) {
    const match = tail.pattern.exec(s);
    if (match) return { head: match[1], parts: tail.parts.map((part, i) => [part, canonicalNumber(match[i + 2])]) };
  }
  return null;
}

function withoutTail(s: string): string {
  return tailOf(s)?.head ?? s;
}

/** Half-width, no whitespace, one kind of hyphen, Arabic numerals before building/unit/room markers. */
export function normaliseAddressText(text: string): string {
  return toHalfWidth(text)
    .replace(/\s+/g, '')
    .replace(/[【\[]/g, '(')
    .replace(/[】\]]/g, ')')
    .replace(/[－—–‐―~～]/g, '-')
    .replace(NUMERAL_BEFORE_MARK, (numeral) => String(chineseNumeralToNumber(numeral) ?? numeral));
}

/**
 * A building, unit or room number given in a column of its own: 3幢 → 3,
 * 二单元 → 2, 0301室 → 301.
 */
export function normaliseDwellingPart(text: string): string {
  const s = normaliseAddressText(text).replace(/(?:幢|栋|号楼|座|号|单元|室|房)$/, '');
  return /^[0-9A-Za-z]+$/.test(s) ? canonicalNumber(s) : s;
}

/** 0301 and 301 are the same room; 3a and 3A the same building. */
function canonicalNumber(s: string): string {
  const upper = s.toUpperCase();
  return /^\d+$/.test(upper) ? String(Number(upper)) : upper.replace(/^0+(?=\d)/, '');
}
