/**
 * Seeded pseudo-random numbers for synthetic data.
 *
 * sfc32 (Small Fast Chaotic, 128-bit state, passes PractRand): the same seed always
 * gives the same sequence, so demo data and benchmarks are reproducible byte for byte,
 * and it is far faster than node:crypto, which matters when a million synthetic residents
 * need tens of millions of draws. Never use it for secrets, tokens or sampling that must
 * be unpredictable: use node:crypto for those.
 */

export type Seed = number | string;

/** Items with relative weights, prepared once so that each draw is a binary search. */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [item: T, weight: number]>) {
    if (entries.length === 0) throw new RangeError('a weighted table needs at least one entry');
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new RangeError(`weight at index ${i} must be a finite number ≥ 0`);
      }
      total += weight;
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new RangeError('a weighted table needs a positive total weight');
    this.total = total;
  }

  /** The item at fraction u ∈ [0, 1) of the total weight. */
  at(u: number): T {
    const target = u * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Numbers and strings are both accepted; 42 and '42' give the same sequence. */
  constructor(seed: Seed) {
    // splitmix32 spreads a 32-bit hash of the seed over the 128-bit state,
    // so that nearby seeds (1, 2, 3) start far apart.
    let s = hashSeed(String(seed));
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32(); // the warm-up sfc32's author recommends
  }

  /** A uniform integer in [0, 2^32). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [min, max], both inclusive; min ≤ max. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty array');
    return items[Math.floor(this.next() * items.length)];
  }

  weightedPick<T>(table: WeightedTable<T>): T {
    return table.at(this.next());
  }
}

/** A 32-bit string hash (murmur-style mixing) to seed the generator. */
function hashSeed(text: string): number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return h;
}
