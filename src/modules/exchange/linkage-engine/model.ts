/**
 * The Fellegi–Sunter model: for each field and agreement level, m (how often
 * records of the same person agree at that level) and u (how often records of
 * different people do). A level contributes log2(m/u) bits to a pair's match
 * weight; the pair starts from the prior log2(λ/(1−λ)), λ being the chance that
 * two records drawn at random are the same person. The weight is therefore the
 * log-odds that the pair is a match, and the thresholds are odds a steward can read.
 *
 * Fields are assumed independent, which holds between people in general but not
 * within a household, where relatives share an address and often a phone (a
 * guardian's number on a child's record). Two rules keep households from
 * looking like one person:
 *
 * - fields in a household group (phone, address) count once when they agree:
 *   only the strongest agreeing one adds its weight, disagreements still all count;
 * - a veto level (a birth date that differs entirely) keeps a pair out of the
 *   automatic links however strong the rest; a steward looks at it instead.
 *
 * The model is plain data so that it can be stored with the run that used it:
 * every decision can be recomputed and explained later.
 */

import { FIELDS, LEVELS, PATTERN_COUNT, comparisonToPattern, levelIndex, type Comparison, type Field, type Pattern } from './types.js';

/** Probabilities per field, indexed by level (in LEVELS order). */
export type LevelProbabilities = { [F in Field]: number[] };

export interface LevelParameters {
  level: string;
  m: number;
  u: number;
  /** log2(m / u): bits this level adds to (or takes from) a pair's match weight. */
  weight: number;
}

export interface FieldLevel {
  field: Field;
  level: string;
}

/** How weights become decisions. Weights are in bits (log2 odds of a match). */
export interface DecisionRules {
  /** At or above: linked automatically. */
  link: number;
  /** At or above (and below `link`): the steward's review queue. Below: a different person. */
  review: number;
  /** Levels that send a pair to review however strong the rest of its evidence. */
  vetoes: FieldLevel[];
  /** Groups of fields shared within a household: agreement counts once per group. */
  householdFields: Field[][];
}

export type Decision = 'link' | 'review' | 'distinct';

export interface LinkageModel {
  fields: { [F in Field]: LevelParameters[] };
  /** The probability that two records drawn at random are the same person. */
  lambda: number;
  priorWeight: number;
  rules: DecisionRules;
}

export interface FieldEvidence {
  field: Field;
  /** null: missing on one side, no evidence either way. */
  level: string | null;
  /** What the field added to the match weight. */
  weight: number;
  /** Set when a stronger agreeing field of the same household group counted instead. */
  countedWith?: Field;
}

export interface MatchExplanation {
  /** priorWeight plus the fields' weights. */
  weight: number;
  probability: number;
  priorWeight: number;
  fields: FieldEvidence[];
  decision: Decision;
  /** Present when a veto kept a pair strong enough to link in review. */
  veto?: FieldLevel;
}

/**
 * Link at odds of 1000:1 (probability 0.999), review from odds of 1:4 (0.2): a
 * wrong link merges two people's records and misleads everyone who reads them,
 * while a pair in review costs a steward a minute, so the link threshold is the
 * strict one. A person has one birth date; relatives share phone and address.
 */
export const DEFAULT_RULES: DecisionRules = {
  link: Math.log2(1000),
  review: Math.log2(1 / 4),
  vetoes: [{ field: 'birthDate', level: 'different' }],
  householdFields: [['phone', 'address']],
};

/**
 * Typical m and u for department data, used to start EM and as its prior. The u
 * here describe candidate pairs, which agree far more often than random pairs
 * because blocking brought them together; the model's final u come from the population.
 */
export const PRIOR_M: LevelProbabilities = {
  idNumber: [0.92, 0.06, 0.02],
  name: [0.88, 0.01, 0.04, 0.04, 0.03],
  birthDate: [0.93, 0.04, 0.01, 0.02],
  sex: [0.98, 0.02],
  phone: [0.75, 0.02, 0.23],
  address: [0.7, 0.05, 0.1, 0.15],
};

