// Request and response schemas of the record-linkage API: the review queue, merges, correction lists.
import { z } from 'zod';

export const reviewParams = z.object({ reviewId: z.uuid() });
export const mergeParams = z.object({ mergeId: z.uuid() });

export const reviewStatus = z.enum(['pending', 'same', 'different', 'withdrawn']);
export const pageQuery = { limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) };

export const reviewListQuery = z.object({ status: reviewStatus.default('pending'), ...pageQuery });

/** One field of the pair, side by side: the department row's value, the registry person's, and what their agreement counted. */
export const comparedField = z.object({
  field: z.enum(['idNumber', 'name', 'birthDate', 'sex', 'phone', 'address']),
  /** The registry field it compares (for labels from the catalogue). */
  registryField: z.string(),
  record: z.string().nullable(),
  person: z.string().nullable(),
  /** The agreement level (exact, pinyin, one_off …); null when either side lacks the field. */
  level: z.string().nullable(),
  /** Bits this field added to (or took from) the match weight. */
  weight: z.number(),
  /** Set when a stronger agreeing field of the same household group (phone, address) counted instead. */
  countedWith: z.string().nullable(),
});

export const reviewView = z.object({
  id: z.string(),
  status: reviewStatus,
  /** uncertain | contradicting_field | conflicting_id_numbers | several_candidates | same_id_number */
  reason: z.string(),
  /** Match weight in bits: log2 of the odds that the two are one person. */
  weight: z.number(),
  probability: z.number().nullable(),
  /** Where the weight starts: the odds that a row is any one registry person. */
  priorWeight: z.number().nullable(),
  veto: z.unknown(),
  detail: z.string().nullable(),
  source: z.object({ id: z.string(), name: z.string() }),
  importId: z.string(),
  row: z.number(),
  recordKey: z.string(),
  personId: z.string(),
  personExists: z.boolean(),
  comparison: z.array(comparedField),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const reviewDecisionBody = z.object({
  /** same: the row is this person (it is applied to them); different: never propose this pair again. */
  decision: z.enum(['same', 'different']),
  note: z.string().max(500).optional(),
});

export const decidedReviewView = reviewView.extend({ appliedTo: z.string().nullable() });

export const mergeBody = z.object({
  /** The person who stays. */
  survivorId: z.string().min(1).max(64),
  /** The person whose facts and department records move to the survivor. */
  mergedId: z.string().min(1).max(64),
  reason: z.string().trim().min(1).max(500),
});

export const unmergeBody = z.object({ reason: z.string().trim().min(1).max(500) });

export const mergeView = z.object({
  id: z.string(),
  survivorId: z.string(),
  /** Masked to the surname where the caller's purpose needs no names (statistics). */
  survivorName: z.string().nullable(),
  mergedId: z.string(),
  mergedName: z.string().nullable(),
  reason: z.string(),
  mergedAt: z.string(),
  mergedBy: z.string(),
  unmergedAt: z.string().nullable(),
  unmergedBy: z.string().nullable(),
  unmergeReason: z.string().nullable(),
});

export const mergeListQuery = z.object({ personId: z.string().min(1).max(64).optional(), ...pageQuery });

export const correctionKind = z.enum(['id_number_invalid', 'birth_date_conflicts_with_id', 'registered_in_two_dwellings']);

export const correctionListQuery = z.object({ sourceId: z.string().min(1).max(100).optional(), kind: correctionKind.optional(), ...pageQuery });

export const correctionView = z.object({
  id: z.string(),
  source: z.object({ id: z.string(), name: z.string() }),
  importId: z.string(),
  row: z.number(),
  recordKey: z.string(),
  personId: z.string().nullable(),
  kind: correctionKind,
  problem: z.string(),
  field: z.string(),
  value: z.string().nullable(),
  suggestion: z.string().nullable(),
  detail: z.string().nullable(),
  createdAt: z.string(),
});

export const correctionSourceView = z.object({ id: z.string(), name: z.string(), items: z.number(), latestAt: z.string() });

export const correctionExportQuery = z.object({ sourceId: z.string().min(1).max(100), format: z.enum(['csv', 'xlsx']).default('xlsx') });
