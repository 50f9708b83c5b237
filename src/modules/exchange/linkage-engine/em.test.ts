import { describe, expect, it } from 'vitest';
import { Random } from '../../../lib/random.js';
import { estimateByEm } from './em.js';
import type { LevelProbabilities } from './model.js';
import { FIELDS, PATTERN_COUNT, packPattern } from './types.js';

/** Known parameters, deliberately away from the priors EM starts from. */
const TRUE_M: LevelProbabilities = {
  idNumber: [0.85, 0.1, 0.05],
  name: [0.8, 0.02, 0.08, 0.06, 0.04],
  birthDate: [0.9, 0.06, 0.01, 0.03],
  sex: [0.97, 0.03],
  phone: [0.6, 0.05, 0.35],
  address: [0.6, 0.1, 0.1, 0.2],
};
const TRUE_U: LevelProbabilities = {
  idNumber: [0.0005, 0.005, 0.9945],
  name: [0.1, 0.01, 0.05, 0.14, 0.7],
  birthDate: [0.05, 0.1, 0.01, 0.84],
  sex: [0.5, 0.5],
  phone: [0.02, 0.01, 0.97],
  address: [0.03, 0.07, 0.2, 0.7],
};
const TRUE_SHARE = 0.2;

/** Pairs drawn from the Fellegi–Sunter mixture, each field missing 20% of the time. */
function syntheticHistogram(pairs: number, seed: string): Float64Array {
  const random = new Random(seed);
  const draw = (probabilities: number[]) => {
    let u = random.next();
    for (let l = 0; l < probabilities.length; l++) if ((u -= probabilities[l]) < 0) return l;
    return probabilities.length - 1;
  };
  const histogram = new Float64Array(PATTERN_COUNT);
  for (let k = 0; k < pairs; k++) {
    const parameters = random.chance(TRUE_SHARE) ? TRUE_M : TRUE_U;
    histogram[packPattern(FIELDS.map((field) => (random.chance(0.2) ? -1 : draw(parameters[field]))))]++;
  }
  return histogram;
}

describe('estimateByEm', () => {
  it('recovers known m, u and match share from unlabelled pairs', () => {
    const result = estimateByEm(syntheticHistogram(300_000, 'em'));
    expect(result.converged).toBe(true);
    expect(result.matchShare).toBeCloseTo(TRUE_SHARE, 2);
    for (const field of FIELDS) {
      TRUE_M[field].forEach((m, l) => expect(Math.abs(result.m[field][l] - m), `m ${field}[${l}]`).toBeLessThan(0.01));
      TRUE_U[field].forEach((u, l) => expect(Math.abs(result.u[field][l] - u), `u ${field}[${l}]`).toBeLessThan(0.01));
    }
  });

  it('keeps a level no pair shows above zero, so its weight stays finite', () => {
    const histogram = new Float64Array(PATTERN_COUNT);
    histogram[packPattern([0, 0, 0, 0, 0, 0])] = 1000;
    histogram[packPattern([2, 4, 3, 1, 2, 3])] = 1000;
    const result = estimateByEm(histogram);
    for (const field of FIELDS) for (const p of [...result.m[field], ...result.u[field]]) expect(p).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const histogram = syntheticHistogram(20_000, 'again');
    expect(estimateByEm(histogram)).toEqual(estimateByEm(histogram));
  });

  it('refuses a histogram of the wrong size', () => {
    expect(() => estimateByEm(new Float64Array(10))).toThrow(RangeError);
  });
});
