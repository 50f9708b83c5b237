import { describe, expect, it } from 'vitest';
import { assessGroups, assessOverall, compositeScore, computeRates, rankGroups, topProblems, type AssessmentFacts, type DeadlineFact } from './assessment.js';

// A fixture small enough to compute by hand. Two units A and B, two communities X and Y.
const A = 'department:A';
const B = 'department:B';
const c = (id: string, unitKey: string | null, communityCode: string, categoryCode: string) => ({
  id,
  unitKey,
  communityCode,
  streetCode: 'S',
  categoryCode,
  categoryName: categoryCode === 'SJ0102' ? '暴露垃圾' : categoryCode,
});
const t = (hhmm: string) => new Date(`2026-11-30T${hhmm}:00Z`);
const deadline = (caseId: string, unitKey: string, stage: DeadlineFact['stage'], due: Date, met: Date | null, outcome: DeadlineFact['outcome']): DeadlineFact => ({
  caseId,
  unitKey,
  stage,
  dueAt: due,
  metAt: met,
  outcome,
});

const facts: AssessmentFacts = {
  cases: [c('c1', A, 'X', 'SJ0102'), c('c2', A, 'X', 'SJ0102'), c('c3', A, 'Y', 'SJ0104'), c('c4', B, 'Y', 'SJ0102'), c('c5', B, 'Y', 'SJ0301'), c('c6', null, 'X', 'SJ0102')],
  // c5 went to A, was returned, and was reassigned to B.
  dispatches: [{ caseId: 'c1', unitKey: A }, { caseId: 'c2', unitKey: A }, { caseId: 'c3', unitKey: A }, { caseId: 'c5', unitKey: A }, { caseId: 'c4', unitKey: B }, { caseId: 'c5', unitKey: B }],
  returns: [{ caseId: 'c5', unitKey: A }],
  closures: [{ caseId: 'c1', unitKey: A }, { caseId: 'c2', unitKey: A }, { caseId: 'c4', unitKey: B }],
  reopens: [{ caseId: 'c2', unitKey: A }],
  deadlines: [
    deadline('c1', A, 'sign_for', t('10:00'), t('09:00'), 'met'), // on time
    deadline('c2', A, 'sign_for', t('10:00'), t('11:00'), 'met'), // late
    deadline('c3', A, 'sign_for', t('11:00'), null, null), // still open, already late at 12:00
    deadline('c5', A, 'sign_for', t('13:00'), t('10:30'), 'cancelled'), // returned: not counted
    deadline('c5', B, 'sign_for', t('13:00'), null, null), // open, not yet due: not counted
    deadline('c4', B, 'sign_for', t('10:00'), t('09:30'), 'met'), // on time
    deadline('c1', A, 'handle', new Date('2026-12-01T10:00:00Z'), t('11:00'), 'met'), // on time
    deadline('c2', A, 'handle', t('10:00'), t('11:00'), 'met'), // late
  ],
  ratings: [
    { caseId: 'c1', unitKey: A, overall: 5, solved: true, contacted: true },
    { caseId: 'c2', unitKey: A, overall: 2, solved: false, contacted: true },
    { caseId: 'c4', unitKey: B, overall: 3, solved: true, contacted: false },
  ],
};
const asOf = t('12:00');
const weights = { responseRate: 30, resolutionRate: 35, satisfactionRate: 35 };