export const PRIOR_CANDIDATE_U: LevelProbabilities = {
  idNumber: [0.001, 0.01, 0.989],
  name: [0.2, 0.001, 0.05, 0.1, 0.649],
  birthDate: [0.2, 0.05, 0.005, 0.745],
  sex: [0.6, 0.4],
  phone: [0.05, 0.001, 0.949],
  address: [0.05, 0.05, 0.15, 0.75],
};

export function buildModel(m: LevelProbabilities, u: LevelProbabilities, lambda: number, rules: DecisionRules = DEFAULT_RULES): LinkageModel {
  if (!(lambda > 0 && lambda < 1)) throw new RangeError('lambda must lie strictly between 0 and 1');
  if (!(rules.review <= rules.link)) throw new RangeError('the review threshold must not exceed the link threshold');
  for (const veto of rules.vetoes) {
    if (!(LEVELS[veto.field] as readonly string[]).includes(veto.level)) throw new RangeError(`${veto.field} has no level ${veto.level}`);
  }
  const grouped = rules.householdFields.flat();
  if (new Set(grouped).size !== grouped.length) throw new RangeError('a field can be in one household group only');
  const fields = {} as LinkageModel['fields'];
  for (const field of FIELDS) {
    fields[field] = LEVELS[field].map((level, l) => ({ level, m: m[field][l], u: u[field][l], weight: Math.log2(m[field][l] / u[field][l]) }));
  }
  return { fields, lambda, priorWeight: Math.log2(lambda / (1 - lambda)), rules };
}

export function matchProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

export function decide(weight: number, rules: Pick<DecisionRules, 'link' | 'review'>, vetoed = false): Decision {
  if (weight >= rules.link && !vetoed) return 'link';
  return weight >= rules.review ? 'review' : 'distinct';
}

export function explainPattern(model: LinkageModel, pattern: Pattern): MatchExplanation {
  const fields = fieldEvidence(model, pattern);
  const weight = fields.reduce((sum, f) => sum + f.weight, model.priorWeight);
  const veto = model.rules.vetoes.find((v) => fields.find((f) => f.field === v.field)?.level === v.level);
  return {
    weight,
    probability: matchProbability(weight),
    priorWeight: model.priorWeight,
    fields,
    decision: decide(weight, model.rules, veto !== undefined),
    ...(veto ? { veto } : {}),
  };
}

export function explainComparison(model: LinkageModel, comparison: Comparison): MatchExplanation {
  return explainPattern(model, comparisonToPattern(comparison));
}

/** Every pattern's weight and decision, computed once per model: scoring a pair is then two lookups. */
export interface PatternTable {
  weights: Float64Array;
  /** Indices into DECISIONS. */
  decisions: Uint8Array;
}

export const DECISIONS: readonly Decision[] = ['distinct', 'review', 'link'];

const patternTables = new WeakMap<LinkageModel, PatternTable>();

export function patternTable(model: LinkageModel): PatternTable {
  let table = patternTables.get(model);
  if (!table) {
    table = { weights: new Float64Array(PATTERN_COUNT), decisions: new Uint8Array(PATTERN_COUNT) };
    for (let pattern = 0; pattern < PATTERN_COUNT; pattern++) {
      const explanation = explainPattern(model, pattern);
      table.weights[pattern] = explanation.weight;
      table.decisions[pattern] = DECISIONS.indexOf(explanation.decision);
    }
    patternTables.set(model, table);
  }
  return table;
}

function fieldEvidence(model: LinkageModel, pattern: Pattern): FieldEvidence[] {
  const evidence = FIELDS.map((field, f): FieldEvidence => {
    const l = levelIndex(pattern, f);
    if (l < 0) return { field, level: null, weight: 0 };
    const parameters = model.fields[field][l];
    return { field, level: parameters.level, weight: parameters.weight };
  });
  for (const group of model.rules.householdFields) {
    const agreeing = evidence.filter((e) => group.includes(e.field) && e.weight > 0);
    if (agreeing.length < 2) continue;
    const strongest = agreeing.reduce((best, e) => (e.weight > best.weight ? e : best));
    for (const e of agreeing) {
      if (e === strongest) continue;
      e.weight = 0;
      e.countedWith = strongest.field;
    }
  }
  return evidence;
}
