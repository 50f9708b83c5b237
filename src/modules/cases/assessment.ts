/**
 * Assessment of case handling (接诉即办考核): the three rates and the
 * timeliness rates per unit, street or community over a period, a weighted
 * composite, rankings that ignore tiny samples, and each month's top problems
 * (每月一题). Pure functions over facts the repository gathers, so every
 * number can be checked by hand against its definition below.
 *
 * The three rates follow the hotline callback (回访) practice: after handling,
 * the reporter is asked whether the unit got in touch (响应), whether the
 * problem is solved (解决) and how satisfied they are (满意).
 */
import { DISSATISFIED_AT_OR_BELOW } from './model.js';

export const METRICS = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeSignForRate', 'onTimeCompletionRate', 'returnRate', 'reopenRate'] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_DEFINITIONS: Record<Metric, { name: string; nameEn: string; definition: string; definitionEn: string }> = {
  responseRate: {
    name: '响应率',
    nameEn: 'Response rate',
    definition: '评价中回答“承办单位已与我联系/响应”的件数 ÷ 评价件数。',
    definitionEn: 'Ratings in which the reporter says the unit got in touch ÷ ratings.',
  },
  resolutionRate: {
    name: '解决率',
    nameEn: 'Resolution rate',
    definition: '评价中回答“问题已解决”的件数 ÷ 评价件数。',
    definitionEn: 'Ratings in which the reporter says the problem is solved ÷ ratings.',
  },
  satisfactionRate: {
    name: '满意率',
    nameEn: 'Satisfaction rate',
    definition: '评价为非常满意、满意或基本满意（3–5 级）的件数 ÷ 评价件数；不满意、非常不满意为差评。',
    definitionEn: 'Ratings of 5 (very satisfied), 4 (satisfied) or 3 (basically satisfied) ÷ ratings; 2 and 1 are negative.',
  },
  onTimeSignForRate: {
    name: '及时签收率',
    nameEn: 'On-time sign-for rate',
    definition: '在签收时限内签收的派单数 ÷（已签收的派单数 + 已超时仍未签收的派单数）；被退回或改派的派单不计入。',
    definitionEn: 'Dispatches signed for within the limit ÷ (dispatches signed for + dispatches still unsigned past the limit); returned or reassigned dispatches are not counted.',
  },
  onTimeCompletionRate: {
    name: '按时办结率',
    nameEn: 'On-time completion rate',
    definition: '在处置时限内处置完毕的件数 ÷（已处置的件数 + 已超时仍未处置的件数）；挂账期间暂停计时。',
    definitionEn: 'Handlings finished within the limit ÷ (handlings finished + handlings still open past the limit); the clock stops while a case is suspended.',
  },
  returnRate: {
    name: '回退率',
    nameEn: 'Return rate',
    definition: '承办单位退单次数 ÷ 派给该单位的派单次数。',
    definitionEn: 'Returns by the unit ÷ dispatches to the unit.',
  },
  reopenRate: {
    name: '重办率',
    nameEn: 'Reopen rate',
    definition: '结案后被报告人重新打开的次数 ÷ 结案次数。',
    definitionEn: 'Reopenings by the reporter after closure ÷ closures.',
  },
};

/** The three rates in the composite score. */
export const COMPOSITE_METRICS = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const;
export type CompositeWeights = Record<(typeof COMPOSITE_METRICS)[number], number>;

export interface AssessedCase {
  id: string;
  categoryCode: string;
  categoryName: string;
  communityCode: string | null;
  streetCode: string | null;
  /** The unit responsible now. */
  unitKey: string | null;
}

/** Something that happened to a case for a unit: a dispatch, a return, a closure, a reopening. */
export interface UnitEvent {
  caseId: string;
  unitKey: string;
}

export interface DeadlineFact {
  caseId: string;
  unitKey: string;
  stage: 'sign_for' | 'handle';
  dueAt: Date;
  metAt: Date | null;
  /** 'met' when the stage's work was done; 'cancelled' when it ended otherwise (returned, reassigned, suspended, merged). */
  outcome: 'met' | 'cancelled' | null;
}

export interface RatingFact {
  caseId: string;
  unitKey: string | null;
  overall: number;
  solved: boolean;
  contacted: boolean;
}

export interface AssessmentFacts {
  cases: AssessedCase[];
  dispatches: UnitEvent[];
  returns: UnitEvent[];
  closures: UnitEvent[];
  reopens: UnitEvent[];
  deadlines: DeadlineFact[];
  ratings: RatingFact[];
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when there is nothing to divide. */
  value: number | null;
}

export interface GroupAssessment {
  key: string;
  cases: number;
  rates: Record<Metric, Rate>;
  /** 0–100, or null while any of the three rates has no data. */
  composite: number | null;
  /** 1 = best; null when not ranked (too few cases, or no composite). */
  rank: number | null;
}

export type GroupBy = 'unit' | 'street' | 'community';

const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });

