/**
 * The one gate for a department's reads of people: the registry search and
 * person pages (UI and API token alike) and the bulk export all open it. It
 * checks the department's data-sharing grants for the declared purpose, cuts
 * the caller's scope down to the grants' subtrees, decides each record's fields
 * (grants.ts) and audits every denial with its reason; the caller audits the
 * reads it makes with `readDetails`.
 */
import type { AppDeps } from '../../../app-deps.js';
import { authorize, narrowScope, recordDenial, type RequestContext, type Scope } from '../../../kernel/access/access.js';
import type { Purpose } from '../../../kernel/access/roles.js';
import { AppError, errors } from '../../../kernel/errors.js';
import { findDepartment, jurisdictionsByCodes } from '../../org/service.js';
import type { Catalogue } from '../../registry/catalogue/catalogue.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import {
  applyShare,
  decideShare,
  shareableSubtrees,
  sharedTags,
  tagField,
  type FieldCatalogue,
  type ShareDecision,
  type ShareDenialReason,
  type ShareGrant,
} from './grants.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;
export type AllowedShare = Extract<ShareDecision, { allowed: true }>;

/** What a grant may name: the person fields of the catalogue, and each sensitive tag on its own. */
export function sharingCatalogue(catalogue: Catalogue): FieldCatalogue {
  const fields = new Map<string, { type: string; sensitivity: 'public' | 'personal' | 'sensitive' }>();
  for (const f of catalogue.fieldsOf('person')) fields.set(f.key, { type: f.type, sensitivity: f.sensitivity });
  for (const t of catalogue.tags) if (t.sensitiveCategory) fields.set(tagField(t.code), { type: 'tag', sensitivity: 'sensitive' });
  return fields;
}

const REASONS: Record<ShareDenialReason, (d: { department: string; purpose: Purpose; where: string }) => string> = {
  no_grant: (d) => `${d.department} has no data-sharing grant: ask the data steward for one naming the fields, purpose and legal basis`,
  purpose_mismatch: (d) => `${d.department} has no data-sharing grant for the purpose ${d.purpose}`,
  wrong_scope: (d) => `The data-sharing grants of ${d.department} for ${d.purpose} do not cover ${d.where}`,
  expired: (d) => `The data-sharing grant of ${d.department} for ${d.purpose} over ${d.where} has expired`,
  not_yet_valid: (d) => `The data-sharing grant of ${d.department} for ${d.purpose} over ${d.where} is not valid yet`,
};

export interface OpenShareOptions {
  /** Audit action name, e.g. person.search. */
  action: string;
  /** A jurisdiction code the caller narrows the read to. */
  within?: string | null;
  target?: { type: string; id?: string };
}

export class ShareGate {
  private readonly decisions = new Map<string, ShareDecision>();

  private constructor(
    private readonly deps: Deps,
    private readonly ctx: RequestContext,
    private readonly action: string,
    /** Where the department's role lets it look up a single record. */
    readonly recordScope: Scope,
    /** Where its current grants for the purpose let it search. */
    readonly searchScope: Scope,
    readonly department: { id: string; code: string; name: string },
    readonly purpose: Purpose,
    private readonly grants: readonly ShareGrant[],
    readonly catalogue: FieldCatalogue,
  ) {}

