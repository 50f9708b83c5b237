/**
 * Scoring one department row against the registry persons blocking found for
 * it, and the verdict: link to the one person scoring above the link
 * threshold, ask a data steward about the pairs between the thresholds (or
 * several strong ones), else a new person. Pure: the linker does the I/O.
 *
 * The engine's two rules hold here too: a pair whose two valid ID numbers
 * differ is never linked automatically (a strong one goes to review), and a
 * pair a steward separated is never proposed again (the caller leaves it out).
 */
import { validateIdNumber } from '../../../lib/id-number.js';
import { RecordTable } from '../linkage-engine/comparison.js';
import { explainPattern, type LinkageModel, type MatchExplanation } from '../linkage-engine/model.js';
import type { NameKeyCache } from '../linkage-engine/name-keys.js';
import type { LinkageRecord } from '../linkage-engine/types.js';

export interface ScoredCandidate {
  personId: string;
  weight: number;
  explanation: MatchExplanation;
}

export type ReviewReason = 'uncertain' | 'contradicting_field' | 'conflicting_id_numbers' | 'several_candidates';

export type Verdict =
  | { kind: 'link'; best: ScoredCandidate }
  | { kind: 'review'; items: Array<ScoredCandidate & { reason: ReviewReason }> }
  | { kind: 'new'; best: ScoredCandidate | null };

/** At most this many pairs of one row go to the steward, strongest first. */
export const MAX_REVIEW_PAIRS = 5;

/** `persons` carry their person id as sourceRowId. */
export function scoreCandidates(model: LinkageModel, row: LinkageRecord, persons: readonly LinkageRecord[], names: NameKeyCache): ScoredCandidate[] {
  if (persons.length === 0) return [];
  const table = new RecordTable([row, ...persons], names);
  return persons
    .map((p, k) => {
      const explanation = explainPattern(model, table.compare(0, k + 1));
      return { personId: p.sourceRowId, weight: explanation.weight, explanation };
    })
    .sort((a, b) => b.weight - a.weight || (a.personId < b.personId ? -1 : 1));
}

export function judge(row: LinkageRecord, persons: readonly LinkageRecord[], scored: readonly ScoredCandidate[]): Verdict {
  const idOf = new Map(persons.map((p) => [p.sourceRowId, p.idNumber]));
  const rowId = validId(row.idNumber);
  const conflicting = (c: ScoredCandidate) => {
    const other = validId(idOf.get(c.personId));
    return rowId !== null && other !== null && rowId !== other;
  };
  const strong = scored.filter((c) => c.explanation.decision === 'link' && !conflicting(c));
  if (strong.length === 1) return { kind: 'link', best: strong[0] };
  if (strong.length > 1) return { kind: 'review', items: strong.slice(0, MAX_REVIEW_PAIRS).map((c) => ({ ...c, reason: 'several_candidates' as const })) };
  const review = scored.flatMap((c): Array<ScoredCandidate & { reason: ReviewReason }> => {
    if (c.explanation.decision === 'link') return [{ ...c, reason: 'conflicting_id_numbers' }];
    // Two valid numbers below the link threshold already say two people.
    if (c.explanation.decision !== 'review' || conflicting(c)) return [];
    return [{ ...c, reason: c.explanation.veto ? 'contradicting_field' : 'uncertain' }];
  });
  if (review.length > 0) return { kind: 'review', items: review.slice(0, MAX_REVIEW_PAIRS) };
  return { kind: 'new', best: scored[0] ?? null };
}

function validId(id: string | undefined): string | null {
  return id !== undefined && validateIdNumber(id).ok ? id : null;
}
