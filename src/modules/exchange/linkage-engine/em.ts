/**
 * Expectation–maximisation for the Fellegi–Sunter mixture: candidate pairs are
 * a mix of matches and non-matches, each with its own distribution of agreement
 * levels, fields independent given the match status. EM finds m, u and the match
 * share without any labelled pairs.
 *
 * It runs over the histogram of comparison patterns, not over pairs: millions of
 * pairs fall into a few thousand distinct patterns, so an iteration costs
 * microseconds whatever the number of records.
 */

import { PRIOR_CANDIDATE_U, PRIOR_M, type LevelProbabilities } from './model.js';
import { FIELDS, LEVELS, PATTERN_COUNT, levelIndex } from './types.js';

export interface EmOptions {
  initialM: LevelProbabilities;
  initialU: LevelProbabilities;
  initialMatchShare: number;
  /**
   * How many pairs' worth of weight the initial values carry as a Dirichlet prior,
   * per field: a level that no pair shows keeps a small probability instead of 0,
   * which would make its weight infinite.
   */
  priorStrength: number;
  maxIterations: number;
  /** Stop when no probability moves by more than this between iterations. */
  tolerance: number;
}

export interface EmResult {
  m: LevelProbabilities;
  u: LevelProbabilities;
  /** The share of the pairs that are matches. */
  matchShare: number;
  iterations: number;
  converged: boolean;
}

const DEFAULTS: EmOptions = {
  initialM: PRIOR_M,
  initialU: PRIOR_CANDIDATE_U,
  initialMatchShare: 0.3,
  priorStrength: 10,
  maxIterations: 500,
  tolerance: 1e-7,
};

/** `histogram[pattern]` is the number of pairs with that comparison pattern. */
export function estimateByEm(histogram: ArrayLike<number>, options: Partial<EmOptions> = {}): EmResult {
  if (histogram.length !== PATTERN_COUNT) throw new RangeError(`the histogram needs ${PATTERN_COUNT} entries, one per pattern`);
  const o = { ...DEFAULTS, ...options };
  const observed: number[] = [];
  for (let p = 0; p < PATTERN_COUNT; p++) if (histogram[p] > 0) observed.push(p);
  const counts = observed.map((p) => histogram[p]);
  const levels = observed.map((p) => FIELDS.map((_, f) => levelIndex(p, f)));

  let m = copy(o.initialM);
  let u = copy(o.initialU);
  let share = o.initialMatchShare;
  let iterations = 0;
  let converged = false;
  while (iterations < o.maxIterations && !converged) {
    iterations++;
    const mSums = zeros();
    const uSums = zeros();
    let matchTotal = 0;
    let total = 0;
    const logM = FIELDS.map((field) => m[field].map(Math.log));
    const logU = FIELDS.map((field) => u[field].map(Math.log));
    const logShare = Math.log(share);
    const logOther = Math.log(1 - share);
    for (let k = 0; k < observed.length; k++) {
      let lm = logShare;
      let lu = logOther;
      const pattern = levels[k];
      for (let f = 0; f < FIELDS.length; f++) {
        const l = pattern[f];
        if (l < 0) continue;
        lm += logM[f][l];
        lu += logU[f][l];
      }
      const matchProbability = 1 / (1 + Math.exp(lu - lm));
      const asMatch = counts[k] * matchProbability;
      const asNonMatch = counts[k] - asMatch;
      matchTotal += asMatch;
      total += counts[k];
      for (let f = 0; f < FIELDS.length; f++) {
        const l = pattern[f];
        if (l < 0) continue;
        mSums[FIELDS[f]][l] += asMatch;
        uSums[FIELDS[f]][l] += asNonMatch;
      }
    }
    const nextM = withPrior(mSums, o.initialM, o.priorStrength);
    const nextU = withPrior(uSums, o.initialU, o.priorStrength);
    const nextShare = total > 0 ? clamp(matchTotal / total) : share;
    converged =
      Math.abs(nextShare - share) <= o.tolerance && maxChange(m, nextM) <= o.tolerance && maxChange(u, nextU) <= o.tolerance;
    m = nextM;
    u = nextU;
    share = nextShare;
  }
  return { m, u, matchShare: share, iterations, converged };
}

function withPrior(sums: LevelProbabilities, prior: LevelProbabilities, strength: number): LevelProbabilities {
  const out = zeros();
  for (const field of FIELDS) {
    const total = sums[field].reduce((a, b) => a + b, 0) + strength;
    out[field] = sums[field].map((s, l) => (s + strength * prior[field][l]) / total);
  }
  return out;
}

/** Keeps the share off 0 and 1, where its logarithm would be infinite. */
function clamp(share: number): number {
  return Math.min(1 - 1e-12, Math.max(1e-12, share));
}

function maxChange(a: LevelProbabilities, b: LevelProbabilities): number {
  let max = 0;
  for (const field of FIELDS) a[field].forEach((value, l) => (max = Math.max(max, Math.abs(value - b[field][l]))));
  return max;
}

function zeros(): LevelProbabilities {
  const out = {} as LevelProbabilities;
  for (const field of FIELDS) out[field] = LEVELS[field].map(() => 0);
  return out;
}

function copy(p: LevelProbabilities): LevelProbabilities {
  const out = {} as LevelProbabilities;
  for (const field of FIELDS) out[field] = [...p[field]];
  return out;
}