  static async open(deps: Deps, ctx: RequestContext, options: OpenShareOptions): Promise<ShareGate> {
    const scope = await authorize(deps, ctx, { permission: 'person.read_shared', action: options.action, needsPurpose: true, target: options.target });
    const departmentId = scope.departmentIds[0];
    const department = departmentId ? await findDepartment(deps.db, departmentId) : null;
    if (!department) throw errors.denied('Reading under a data-sharing grant needs a department role');
    const purpose = scope.purpose as Purpose;
    const [rows, catalogue] = await Promise.all([repo.grantsOfDepartment(deps.db, department.id), loadCatalogue(deps.db)]);
    const grants = rows.map(shareGrantOf);
    let within: { code: string; name: string; path: string } | null = null;
    if (options.within) {
      within = (await jurisdictionsByCodes(deps.db, [options.within]))[0] ?? null;
      if (!within) throw errors.validation([{ path: 'querystring.jurisdiction', message: `unknown jurisdiction ${options.within}` }]);
    }
    const deny = (reason: ShareDenialReason) =>
      ShareGate.deny(deps, ctx, { action: options.action, target: options.target, department, purpose, reason, where: within?.name ?? 'the jurisdiction asked for' });
    const subtrees = shareableSubtrees(grants, { departmentId: department.id, purpose, within: within?.path ?? null, now: deps.clock.now() });
    if (!subtrees.allowed) return deny(subtrees.reason);
    const searchScope = narrowScope(scope, subtrees.paths);
    if (!searchScope) return deny('wrong_scope');
    return new ShareGate(deps, ctx, options.action, scope, searchScope, department, purpose, grants, sharingCatalogue(catalogue));
  }

  /** The decision for a record lying at `path`, over every field a grant may name. */
  decisionAt(path: string): ShareDecision {
    let decision = this.decisions.get(path);
    if (!decision) {
      const request = { departmentId: this.department.id, purpose: this.purpose, jurisdictionPath: path, fields: [...this.catalogue.keys()], now: this.deps.clock.now() };
      decision = decideShare(this.grants, request, this.catalogue);
      this.decisions.set(path, decision);
    }
    return decision;
  }

  /** The decision for one record, or the audited denial naming why. */
  async admit(path: string, target: { type: string; id: string }): Promise<AllowedShare> {
    const decision = this.decisionAt(path);
    if (decision.allowed) return decision;
    const where = (await jurisdictionsByCodes(this.deps.db, [path.split('.').at(-1)!]))[0]?.name ?? path;
    return ShareGate.deny(this.deps, this.ctx, { action: this.action, target, department: this.department, purpose: this.purpose, reason: decision.reason, where });
  }

  /** A record keyed by catalogue field as the department may see it; tags filtered per sharedTags. */
  share(decision: AllowedShare, record: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const shared = applyShare(decision, this.catalogue, record);
    const tags = record['person.tags'];
    if (Array.isArray(tags)) shared['person.tags'] = sharedTags(decision, this.catalogue, tags as string[]);
    return shared;
  }

  /** For the audit entry of a read: the department, and the grants and legal bases the shown records rest on. */
  readDetails(decisions: readonly AllowedShare[]): Record<string, unknown> {
    const grants = new Map(decisions.flatMap((d) => d.grants).map((g) => [g.id, g.legalBasis]));
    return {
      department: { code: this.department.code, name: this.department.name },
      grants: [...grants.keys()],
      legalBasis: [...new Set(grants.values())],
    };
  }

  private static async deny(
    deps: Deps,
    ctx: RequestContext,
    denial: {
      action: string;
      target?: { type: string; id?: string };
      department: { code: string; name: string };
      purpose: Purpose;
      reason: ShareDenialReason;
      where: string;
    },
  ): Promise<never> {
    const message = REASONS[denial.reason]({ department: denial.department.name, purpose: denial.purpose, where: denial.where });
    await recordDenial(deps, ctx, {
      permission: 'person.read_shared',
      action: denial.action,
      target: denial.target,
      reason: message,
      details: { shareReason: denial.reason, department: { code: denial.department.code, name: denial.department.name } },
    });
    throw new AppError(`sharing.${denial.reason}`, message, 403, { reason: denial.reason, department: denial.department.code, purpose: denial.purpose });
  }
}

export function shareGrantOf(row: repo.GrantRow): ShareGrant {
  return {
    id: row.id,
    departmentId: row.department_id,
    fields: row.fields,
    purpose: row.purpose as Purpose,
    legalBasis: row.legal_basis,
    jurisdictionPath: row.jurisdiction_path,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
  };
}

