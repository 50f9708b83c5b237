/**
 * Record linkage: which department rows are the same person. Pure and in
 * memory — plain records in, decisions with explanations out; the caller stores
 * links, review items, corrections and the model.
 */

export { addressTokens, compareAddresses, type AddressLevel, type AddressTokens } from './address-tokens.js';
export { candidatePairs, DEFAULT_BLOCKING_RULES, DEFAULT_MAX_BLOCK_SIZE, type BlockingRule, type BlockingStats, type CandidatePairs } from './blocking.js';
export {
  clusterPersons,
  planUnmerge,
  type LinkDecision,
  type LinkEvidence,
  type PersonCluster,
  type PersonLink,
  type RemovedLink,
  type UnmergePlan,
  type UnmergeRequest,
} from './clustering.js';
export { compareRecords, RecordTable } from './comparison.js';
export { correctionsBySource, findDiscrepancies, type CorrectionItem, type CorrectionKind } from './discrepancies.js';
export { estimateByEm, type EmOptions, type EmResult } from './em.js';
export { linkRecords, type LinkageOptions, type LinkageResult, type LinkageStage, type LinkageStats, type ReviewItem, type ReviewReason } from './engine.js';
export {
  buildModel,
  decide,
  DEFAULT_RULES,
  explainComparison,
  matchProbability,
  type Decision,
  type DecisionRules,
  type FieldEvidence,
  type FieldLevel,
  type LevelProbabilities,
  type LinkageModel,
  type MatchExplanation,
} from './model.js';
export { FIELDS, LEVELS, type Comparison, type Field, type LinkageRecord } from './types.js';
