/**
 * One linkage run over a set of records:
 *
 *   1. steward decisions first: links they made, pairs they separated;
 *   2. exact linkage on valid ID numbers;
 *   3. blocking → candidate pairs → comparison patterns;
 *   4. the model: m and the match share by EM over the patterns, u from the
 *      population (unless a stored model is given);
 *   5. decisions: links at or above the link threshold are applied strongest
 *      first, review below it, a different person below the review threshold;
 *   6. corrections for the source departments.
 *
 * Two rules hold in every step: records a steward separated are never joined
 * again, and two valid ID numbers are never joined automatically — a person has
 * one number, so such a join goes to review.
 *
 * Pure and in memory: records in, decisions with their explanations out. The
 * result holds compact arrays and produces decision objects on demand, so a
 * million records do not become millions of objects at once.
 */

import type { Seed } from '../../../lib/random.js';
import { candidatePairs, DEFAULT_BLOCKING_RULES, DEFAULT_MAX_BLOCK_SIZE, type BlockingRule, type BlockingStats } from './blocking.js';
import { UnionFind, type LinkDecision, type LinkEvidence } from './clustering.js';
import { RecordTable } from './comparison.js';
import { findDiscrepancies, type CorrectionItem } from './discrepancies.js';
import { estimateByEm, type EmOptions, type EmResult } from './em.js';
import { buildModel, DECISIONS, DEFAULT_RULES, explainPattern, patternTable, type DecisionRules, type LinkageModel, type MatchExplanation } from './model.js';
import { PATTERN_COUNT, type LinkageRecord } from './types.js';
import { populationU, randomPairLevels } from './u-estimation.js';

export interface LinkageOptions {
  /** Reuse a stored model (its rules included) instead of estimating one from these records. */
  model?: LinkageModel;
  rules?: DecisionRules;
  blockingRules?: readonly BlockingRule[];
  maxBlockSize?: number;
  em?: Partial<EmOptions>;
  /** Random pairs compared to estimate u. */
  randomPairs?: number;
  /** Seeds the random pairs, so a run is reproducible. */
  seed?: Seed;
  /** Pairs a steward confirmed as one person. */
  stewardLinks?: ReadonlyArray<readonly [string, string]>;
  /** Pairs a steward separated (review "not the same person", or an unmerge). */
  cannotLink?: ReadonlyArray<readonly [string, string]>;
  onProgress?: (stage: LinkageStage) => void;
}

export type LinkageStage = 'prepare' | 'exact' | 'blocking' | 'compare' | 'estimate' | 'decide' | 'corrections';

export type ReviewReason =
  /** The weight lies between the thresholds. */
  | 'uncertain'
  /** Strong enough to link, but one field contradicts it (the explanation names the veto). */
  | 'contradicting_field'
  /** Strong enough to link, but the two persons it would join hold different valid ID numbers. */
  | 'conflicting_id_numbers';

export interface ReviewItem {
  a: string;
  b: string;
  reason: ReviewReason;
  explanation: MatchExplanation;
}

export interface LinkageStats {
  records: number;
  candidatePairs: number;
  blocking: BlockingStats[];
  exactIdLinks: number;
  probabilisticLinks: number;
  stewardLinks: number;
  reviewPairs: number;
  persons: number;
  em: Omit<EmResult, 'm' | 'u'> | null;
  /** Milliseconds per stage. */
  timings: Partial<Record<LinkageStage, number>>;
}

export interface LinkageResult {
  model: LinkageModel;
  stats: LinkageStats;
  /** For record i (input order): the index of the first record of its person, a stable person label within this run. */
  personOf: Int32Array;
  /** The links that formed the persons, with their evidence, in the order they were applied. */
  links(): Generator<LinkDecision>;
  /** Strongest first. */
  reviewQueue(): ReviewItem[];
  corrections: CorrectionItem[];
}

const DEFAULT_RANDOM_PAIRS = 1_000_000;

type LinkKind = LinkEvidence['method'];

