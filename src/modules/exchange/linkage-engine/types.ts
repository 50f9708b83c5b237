/**
 * The vocabulary of record linkage: what a record looks like when it reaches
 * linkage, which fields are compared, and the agreement levels of each field.
 *
 * Levels are listed best first. A field missing on either side of a pair is
 * "no evidence" (weight 0), never disagreement: a department that does not
 * collect phone numbers must not make its people look different from everyone.
 */

import type { Sex } from '../../../lib/id-number.js';

export type { Sex };

/** One department row after the import normalised it (ID upgraded, dates ISO, names simplified, phones cleaned). */
export interface LinkageRecord {
  /** Unique across the run, e.g. `${datasetId}:${rowNumber}`. */
  sourceRowId: string;
  /** The department (or dataset) the row came from: corrections go back to it. */
  source: string;
  /**
   * The 18-character number as the source gave it after normalisation. A number
   * failing its checksum is kept: linkage can often tell which person was meant.
   */
  idNumber?: string;
  name: string;
  /** YYYY-MM-DD. */
  birthDate?: string;
  sex?: Sex;
  /** As the import cleans it: 11 digits for a mobile, 0571-88886666 for a landline. */
  phone?: string;
  address?: string;
}

export const FIELDS = ['idNumber', 'name', 'birthDate', 'sex', 'phone', 'address'] as const;
export type Field = (typeof FIELDS)[number];

export const LEVELS = {
  /** one_off: one digit wrong or two adjacent digits swapped, the typing errors the checksum exists to catch. */
  idNumber: ['exact', 'one_off', 'different'],
  /** simplified: same after normalisation (traditional → simplified, full-width, spaces); pinyin: homophones such as 张伟 / 章伟; edit1: one character added, dropped or changed. */
  name: ['exact', 'simplified', 'pinyin', 'edit1', 'different'],
  /** one_component: exactly one of year, month, day differs; day_month_swapped: 1985-03-12 vs 1985-12-03. */
  birthDate: ['exact', 'one_component', 'day_month_swapped', 'different'],
  sex: ['same', 'different'],
  /** last8: a different prefix on the same subscriber number, as when a number is re-keyed or ported. */
  phone: ['exact', 'last8', 'different'],
  /** Address tokens (compound, building, unit, room) agree down to the dwelling, the building, the compound, or not at all. */
  address: ['same_dwelling', 'same_building', 'same_compound', 'different'],
} as const satisfies Record<Field, readonly string[]>;

export type Level<F extends Field> = (typeof LEVELS)[F][number];

/** A pair's agreement level per field; null when either side lacks the field. */
export type Comparison = { [F in Field]: Level<F> | null };

/**
 * A comparison packed into one integer (mixed radix, one digit per field, the
 * digit equal to the level's index, or to the level count for "missing"), so
 * millions of pairs fit in a typed array and EM runs over distinct patterns.
 */
export type Pattern = number;

const RADIX = FIELDS.map((f) => LEVELS[f].length + 1);
const STRIDE = RADIX.map((_, i) => RADIX.slice(0, i).reduce((p, r) => p * r, 1));

/** How many distinct patterns exist. */
export const PATTERN_COUNT = RADIX.reduce((p, r) => p * r, 1);

/** The index of a field's level in a pattern, or -1 when the field was missing. */
export function levelIndex(pattern: Pattern, fieldIndex: number): number {
  const d = Math.floor(pattern / STRIDE[fieldIndex]) % RADIX[fieldIndex];
  return d === RADIX[fieldIndex] - 1 ? -1 : d;
}

/** Packs level indices (−1 for missing) in FIELDS order. */
export function packPattern(levelIndices: readonly number[]): Pattern {
  let pattern = 0;
  for (let f = 0; f < FIELDS.length; f++) pattern += digit(levelIndices[f], f) * STRIDE[f];
  return pattern;
}

/** packPattern for the six fields as arguments, without an array: the comparison loop's hot path. */
export function packLevels(id: number, name: number, birthDate: number, sex: number, phone: number, address: number): Pattern {
  return (
    digit(id, 0) * STRIDE[0] +
    digit(name, 1) * STRIDE[1] +
    digit(birthDate, 2) * STRIDE[2] +
    digit(sex, 3) * STRIDE[3] +
    digit(phone, 4) * STRIDE[4] +
    digit(address, 5) * STRIDE[5]
  );
}

function digit(levelIndex: number, fieldIndex: number): number {
  return levelIndex < 0 ? RADIX[fieldIndex] - 1 : levelIndex;
}

export function patternToComparison(pattern: Pattern): Comparison {
  const out: Partial<Record<Field, string | null>> = {};
  FIELDS.forEach((field, f) => {
    const index = levelIndex(pattern, f);
    out[field] = index < 0 ? null : LEVELS[field][index];
  });
  return out as Comparison;
}

export function comparisonToPattern(comparison: Comparison): Pattern {
  return packPattern(
    FIELDS.map((field) => {
      const level = comparison[field];
      return level === null ? -1 : (LEVELS[field] as readonly string[]).indexOf(level);
    }),
  );
}
