/**
 * Field comparators. Records are held column-wise with every derived key
 * (simplified name, pinyin, address tokens, ID validity) computed once per
 * distinct value, so comparing a pair is a handful of integer comparisons; a
 * million department rows make millions of candidate pairs.
 */

import { validateIdNumber } from '../../../lib/id-number.js';
import { addressTokens, compareAddresses, type AddressTokens } from './address-tokens.js';
import { NameKeyCache, withinOneEdit } from './name-keys.js';
import { LEVELS, packLevels, patternToComparison, type Comparison, type LinkageRecord, type Pattern } from './types.js';

const MISSING = -1;
const ADDRESS_LEVEL_INDEX = new Map<string, number>(LEVELS.address.map((level, i) => [level, i]));

/** Interns strings to dense integers, so equal values compare as equal numbers. */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** Records prepared for comparison, one typed column per derived key; record i is row i of every column. */
export class RecordTable {
  readonly size: number;
  readonly records: readonly LinkageRecord[];
  /** A column of its own: records differ in which optional fields they carry, so reading them in the hot loop is slow. */
  readonly idNumbers: Array<string | null>;
  /** 1 when the ID number passes GB 11643 validation (checksum included). */
  readonly idValid: Uint8Array;
  readonly nameId: Int32Array;
  readonly simplifiedId: Int32Array;
  readonly pinyinId: Int32Array;
  readonly surnamePinyinId: Int32Array;
  /** Birth date as the number YYYYMMDD; 0 when unknown. */
  readonly birth: Int32Array;
  /** 0 unknown, 1 male, 2 female. */
  readonly sex: Uint8Array;
  /** The phone's digits as a number (exact in a double); NaN when unknown. */
  readonly phone: Float64Array;
  readonly addressId: Int32Array;
  /** Compound, building and room interned (the unit is left out: some formats omit it); -1 without them. */
  readonly dwellingKey: Int32Array;
  readonly simplifiedNames: readonly string[];
  readonly addresses: readonly AddressTokens[];