export function linkRecords(records: readonly LinkageRecord[], options: LinkageOptions = {}): LinkageResult {
  const timings: LinkageStats['timings'] = {};
  const stage = <T>(name: LinkageStage, work: () => T): T => {
    options.onProgress?.(name);
    const started = performance.now();
    const result = work();
    timings[name] = Math.round(performance.now() - started);
    return result;
  };

  const { table, rowIndex } = stage('prepare', () => ({ table: new RecordTable(records), rowIndex: indexRows(records) }));
  const n = table.size;
  const persons = new PersonSets(n, table, pairsOf(rowIndex, options.cannotLink ?? []));
  const applied = new AppliedLinks();

  for (const [i, j] of pairsOf(rowIndex, options.stewardLinks ?? [])) {
    if (persons.join(i, j)) applied.push(i, j, 'steward', 0);
  }

  stage('exact', () => {
    const firstWithId = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      if (!table.idValid[i]) continue;
      const id = table.idNumbers[i] as string;
      const first = firstWithId.get(id);
      if (first === undefined) firstWithId.set(id, i);
      else if (persons.join(first, i)) applied.push(first, i, 'exact_id', 0);
    }
  });

  const candidates = stage('blocking', () =>
    candidatePairs(table, options.blockingRules ?? DEFAULT_BLOCKING_RULES, options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE),
  );
  // PATTERN_COUNT (7,200) fits in 16 bits.
  const patterns = new Uint16Array(candidates.count);
  const histogram = new Float64Array(PATTERN_COUNT);
  stage('compare', () => {
    for (let k = 0; k < candidates.count; k++) {
      const pattern = table.compare(candidates.a[k], candidates.b[k]);
      patterns[k] = pattern;
      histogram[pattern]++;
    }
  });

  const estimated = options.model
    ? null
    : stage('estimate', () => {
        const em = estimateByEm(histogram, options.em);
        const allPairs = (n * (n - 1)) / 2;
        // EM's match share is among candidates; λ is per random pair.
        const lambda = Math.min(0.5, Math.max(em.matchShare * candidates.count, 1) / Math.max(allPairs, 1));
        const observed = randomPairLevels(table, { sampleSize: options.randomPairs ?? DEFAULT_RANDOM_PAIRS, seed: options.seed ?? 'linkage' });
        const u = populationU(observed, em.m, lambda, n);
        return { em, model: buildModel(em.m, u, lambda, options.rules ?? DEFAULT_RULES) };
      });
  const model = options.model ?? (estimated as NonNullable<typeof estimated>).model;
  const { weights, decisions } = patternTable(model);

  const review: Array<{ pair: number; reason: ReviewReason }> = [];
  stage('decide', () => {
    const strong: number[] = [];
    const uncertain: number[] = [];
    for (let k = 0; k < candidates.count; k++) {
      const decision = DECISIONS[decisions[patterns[k]]];
      if (decision === 'link') strong.push(k);
      else if (decision === 'review') uncertain.push(k);
    }
    // Strongest first: when a chain would join two ID numbers, the better-supported side wins the record.
    strong.sort((x, y) => weights[patterns[y]] - weights[patterns[x]] || x - y);
    for (const k of strong) {
      const i = candidates.a[k];
      const j = candidates.b[k];
      const outcome = persons.tryJoin(i, j);
      if (outcome === 'joined') applied.push(i, j, 'probabilistic', k);
      else if (outcome === 'conflicting_id_numbers') review.push({ pair: k, reason: outcome });
    }
    for (const k of uncertain) {
      if (!persons.mayStillJoin(candidates.a[k], candidates.b[k])) continue;
      review.push({ pair: k, reason: weights[patterns[k]] >= model.rules.link ? 'contradicting_field' : 'uncertain' });
    }
    review.sort((x, y) => weights[patterns[y.pair]] - weights[patterns[x.pair]] || x.pair - y.pair);
  });

  const personOf = persons.labels();
  const corrections = stage('corrections', () => findDiscrepancies(table, personOf));

  const explain = (k: number) => explainPattern(model, patterns[k]);
  return {
    model,
    stats: {
      records: n,
      candidatePairs: candidates.count,
      blocking: candidates.stats,
      exactIdLinks: applied.count('exact_id'),
      probabilisticLinks: applied.count('probabilistic'),
      stewardLinks: applied.count('steward'),
      reviewPairs: review.length,
      persons: countLabels(personOf),
      em: estimated ? withoutParameters(estimated.em) : null,
      timings,
    },
    personOf,
    *links() {
      for (let t = 0; t < applied.size; t++) {
        const a = records[applied.a[t]].sourceRowId;
        const b = records[applied.b[t]].sourceRowId;
        const kind = applied.kind[t];
        if (kind === 'probabilistic') yield { a, b, evidence: { method: kind, explanation: explain(applied.pair[t]) } };
        else yield { a, b, evidence: { method: kind } };
      }
    },
    reviewQueue: () =>
      review.map(({ pair, reason }) => ({
        a: records[candidates.a[pair]].sourceRowId,
        b: records[candidates.b[pair]].sourceRowId,
        reason,
        explanation: explain(pair),
      })),
    corrections,
  };
}

/**
 * Persons under construction, with the two constraints every automatic join
 * must satisfy: no pair a steward separated ends up in one person, and no person
 * holds two valid ID numbers.
 */
