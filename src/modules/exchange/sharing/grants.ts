/**
 * Data-sharing grants (政务数据共享): a department reads registry data only
 * under a grant that names the fields, the purpose and its legal basis, the
 * jurisdiction subtree, and the period. The policy here is pure: grants and a
 * request in, a decision out; the caller audits it (allowed or denied) and
 * applies it to the records it returns.
 *
 * Within a valid grant, requested fields the grant does not name are not simply
 * dropped: identifying fields that have a display mask (name, ID number, phone)
 * come back masked, so the department can see that the person exists and which
 * record it is looking at, and everything else is withheld. Sensitive fields
 * (health, disability, low income …) are never shown masked: a mask of a
 * diagnosis still discloses it.
 */

import { pathWithin } from '../../../kernel/access/access.js';
import { PURPOSES, type Purpose } from '../../../kernel/access/roles.js';
import { maskIdNumber, maskName, maskPhone } from '../../../lib/masking.js';

export interface ShareGrant {
  id: string;
  departmentId: string;
  /** Registry field keys (the catalogue's), e.g. person.name, person.id_number. */
  fields: readonly string[];
  purpose: Purpose;
  /** The law or regulation that makes the sharing lawful (PIPL Art. 13: a statutory duty). */
  legalBasis: string;
  /** The jurisdiction subtree (ltree path) the grant covers. */
  jurisdictionPath: string;
  validFrom: Date;
  /** Exclusive: the grant ends at this instant. */
  validUntil: Date;
}

export interface ShareRequest {
  departmentId: string;
  purpose: Purpose;
  /** Where the data lies: a record's jurisdiction path, or the subtree a bulk export covers. */
  jurisdictionPath: string;
  fields: readonly string[];
  now: Date;
}

/** What the catalogue says about a field, as far as sharing is concerned. */
export interface SharedField {
  /** The catalogue's field type: name, id_number and phone have display masks. */
  type: string;
  sensitivity: 'public' | 'personal' | 'sensitive';
}

export type FieldCatalogue = ReadonlyMap<string, SharedField>;

export type ShareDenialReason = 'no_grant' | 'purpose_mismatch' | 'wrong_scope' | 'expired' | 'not_yet_valid';

export type ShareDecision =
  | {
      allowed: true;
      /** The grants the request rests on, for the audit entry. */
      grants: Array<{ id: string; legalBasis: string }>;
      /** Requested fields shown as they are. */
      clear: string[];
      /** Requested fields shown through their display mask. */
      masked: string[];
      /** Requested fields left out: sensitive, without a mask, or not in the catalogue. */
      withheld: string[];
    }
  | { allowed: false; reason: ShareDenialReason };

type Masker = (value: string) => string;

const MASKS: Readonly<Record<string, Masker>> = {
  name: maskName,
  id_number: maskIdNumber,
  phone: maskPhone,
};

/**
 * The decision for one request. A denial names the first check that no grant of
 * the department passes, in the order purpose → scope → period, so the reason is
 * the one that would have to change.
 */
export function decideShare(grants: readonly ShareGrant[], request: ShareRequest, catalogue: FieldCatalogue): ShareDecision {
  const own = grants.filter((g) => g.departmentId === request.departmentId);
  if (own.length === 0) return { allowed: false, reason: 'no_grant' };
  const forPurpose = own.filter((g) => g.purpose === request.purpose);
  if (forPurpose.length === 0) return { allowed: false, reason: 'purpose_mismatch' };
  const inScope = forPurpose.filter((g) => pathWithin([g.jurisdictionPath], request.jurisdictionPath));
  if (inScope.length === 0) return { allowed: false, reason: 'wrong_scope' };
  const now = request.now.getTime();
  const current = inScope.filter((g) => g.validFrom.getTime() <= now && now < g.validUntil.getTime());
  if (current.length === 0) {
    return { allowed: false, reason: inScope.some((g) => g.validUntil.getTime() <= now) ? 'expired' : 'not_yet_valid' };
  }

  const granted = new Set(current.flatMap((g) => g.fields));
  const decision = { allowed: true as const, grants: current.map((g) => ({ id: g.id, legalBasis: g.legalBasis })), clear: [] as string[], masked: [] as string[], withheld: [] as string[] };
  for (const field of new Set(request.fields)) {
    const definition = catalogue.get(field);
    if (definition && granted.has(field)) decision.clear.push(field);
    else if (definition && definition.sensitivity !== 'sensitive' && MASKS[definition.type]) decision.masked.push(field);
    else decision.withheld.push(field);
  }
  return decision;
}

