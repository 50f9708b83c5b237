import { describe, it, expect } from 'vitest';
import { Random, WeightedTable } from './random.js';

const draws = (rng: Random, n: number) => Array.from({ length: n }, () => rng.uint32());

describe('Random', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(new Random(42), 100)).toEqual(draws(new Random(42), 100));
    expect(draws(new Random('xihu'), 100)).toEqual(draws(new Random('xihu'), 100));
  });

  it('gives different sequences for nearby seeds', () => {
    const a = draws(new Random(1), 10);
    const b = draws(new Random(2), 10);
    expect(a.filter((x, i) => x === b[i])).toEqual([]);
  });

  it('treats a number seed and its decimal string alike', () => {
    expect(draws(new Random(42), 10)).toEqual(draws(new Random('42'), 10));
  });

  it('keeps producing the sequence demo data was generated with', () => {
    // Changing the algorithm or seeding changes every demo population; do it knowingly.
    expect(draws(new Random(42), 3)).toEqual(KNOWN_SEED_42);
  });

  it('returns next() in [0, 1) with a mean near one half', () => {
    const rng = new Random(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('returns int(min, max) within both bounds and hits each of them', () => {
    const rng = new Random(7);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const x = rng.int(-2, 3);
      expect(Number.isInteger(x) && x >= -2 && x <= 3).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(rng.int(5, 5)).toBe(5);
  });

  it('makes chance(p) true with probability p', () => {
    const rng = new Random(7);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (rng.chance(0.3)) hits++;
    expect(hits / 100_000).toBeCloseTo(0.3, 2);
    expect(Array.from({ length: 1000 }, () => rng.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 1000 }, () => rng.chance(1)).every(Boolean)).toBe(true);
  });

  it('picks every element of an array and refuses an empty one', () => {
    const rng = new Random(7);
    const seen = new Set(Array.from({ length: 1000 }, () => rng.pick(['a', 'b', 'c'])));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('picks from a weighted table in proportion to the weights, never a zero weight', () => {
    const rng = new Random(7);
    const table = new WeightedTable<string>([['common', 7], ['never', 0], ['rare', 3]]);
    const counts: Record<string, number> = { common: 0, never: 0, rare: 0 };
    for (let i = 0; i < 100_000; i++) counts[rng.weightedPick(table)]++;
    expect(counts.never).toBe(0);
    expect(counts.common / 100_000).toBeCloseTo(0.7, 2);
    expect(counts.rare / 100_000).toBeCloseTo(0.3, 2);
  });
});

describe('WeightedTable', () => {
  it('maps fractions of the total weight to items', () => {
    const table = new WeightedTable<string>([['a', 1], ['b', 2], ['c', 1]]);
    expect([0, 0.24, 0.25, 0.74, 0.75, 0.999].map((u) => table.at(u))).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('refuses empty tables and bad weights', () => {
    expect(() => new WeightedTable([])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', 0]])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', -1], ['b', 2]])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', Number.NaN]])).toThrow(RangeError);
    expect(() => new WeightedTable([['a', Number.POSITIVE_INFINITY]])).toThrow(RangeError);
  });
});

const KNOWN_SEED_42 = [3763684876, 2807745003, 2669106966];