class PersonSets {
  private readonly sets: UnionFind;
  /** The valid ID number of each root's person, if it has one. */
  private readonly idOfRoot: Array<string | undefined>;
  /** Per root: records its person must never be joined with. Few, so lists suffice. */
  private readonly separated = new Map<number, number[]>();

  constructor(
    private readonly n: number,
    table: RecordTable,
    cannotLink: Iterable<[number, number]>,
  ) {
    this.sets = new UnionFind(n);
    this.idOfRoot = Array.from({ length: n }, (_, i) => (table.idValid[i] ? (table.idNumbers[i] as string) : undefined));
    for (const [i, j] of cannotLink) {
      this.separatedFrom(i).push(j);
      this.separatedFrom(j).push(i);
    }
  }

  /**
   * Joins unless a steward separated the two. No ID check: used for a steward's
   * link (they have seen both records) and for records sharing one valid ID number.
   */
  join(i: number, j: number): boolean {
    const a = this.sets.find(i);
    const b = this.sets.find(j);
    if (a === b || this.areSeparated(a, b)) return false;
    this.merge(a, b);
    return true;
  }

  tryJoin(i: number, j: number): 'joined' | 'already' | 'separated' | 'conflicting_id_numbers' {
    const a = this.sets.find(i);
    const b = this.sets.find(j);
    if (a === b) return 'already';
    if (this.areSeparated(a, b)) return 'separated';
    const idA = this.idOfRoot[a];
    const idB = this.idOfRoot[b];
    if (idA !== undefined && idB !== undefined && idA !== idB) return 'conflicting_id_numbers';
    this.merge(a, b);
    return 'joined';
  }

  /**
   * Worth a steward's look: not already one person, not separated by a steward,
   * and not two persons with different valid ID numbers (the numbers already
   * say they are two people; only a strong pair, see tryJoin, questions that).
   */
  mayStillJoin(i: number, j: number): boolean {
    const a = this.sets.find(i);
    const b = this.sets.find(j);
    if (a === b || this.areSeparated(a, b)) return false;
    const idA = this.idOfRoot[a];
    const idB = this.idOfRoot[b];
    return idA === undefined || idB === undefined || idA === idB;
  }

  labels(): Int32Array {
    const label = new Int32Array(this.n).fill(-1);
    const out = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const root = this.sets.find(i);
      if (label[root] < 0) label[root] = i;
      out[i] = label[root];
    }
    return out;
  }

  private merge(a: number, b: number): void {
    const root = this.sets.union(a, b);
    const other = root === a ? b : a;
    this.idOfRoot[root] ??= this.idOfRoot[other];
    const moved = this.separated.get(other);
    if (moved) {
      this.separatedFrom(root).push(...moved);
      this.separated.delete(other);
    }
  }

  /** Separations are stored on both sides, so one side's list tells. */
  private areSeparated(a: number, b: number): boolean {
    const list = this.separated.get(a);
    return list !== undefined && list.some((r) => this.sets.find(r) === b);
  }

  private separatedFrom(root: number): number[] {
    let list = this.separated.get(root);
    if (!list) this.separated.set(root, (list = []));
    return list;
  }
}

/** The links applied, in order, as parallel arrays rather than one object per link. */
class AppliedLinks {
  a: number[] = [];
  b: number[] = [];
  kind: LinkKind[] = [];
  /** The candidate pair behind a probabilistic link. */
  pair: number[] = [];

  get size(): number {
    return this.a.length;
  }

  push(i: number, j: number, kind: LinkKind, pair: number): void {
    this.a.push(i);
    this.b.push(j);
    this.kind.push(kind);
    this.pair.push(pair);
  }

  count(kind: LinkKind): number {
    return this.kind.reduce((c, k) => (k === kind ? c + 1 : c), 0);
  }
}

function indexRows(records: readonly LinkageRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  records.forEach((r, i) => {
    if (index.has(r.sourceRowId)) throw new RangeError(`sourceRowId ${r.sourceRowId} appears twice`);
    index.set(r.sourceRowId, i);
  });
  return index;
}

/** Pairs of row ids as indices; pairs naming rows not in this run are irrelevant to it and skipped. */
function* pairsOf(index: Map<string, number>, pairs: ReadonlyArray<readonly [string, string]>): Generator<[number, number]> {
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) yield [i, j];
  }
}

function countLabels(personOf: Int32Array): number {
  let count = 0;
  for (let i = 0; i < personOf.length; i++) if (personOf[i] === i) count++;
  return count;
}

function withoutParameters(em: EmResult): Omit<EmResult, 'm' | 'u'> {
  return { matchShare: em.matchShare, iterations: em.iterations, converged: em.converged };
}