export type SubtreeDecision = { allowed: true; grants: ShareGrant[]; paths: string[] } | { allowed: false; reason: ShareDenialReason };

/**
 * Where a department may search for a purpose: the subtrees of its current
 * grants, cut down to `within` when the caller names a jurisdiction. A denial
 * names its reason in the same order as decideShare. Each record found is then
 * decided on its own with decideShare, since grants over different subtrees
 * may name different fields.
 */
export function shareableSubtrees(
  grants: readonly ShareGrant[],
  request: Pick<ShareRequest, 'departmentId' | 'purpose' | 'now'> & { within: string | null },
): SubtreeDecision {
  const own = grants.filter((g) => g.departmentId === request.departmentId);
  if (own.length === 0) return { allowed: false, reason: 'no_grant' };
  const forPurpose = own.filter((g) => g.purpose === request.purpose);
  if (forPurpose.length === 0) return { allowed: false, reason: 'purpose_mismatch' };
  const within = request.within;
  const overlapping =
    within === null ? forPurpose : forPurpose.filter((g) => pathWithin([g.jurisdictionPath], within) || pathWithin([within], g.jurisdictionPath));
  if (overlapping.length === 0) return { allowed: false, reason: 'wrong_scope' };
  const now = request.now.getTime();
  const current = overlapping.filter((g) => g.validFrom.getTime() <= now && now < g.validUntil.getTime());
  if (current.length === 0) {
    return { allowed: false, reason: overlapping.some((g) => g.validUntil.getTime() <= now) ? 'expired' : 'not_yet_valid' };
  }
  const paths = current.map((g) => (within !== null && pathWithin([g.jurisdictionPath], within) ? within : g.jurisdictionPath));
  return { allowed: true, grants: current, paths: [...new Set(paths)].filter((p, _, all) => !all.some((q) => p.startsWith(`${q}.`))) };
}

/** The catalogue key under which a grant names one sensitive tag: person.tags.low_income. */
export const tagField = (code: string) => `person.tags.${code}`;

/**
 * The tags of a person the department may see: with person.tags granted, the
 * tags that are not sensitive; a sensitive tag (低保, 慢性病 …) only when the
 * grant names it on its own (tagField), so a grant for elderly care does not
 * disclose who receives the minimum living allowance.
 */
export function sharedTags(decision: Extract<ShareDecision, { allowed: true }>, catalogue: FieldCatalogue, codes: readonly string[]): string[] {
  const clear = new Set(decision.clear);
  return codes.filter((code) => clear.has(tagField(code)) || (clear.has('person.tags') && !catalogue.has(tagField(code))));
}

/** A record as the department may see it: clear fields as they are, masked fields masked, the rest left out. */
export function applyShare(
  decision: Extract<ShareDecision, { allowed: true }>,
  catalogue: FieldCatalogue,
  record: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of decision.clear) if (field in record) out[field] = record[field];
  for (const field of decision.masked) {
    if (!(field in record)) continue;
    const mask = MASKS[(catalogue.get(field) as SharedField).type];
    const value = record[field];
    out[field] = Array.isArray(value) ? value.map((v) => maskValue(mask, v)) : maskValue(mask, value);
  }
  return out;
}

export type GrantProblem = 'no_fields' | 'unknown_field' | 'no_legal_basis' | 'unknown_purpose' | 'bad_jurisdiction_path' | 'empty_period';

/** What is wrong with a grant before it is saved; empty when nothing is. */
export function grantProblems(grant: ShareGrant, catalogue: FieldCatalogue): GrantProblem[] {
  const problems: GrantProblem[] = [];
  if (grant.fields.length === 0) problems.push('no_fields');
  if (grant.fields.some((f) => !catalogue.has(f))) problems.push('unknown_field');
  if (grant.legalBasis.trim() === '') problems.push('no_legal_basis');
  if (!(PURPOSES as readonly string[]).includes(grant.purpose)) problems.push('unknown_purpose');
  if (!/^\d+(?:\.\d+)*$/.test(grant.jurisdictionPath)) problems.push('bad_jurisdiction_path');
  if (!(grant.validFrom.getTime() < grant.validUntil.getTime())) problems.push('empty_period');
  return problems;
}

function maskValue(mask: Masker, value: unknown): unknown {
  return typeof value === 'string' ? mask(value) : null;
}