describe('computeRates', () => {
  it('computes every rate of the whole fixture by its definition', () => {
    const rates = computeRates(facts, asOf);
    expect(rates.responseRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(rates.resolutionRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    // 5 and 3 are satisfied; 2 is not.
    expect(rates.satisfactionRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    // c1 and c4 on time; c2 late; c3 open past due; c5 at A returned, c5 at B not yet due.
    expect(rates.onTimeSignForRate).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    expect(rates.onTimeCompletionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(rates.returnRate).toEqual({ numerator: 1, denominator: 6, value: 1 / 6 });
    expect(rates.reopenRate).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
  });

  it('gives null, not zero, when there is nothing to divide', () => {
    const rates = computeRates({ cases: [], dispatches: [], returns: [], closures: [], reopens: [], deadlines: [], ratings: [] }, asOf);
    expect(rates.satisfactionRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(compositeScore(rates, weights)).toBeNull();
  });
});

describe('assessGroups', () => {
  it('assesses each unit on its own dispatches, returns, deadlines and ratings', () => {
    const groups = assessGroups(facts, { groupBy: 'unit', asOf, weights, minCasesToRank: 2 });
    const a = groups.find((g) => g.key === A)!;
    const b = groups.find((g) => g.key === B)!;
    expect(a.cases).toBe(3);
    expect(a.rates.onTimeSignForRate.value).toBe(1 / 3);
    expect(a.rates.onTimeCompletionRate.value).toBe(1 / 2);
    expect(a.rates.returnRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(a.rates.reopenRate.value).toBe(0.5);
    // 30 × 1 + 35 × 0.5 + 35 × 0.5 = 65
    expect(a.composite).toBeCloseTo(65, 10);
    expect(b.cases).toBe(2);
    expect(b.rates.onTimeSignForRate.value).toBe(1);
    expect(b.rates.returnRate.value).toBe(0);
    // 30 × 0 + 35 × 1 + 35 × 1 = 70
    expect(b.composite).toBeCloseTo(70, 10);
    expect(groups.map((g) => [g.key, g.rank])).toEqual([[B, 1], [A, 2]]);
  });

  it('does not rank a group with fewer cases than the minimum', () => {
    const groups = assessGroups(facts, { groupBy: 'unit', asOf, weights, minCasesToRank: 3 });
    expect(groups.map((g) => [g.key, g.rank])).toEqual([[A, 1], [B, null]]);
  });

  it('groups by community through the case’s place', () => {
    const groups = assessGroups(facts, { groupBy: 'community', asOf, weights, minCasesToRank: 1 });
    expect(groups.map((g) => [g.key, g.cases, g.composite === null ? null : Math.round(g.composite)])).toEqual([
      ['Y', 3, 70],
      ['X', 3, 65],
    ]);
  });

  it('honours other weights', () => {
    const groups = assessGroups(facts, { groupBy: 'unit', asOf, weights: { responseRate: 1, resolutionRate: 0, satisfactionRate: 0 }, minCasesToRank: 1 });
    expect(groups.map((g) => [g.key, g.composite])).toEqual([[A, 100], [B, 0]]);
  });
});

describe('rankGroups', () => {
  it('gives ties the same rank and skips the next', () => {
    const groups = [
      { cases: 5, composite: 80, rank: null },
      { cases: 5, composite: 90, rank: null },
      { cases: 5, composite: 80, rank: null },
      { cases: 5, composite: 70, rank: null },
      { cases: 5, composite: null, rank: null },
    ];
    rankGroups(groups, 1);
    expect(groups.map((g) => g.rank)).toEqual([2, 1, 2, 4, null]);
  });
});

describe('topProblems', () => {
  it('lists the most frequent categories with their share', () => {
    expect(topProblems(facts.cases, 2)).toEqual([
      { categoryCode: 'SJ0102', categoryName: '暴露垃圾', cases: 4, share: 4 / 6 },
      { categoryCode: 'SJ0104', categoryName: 'SJ0104', cases: 1, share: 1 / 6 },
    ]);
  });
});

describe('assessOverall', () => {
  it('counts every case once, including one with no unit, with the composite and no rank', () => {
    const overall = assessOverall(facts, { asOf, weights });
    expect(overall.cases).toBe(6);
    expect(overall.rates).toEqual(computeRates(facts, asOf));
    // 30 × 2/3 + 35 × 2/3 + 35 × 2/3, over 100.
    expect(overall.composite).toBeCloseTo(200 / 3, 10);
    expect(overall).not.toHaveProperty('rank');
  });
});
