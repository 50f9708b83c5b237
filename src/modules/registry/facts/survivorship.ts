/**
 * Survivorship: which of the sources' claims about a field becomes the
 * registry's current value, by the field's declared rule — never by the order
 * in which files happened to be imported.
 *
 * - trusted_then_recent: the claim of the most trusted source (the field's
 *   trusted_sources list, by source id or department kind) wins; among equally
 *   trusted sources, the one observed most recently.
 * - most_recent: the claim observed most recently, whoever made it.
 * - union: fields with several values (phones, tags) keep every source's
 *   values, most trusted and most recent first.
 *
 * "Observed" is when the source says the value was true (an export's as-of
 * date), so importing last year's export after this year's changes nothing.
 * Remaining ties go to the claim recorded later, then the higher fact id, so
 * the outcome is always the same for the same claims.
 */
import { datesAgree } from '../../../lib/dates.js';
import type { FactValue, FieldType, Survivorship } from '../schema.js';

export interface Claim {
  factId: number;
  value: FactValue;
  sourceId: string;
  /** The source's department kind, or field_visit / initial_load. */
  sourceKind: string;
  observedAt: Date;
  recordedAt: Date;
}

export interface SurvivorshipRule {
  survivorship: Survivorship;
  trustedSources: readonly string[];
  type: FieldType;
  multiple: boolean;
}

export type SurvivalReason = 'only_source' | 'most_trusted_source' | 'most_recent' | 'union';

export interface Survivor<C extends Claim> {
  value: FactValue;
  reason: SurvivalReason;
  /** The claims the value comes from: the winner (and a more precise agreeing date), or every contributor of a union. */
  from: C[];
  /** Every claim, best first. */
  ranked: C[];
}

/** Position in the trusted list (by source id, else by department kind); unlisted sources rank after all listed ones. */
export function trustRank(rule: Pick<SurvivorshipRule, 'trustedSources'>, claim: Pick<Claim, 'sourceId' | 'sourceKind'>): number {
  const byId = rule.trustedSources.indexOf(claim.sourceId);
  if (byId >= 0) return byId;
  const byKind = rule.trustedSources.indexOf(claim.sourceKind);
  return byKind >= 0 ? byKind : rule.trustedSources.length;
}

export function rankClaims<C extends Claim>(rule: SurvivorshipRule, claims: readonly C[]): C[] {
  const byTrust = rule.survivorship !== 'most_recent';
  return [...claims].sort(
    (a, b) =>
      (byTrust ? trustRank(rule, a) - trustRank(rule, b) : 0) ||
      b.observedAt.getTime() - a.observedAt.getTime() ||
      b.recordedAt.getTime() - a.recordedAt.getTime() ||
      b.factId - a.factId,
  );
}

export function survive<C extends Claim>(rule: SurvivorshipRule, claims: readonly C[]): Survivor<C> | null {
  if (claims.length === 0) return null;
  const ranked = rankClaims(rule, claims);
  if (rule.survivorship === 'union') {
    const values = [...new Set(ranked.flatMap((c) => asList(c.value)))];
    return { value: values, reason: 'union', from: ranked.filter((c) => asList(c.value).length > 0), ranked };
  }
  const [winner, runnerUp] = ranked;
  const reason: SurvivalReason = !runnerUp
    ? 'only_source'
    : rule.survivorship === 'trusted_then_recent' && trustRank(rule, winner) < trustRank(rule, runnerUp)
      ? 'most_trusted_source'
      : 'most_recent';
  // A month-precise date (1985-03) that wins keeps the day another source knows, when the two agree.
  if (rule.type === 'date' && typeof winner.value === 'string' && winner.value.length < 10) {
    const precise = ranked.find((c) => typeof c.value === 'string' && c.value.length === 10 && datesAgree(c.value, winner.value as string));
    if (precise) return { value: precise.value, reason, from: [winner, precise], ranked };
  }
  return { value: winner.value, reason, from: [winner], ranked };
}

/** Whether two values say the same thing: the same value or set, or dates of different precision that agree. */
export function valuesAgree(type: FieldType, a: FactValue, b: FactValue): boolean {
  if (type === 'date' && typeof a === 'string' && typeof b === 'string') return datesAgree(a, b);
  return sameValue(a, b);
}

/** The test for "nothing changed" when a source repeats itself: equal values, or the same set in any order. */
export function sameValue(a: FactValue, b: FactValue): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((v) => left.has(v));
}

function asList(value: FactValue): string[] {
  return Array.isArray(value) ? value : [value];
}
