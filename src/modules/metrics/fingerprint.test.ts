import { describe, expect, it } from 'vitest';
import { parseDefinition } from './definition.js';
import { findOverlaps, fingerprint, normaliseName } from './fingerprint.js';

const people = (...where: unknown[]) => parseDefinition({ kind: 'measure', subject: 'people', where });
const living = { kind: 'residence', in: ['registered', 'floating'] };

describe('fingerprints of statistical definitions', () => {
  it('are equal for definitions that compute the same thing written differently', () => {
    const a = people(living, { kind: 'age', min: 60 });
    const b = people({ kind: 'age', min: 60 }, { kind: 'residence', in: ['floating', 'registered'] });
    expect(fingerprint(a)).toBe(fingerprint(b));
    // Two bounds given separately are one range; "any of one tag" is "has the tag".
    expect(fingerprint(people({ kind: 'age', min: 60 }, { kind: 'age', max: 79 }))).toBe(fingerprint(people({ kind: 'age', min: 60, max: 79 })));
    expect(fingerprint(people({ kind: 'tags', any: ['veteran'] }))).toBe(fingerprint(people({ kind: 'tags', all: ['veteran'] })));
    // A residence condition admitting everyone is no condition.
    expect(fingerprint(people({ kind: 'residence', in: ['left', 'registered', 'floating'] }))).toBe(fingerprint(people()));
  });

  it('differ when the computation differs', () => {
    expect(fingerprint(people(living, { kind: 'age', min: 60 }))).not.toBe(fingerprint(people({ kind: 'age', min: 60 })));
    expect(fingerprint(people({ kind: 'tags', all: ['disabled'] }))).not.toBe(
      fingerprint(parseDefinition({ kind: 'measure', subject: 'people', where: [{ kind: 'tags', all: ['disabled'] }], aggregate: { fn: 'count_distinct', of: 'household' } })),
    );
    expect(fingerprint(people())).not.toBe(fingerprint(parseDefinition({ kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'born' } })));
  });

  it('compare ratios by what their parts compute, not what they are called', () => {
    const parts: Record<string, string> = { elderly_a: 'f-elderly', elderly_b: 'f-elderly', population: 'f-pop' };
    const ratio = (numerator: string) => parseDefinition({ kind: 'ratio', numerator, denominator: 'population' });
    expect(fingerprint(ratio('elderly_a'), (c) => parts[c])).toBe(fingerprint(ratio('elderly_b'), (c) => parts[c]));
  });
});

describe('duplicates and conflicts', () => {
  it('finds the same computation under two codes, and one name over two computations', () => {
    const overlaps = findOverlaps([
      { code: 'mz_elderly', name: '60周岁及以上老年人数', fingerprint: 'f1', departmentId: 'mz' },
      { code: 'wj_elderly', name: '60岁以上老年人口', fingerprint: 'f1', departmentId: 'wj' },
      { code: 'mz_alone', name: '独居老人数', fingerprint: 'f2', departmentId: 'mz' },
      { code: 'wj_alone', name: '独居老人数 ', fingerprint: 'f3', departmentId: 'wj' },
      { code: 'other', name: '户籍人口数', fingerprint: 'f4', departmentId: null },
    ]);
    expect(overlaps).toEqual([
      { kind: 'conflict', metrics: ['mz_alone', 'wj_alone'] },
      { kind: 'duplicate', metrics: ['mz_elderly', 'wj_elderly'] },
    ]);
  });

  it('compares names as people read them', () => {
    expect(normaliseName('独居老人（人）')).toBe(normaliseName('独居老人(人) '));
  });
});
