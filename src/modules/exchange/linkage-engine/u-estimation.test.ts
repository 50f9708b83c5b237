import { describe, expect, it } from 'vitest';
import { RecordTable } from './comparison.js';
import type { LevelProbabilities } from './model.js';
import type { LinkageRecord } from './types.js';
import { populationU, randomPairLevels } from './u-estimation.js';

const record = (i: number, name: string, phone?: string): LinkageRecord => ({
  sourceRowId: `r${i}`,
  source: 'XH-GA',
  name,
  ...(phone ? { phone } : {}),
});

describe('randomPairLevels', () => {
  const table = new RecordTable([
    record(1, '张伟', '13900000001'),
    record(2, '张伟', '13900000001'),
    record(3, '章伟'),
    record(4, '李娜', '13900000002'),
  ]);
  const u = randomPairLevels(table, { sampleSize: 1000, seed: 1 });

  it('takes exact agreement from value frequencies: Σ c(c−1) / n(n−1) among records with the field', () => {
    expect(u.name[0]).toBeCloseTo(2 / 12, 12);
    expect(u.phone[0]).toBeCloseTo(2 / 6, 12);
  });

  it('shares the rest among the other levels as the pairs show them, with half a pair of smoothing', () => {
    // Non-exact name pairs: 张伟–章伟 twice (pinyin), the other three different.
    const rest = 1 - 2 / 12;
    expect(u.name[2]).toBeCloseTo((rest * 2.5) / (5 + 0.5 * 4), 12);
    expect(u.name[4]).toBeCloseTo((rest * 3.5) / (5 + 0.5 * 4), 12);
    expect(u.name.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is reproducible for a seed when it samples', () => {
    const many = new RecordTable(Array.from({ length: 300 }, (_, i) => record(i, i % 3 ? '张伟' : '李娜')));
    expect(randomPairLevels(many, { sampleSize: 500, seed: 'x' })).toEqual(randomPairLevels(many, { sampleSize: 500, seed: 'x' }));
  });
});

describe('populationU', () => {
  const observed = { name: [0.1, 0.9] } as unknown as LevelProbabilities;
  const m = { name: [0.9, 0.1] } as unknown as LevelProbabilities;

  it('removes the same-person pairs that random pairs contain: observed = (1 − λ)u + λm', () => {
    const u = populationU({ ...fill(), ...observed }, { ...fill(), ...m }, 0.1, 1000);
    expect(u.name[0]).toBeCloseTo((0.1 - 0.09) / 0.9, 12);
    expect(u.name[1]).toBeCloseTo((0.9 - 0.01) / 0.9, 12);
  });

  it('never goes below half a pair of the table', () => {
    const u = populationU({ ...fill(), name: [0.05, 0.95] } as LevelProbabilities, { ...fill(), ...m }, 0.1, 1000);
    expect(u.name[0]).toBeGreaterThan(0);
    expect(u.name[0]).toBeLessThan(1e-5);
  });
});

/** Probabilities for the fields a test does not look at. */
function fill(): LevelProbabilities {
  return { idNumber: [0.5, 0.5], name: [0.5, 0.5], birthDate: [0.5, 0.5], sex: [0.5, 0.5], phone: [0.5, 0.5], address: [0.5, 0.5] };
}