  constructor(records: readonly LinkageRecord[], names: NameKeyCache = new NameKeyCache()) {
    const n = records.length;
    this.size = n;
    this.records = records;
    this.idNumbers = new Array<string | null>(n);
    this.idValid = new Uint8Array(n);
    this.nameId = new Int32Array(n);
    this.simplifiedId = new Int32Array(n);
    this.pinyinId = new Int32Array(n);
    this.surnamePinyinId = new Int32Array(n);
    this.birth = new Int32Array(n);
    this.sex = new Uint8Array(n);
    this.phone = new Float64Array(n);
    this.addressId = new Int32Array(n);
    this.dwellingKey = new Int32Array(n);

    const rawNames = new Interner();
    const simplified = new Interner();
    const pinyins = new Interner();
    const surnames = new Interner();
    // The keys of each distinct raw name, by its id: looked up once per name, not once per record.
    const simplifiedOfName: number[] = [];
    const pinyinOfName: number[] = [];
    const surnameOfName: number[] = [];
    const addressText = new Interner();
    const addresses: AddressTokens[] = [];
    const dwellings = new Interner();
    const dwellingOfAddress: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = records[i];
      this.idNumbers[i] = r.idNumber ?? null;
      this.idValid[i] = r.idNumber !== undefined && validateIdNumber(r.idNumber).ok ? 1 : 0;
      const name = rawNames.of(r.name);
      if (name === simplifiedOfName.length) {
        const keys = names.get(r.name);
        simplifiedOfName.push(simplified.of(keys.simplified));
        pinyinOfName.push(pinyins.of(keys.pinyin));
        surnameOfName.push(surnames.of(keys.surnamePinyin));
      }
      this.nameId[i] = name;
      this.simplifiedId[i] = simplifiedOfName[name];
      this.pinyinId[i] = pinyinOfName[name];
      this.surnamePinyinId[i] = surnameOfName[name];
      this.birth[i] = r.birthDate ? Number(r.birthDate.slice(0, 4) + r.birthDate.slice(5, 7) + r.birthDate.slice(8, 10)) : 0;
      this.sex[i] = r.sex === 'male' ? 1 : r.sex === 'female' ? 2 : 0;
      // Digits only: a landline is kept as 0571-88886666, and its digits identify it as well.
      this.phone[i] = r.phone ? Number(r.phone.replace(/\D/g, '')) : NaN;
      if (r.address) {
        const a = addressText.of(r.address);
        if (a === addresses.length) {
          const tokens = addressTokens(r.address);
          addresses.push(tokens);
          const complete = tokens.compound !== null && tokens.building !== null && tokens.room !== null;
          dwellingOfAddress.push(complete ? dwellings.of(`${tokens.compound}|${tokens.building}|${tokens.room}`) : MISSING);
        }
        this.addressId[i] = a;
        this.dwellingKey[i] = dwellingOfAddress[a];
      } else {
        this.addressId[i] = MISSING;
        this.dwellingKey[i] = MISSING;
      }
    }
    this.simplifiedNames = simplified.values;
    this.addresses = addresses;
  }

  /** The comparison of records i and j, packed. */
  compare(i: number, j: number): Pattern {
    return packLevels(
      this.compareIdNumbers(i, j),
      this.compareNames(i, j),
      this.compareBirthDates(i, j),
      this.sex[i] === 0 || this.sex[j] === 0 ? MISSING : this.sex[i] === this.sex[j] ? 0 : 1,
      this.comparePhones(i, j),
      this.compareAddresses(i, j),
    );
  }

  comparison(i: number, j: number): Comparison {
    return patternToComparison(this.compare(i, j));
  }

  private compareIdNumbers(i: number, j: number): number {
    const a = this.idNumbers[i];
    const b = this.idNumbers[j];
    if (a === null || b === null) return MISSING;
    if (a === b) return 0;
    return differByOneTypo(a, b) ? 1 : 2;
  }

  private compareNames(i: number, j: number): number {
    if (this.nameId[i] === this.nameId[j]) return 0;
    if (this.simplifiedId[i] === this.simplifiedId[j]) return 1;
    if (this.pinyinId[i] === this.pinyinId[j]) return 2;
    return withinOneEdit(this.simplifiedNames[this.simplifiedId[i]], this.simplifiedNames[this.simplifiedId[j]]) ? 3 : 4;
  }

  private compareBirthDates(i: number, j: number): number {
    const a = this.birth[i];
    const b = this.birth[j];
    if (a === 0 || b === 0) return MISSING;
    if (a === b) return 0;
    const ya = Math.floor(a / 10000);
    const yb = Math.floor(b / 10000);
    const ma = Math.floor(a / 100) % 100;
    const mb = Math.floor(b / 100) % 100;
    const da = a % 100;
    const db = b % 100;
    const differing = (ya !== yb ? 1 : 0) + (ma !== mb ? 1 : 0) + (da !== db ? 1 : 0);
    if (differing === 1) return 1;
    if (ya === yb && ma === db && da === mb) return 2;
    return 3;
  }

  private comparePhones(i: number, j: number): number {
    const a = this.phone[i];
    const b = this.phone[j];
    if (Number.isNaN(a) || Number.isNaN(b)) return MISSING;
    if (a === b) return 0;
    return a % 1e8 === b % 1e8 ? 1 : 2;
  }

  private compareAddresses(i: number, j: number): number {
    const a = this.addressId[i];
    const b = this.addressId[j];
    if (a === MISSING || b === MISSING) return MISSING;
    if (a === b) return 0;
    return ADDRESS_LEVEL_INDEX.get(compareAddresses(this.addresses[a], this.addresses[b])) as number;
  }
}

/** The agreement levels of two records, for a side-by-side view or a single check. */
export function compareRecords(a: LinkageRecord, b: LinkageRecord): Comparison {
  return new RecordTable([a, b]).comparison(0, 1);
}

/** One substituted character, or two adjacent characters swapped. */
export function differByOneTypo(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let second = -1;
  for (let k = 0; k < a.length; k++) {
    if (a.charCodeAt(k) === b.charCodeAt(k)) continue;
    if (first < 0) first = k;
    else if (second < 0) second = k;
    else return false;
  }
  if (second < 0) return true;
  return second === first + 1 && a[first] === b[second] && a[second] === b[first];
}
