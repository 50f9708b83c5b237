/**
 * u probabilities: how often records of two different people agree at each
 * level. They must describe the whole population, not the candidate pairs,
 * which blocking chose for agreeing; a pair's weight is then the evidence
 * against the odds of two random records (as in Splink).
 *
 * Exact agreement, the level that matters most and is rarest, comes from value
 * frequencies: two random records share a value v with probability
 * Σ c_v(c_v − 1) / (n(n − 1)), exact even for a phone number two people share.
 * The other levels are rare enough per pair to need counting, so they come from
 * random pairs, as a share of the non-exact rest.
 *
 * Random pairs include the few that are the same person (about λ of them), which
 * makes a phone number look shared when it is one person's in two departments;
 * `populationU` takes them out once EM has estimated m and λ.
 */

import { Random, type Seed } from '../../../lib/random.js';
import type { RecordTable } from './comparison.js';
import type { LevelProbabilities } from './model.js';
import { FIELDS, LEVELS, levelIndex, type Field } from './types.js';

export interface RandomPairOptions {
  /** Random pairs to compare; every pair when the table has fewer. */
  sampleSize: number;
  seed: Seed;
}

/** The agreement levels of random record pairs, per field, among pairs where both records have the field. */
export function randomPairLevels(table: RecordTable, options: RandomPairOptions): LevelProbabilities {
  const n = table.size;
  const counts = FIELDS.map((field) => LEVELS[field].map(() => 0));
  const tally = (i: number, j: number) => {
    const pattern = table.compare(i, j);
    for (let f = 0; f < FIELDS.length; f++) {
      const l = levelIndex(pattern, f);
      if (l >= 0) counts[f][l]++;
    }
  };
  const allPairs = (n * (n - 1)) / 2;
  if (allPairs <= options.sampleSize) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) tally(i, j);
  } else {
    const random = new Random(options.seed);
    for (let k = 0; k < options.sampleSize; k++) {
      const i = random.int(0, n - 1);
      let j = random.int(0, n - 2);
      if (j >= i) j++;
      tally(i, j);
    }
  }

  const exact = exactAgreementShares(table);
  const out = {} as LevelProbabilities;
  FIELDS.forEach((field, f) => {
    const levels = LEVELS[field].length;
    const share = exact[field];
    // Half a pair per level keeps a level no sampled pair showed above zero.
    if (share === undefined) {
      const total = counts[f].reduce((a, b) => a + b, 0);
      out[field] = counts[f].map((c) => (c + 0.5) / (total + 0.5 * levels));
    } else {
      const rest = counts[f].slice(1);
      const total = rest.reduce((a, b) => a + b, 0);
      out[field] = [share, ...rest.map((c) => ((1 - share) * (c + 0.5)) / (total + 0.5 * (levels - 1)))];
    }
  });
  return out;
}

/** u with the same-person pairs among random pairs removed: observed = (1 − λ)·u + λ·m. */
export function populationU(observed: LevelProbabilities, m: LevelProbabilities, lambda: number, records: number): LevelProbabilities {
  // Nothing rarer than half a pair in the whole table can be claimed from it.
  const floor = 1 / Math.max(2, records * (records - 1));
  const out = {} as LevelProbabilities;
  for (const field of FIELDS) {
    const corrected = observed[field].map((o, l) => Math.max(floor, (o - lambda * m[field][l]) / (1 - lambda)));
    const total = corrected.reduce((a, b) => a + b, 0);
    out[field] = corrected.map((c) => c / total);
  }
  return out;
}

/** For fields whose top level is plain equality: the chance two distinct random records are equal, among records having the field. */
function exactAgreementShares(table: RecordTable): Partial<Record<Field, number>> {
  const n = table.size;
  const keyed: Array<[Field, (i: number) => string | number | undefined]> = [
    ['idNumber', (i) => table.idNumbers[i] ?? undefined],
    ['name', (i) => table.nameId[i]],
    ['birthDate', (i) => (table.birth[i] === 0 ? undefined : table.birth[i])],
    ['sex', (i) => (table.sex[i] === 0 ? undefined : table.sex[i])],
    ['phone', (i) => (Number.isNaN(table.phone[i]) ? undefined : table.phone[i])],
  ];
  const out: Partial<Record<Field, number>> = {};
  for (const [field, key] of keyed) {
    const counts = new Map<string | number, number>();
    let present = 0;
    for (let i = 0; i < n; i++) {
      const k = key(i);
      if (k === undefined) continue;
      present++;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    if (present < 2) continue;
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    out[field] = Math.max(agreeing, 1) / (present * (present - 1));
  }
  return out;
}