/** The seven rates over one set of facts. `asOf` decides which open stages are already late. */
export function computeRates(facts: AssessmentFacts, asOf: Date): Record<Metric, Rate> {
  const counted = (stage: DeadlineFact['stage']) =>
    facts.deadlines.filter((d) => d.stage === stage && (d.outcome === 'met' || (d.outcome === null && d.dueAt <= asOf)));
  const onTime = (deadlines: DeadlineFact[]) => deadlines.filter((d) => d.outcome === 'met' && d.metAt !== null && d.metAt <= d.dueAt).length;
  const signFor = counted('sign_for');
  const handle = counted('handle');
  return {
    responseRate: rate(facts.ratings.filter((r) => r.contacted).length, facts.ratings.length),
    resolutionRate: rate(facts.ratings.filter((r) => r.solved).length, facts.ratings.length),
    satisfactionRate: rate(facts.ratings.filter((r) => r.overall > DISSATISFIED_AT_OR_BELOW).length, facts.ratings.length),
    onTimeSignForRate: rate(onTime(signFor), signFor.length),
    onTimeCompletionRate: rate(onTime(handle), handle.length),
    returnRate: rate(facts.returns.length, facts.dispatches.length),
    reopenRate: rate(facts.reopens.length, facts.closures.length),
  };
}

/** Weighted mean of the three rates, on 0–100. */
export function compositeScore(rates: Record<Metric, Rate>, weights: CompositeWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const metric of COMPOSITE_METRICS) {
    const value = rates[metric].value;
    if (value === null) return null;
    sum += value * weights[metric];
    weight += weights[metric];
  }
  return weight === 0 ? null : (100 * sum) / weight;
}

/**
 * Assess every group: cases are grouped by their current unit or their place;
 * unit events, deadlines and ratings by the unit they concern (a return counts
 * against the unit that returned, even if another unit finished the case).
 */
export function assessGroups(
  facts: AssessmentFacts,
  options: { groupBy: GroupBy; asOf: Date; weights: CompositeWeights; minCasesToRank: number },
): GroupAssessment[] {
  const caseById = new Map(facts.cases.map((c) => [c.id, c]));
  const areaOf = (caseId: string) => {
    const found = caseById.get(caseId);
    return (options.groupBy === 'street' ? found?.streetCode : found?.communityCode) ?? null;
  };
  const keyOf = (item: { caseId: string; unitKey: string | null }) => (options.groupBy === 'unit' ? item.unitKey : areaOf(item.caseId));
  const keyOfCase = (c: AssessedCase) => (options.groupBy === 'unit' ? c.unitKey : options.groupBy === 'street' ? c.streetCode : c.communityCode);

  const groups = new Map<string, AssessmentFacts>();
  const bucket = (key: string | null) => {
    if (key === null) return null;
    let facts = groups.get(key);
    if (!facts) groups.set(key, (facts = { cases: [], dispatches: [], returns: [], closures: [], reopens: [], deadlines: [], ratings: [] }));
    return facts;
  };
  for (const c of facts.cases) bucket(keyOfCase(c))?.cases.push(c);
  for (const list of ['dispatches', 'returns', 'closures', 'reopens'] as const) {
    for (const e of facts[list]) bucket(keyOf(e))?.[list].push(e);
  }
  for (const d of facts.deadlines) bucket(keyOf(d))?.deadlines.push(d);
  for (const r of facts.ratings) bucket(keyOf(r))?.ratings.push(r);

  const assessed = [...groups.entries()].map(([key, group]) => {
    const rates = computeRates(group, options.asOf);
    return { key, cases: group.cases.length, rates, composite: compositeScore(rates, options.weights), rank: null as number | null };
  });
  rankGroups(assessed, options.minCasesToRank);
  return assessed.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.cases - a.cases || a.key.localeCompare(b.key));
}

/** The whole selection as one row, beside the groups: its rates and composite; never ranked. */
export function assessOverall(facts: AssessmentFacts, options: { asOf: Date; weights: CompositeWeights }): Omit<GroupAssessment, 'key' | 'rank'> {
  const rates = computeRates(facts, options.asOf);
  return { cases: facts.cases.length, rates, composite: compositeScore(rates, options.weights) };
}

/** Competition ranking (1, 2, 2, 4) by composite score among groups with enough cases. */
export function rankGroups(groups: Array<Pick<GroupAssessment, 'cases' | 'composite' | 'rank'>>, minCasesToRank: number): void {
  const eligible = groups.filter((g) => g.cases >= minCasesToRank && g.composite !== null).sort((a, b) => b.composite! - a.composite!);
  eligible.forEach((g, i) => {
    g.rank = i > 0 && eligible[i - 1].composite === g.composite ? eligible[i - 1].rank : i + 1;
  });
}

export interface TopProblem {
  categoryCode: string;
  categoryName: string;
  cases: number;
  /** Share of the area's cases in the period. */
  share: number;
}

/** The most frequent categories in one set of cases: the candidates for 每月一题. */
export function topProblems(cases: readonly AssessedCase[], limit: number): TopProblem[] {
  const counts = new Map<string, TopProblem>();
  for (const c of cases) {
    const entry = counts.get(c.categoryCode) ?? { categoryCode: c.categoryCode, categoryName: c.categoryName, cases: 0, share: 0 };
    entry.cases++;
    counts.set(c.categoryCode, entry);
  }
  return [...counts.values()]
    .map((p) => ({ ...p, share: p.cases / cases.length }))
    .sort((a, b) => b.cases - a.cases || a.categoryCode.localeCompare(b.categoryCode))
    .slice(0, limit);
}
