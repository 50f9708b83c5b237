// Creating, listing and revoking data-sharing grants: by the data steward or the
// system administrator, inside their own jurisdiction, every change audited.
import type { AppDeps } from '../../../app-deps.js';
import { OPERATOR_AT_CLI, authorize, pathWithin, type RequestContext, type Scope } from '../../../kernel/access/access.js';
import type { Purpose } from '../../../kernel/access/roles.js';
import { appendAudit } from '../../../kernel/audit/audit.js';
import { errors, type FieldIssue } from '../../../kernel/errors.js';
import { findDepartment, jurisdictionsByCodes } from '../../org/service.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { sharingCatalogue } from './gate.js';
import { grantProblems, tagField, type GrantProblem } from './grants.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface GrantInput {
  departmentCode: string;
  fields: string[];
  purpose: Purpose;
  legalBasis: string;
  jurisdictionCode: string;
  validFrom: Date;
  validUntil: Date;
}

const PROBLEM_PATHS: Record<GrantProblem, { path: string; message: string }> = {
  no_fields: { path: 'fields', message: 'name at least one field' },
  unknown_field: { path: 'fields', message: 'not a person field of the catalogue' },
  no_legal_basis: { path: 'legalBasis', message: 'name the law or regulation that makes the sharing lawful' },
  unknown_purpose: { path: 'purpose', message: 'not a declared purpose' },
  bad_jurisdiction_path: { path: 'jurisdictionCode', message: 'not a jurisdiction' },
  empty_period: { path: 'validUntil', message: 'must be after validFrom' },
};

/** Create a grant. `ctx` null means the operator at the CLI (or the demo seed), trusted with the whole tree. */
export async function createGrant(deps: Deps, ctx: RequestContext | null, input: GrantInput): Promise<{ id: string }> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'grant.manage', action: 'grant.create' }) : null;
  const department = await findDepartment(deps.db, input.departmentCode);
  if (!department) throw errors.validation([{ path: 'departmentCode', message: `unknown department ${input.departmentCode}` }]);
  const jurisdiction = (await jurisdictionsByCodes(deps.db, [input.jurisdictionCode]))[0];
  if (!jurisdiction) throw errors.validation([{ path: 'jurisdictionCode', message: `unknown jurisdiction ${input.jurisdictionCode}` }]);
  if (scope && !pathWithin(scope.paths, jurisdiction.path)) throw errors.denied(`You may only grant access inside your own jurisdiction (jurisdictionCode ${input.jurisdictionCode})`);
  const catalogue = sharingCatalogue(await loadCatalogue(deps.db));
  const fields = [...new Set(input.fields)];
  const problems = grantProblems(
    { id: '', departmentId: department.id, fields, purpose: input.purpose, legalBasis: input.legalBasis, jurisdictionPath: jurisdiction.path, validFrom: input.validFrom, validUntil: input.validUntil },
    catalogue,
  );
  if (problems.length > 0) {
    const unknown = fields.filter((f) => !catalogue.has(f));
    throw errors.validation(
      problems.map((p): FieldIssue => (p === 'unknown_field' ? { path: 'fields', message: `not a person field of the catalogue: ${unknown.join(', ')}` } : PROBLEM_PATHS[p])),
    );
  }
  return deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertGrant(trx, {
      department_id: department.id,
      fields,
      purpose: input.purpose,
      legal_basis: input.legalBasis.trim(),
      jurisdiction_code: jurisdiction.code,
      jurisdiction_path: jurisdiction.path,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      created_by: ctx?.actor?.kind === 'user' ? ctx.actor.id : null,
      created_at: deps.clock.now(),
    });
    await auditGrantChange(deps, trx, ctx, scope, {
      action: 'grant.create',
      grantId: created.id,
      details: {
        department: department.code,
        fields,
        purpose: input.purpose,
        legalBasis: input.legalBasis.trim(),
        jurisdiction: jurisdiction.code,
        validFrom: input.validFrom.toISOString(),
        validUntil: input.validUntil.toISOString(),
      },
    });
    return { id: created.id };
  });
}

export async function listGrants(deps: Deps, ctx: RequestContext, filter: { department?: string; includeRevoked: boolean }) {
  await authorize(deps, ctx, { permission: 'grant.read', action: 'grant.list' });
  const rows = await repo.listGrants(deps.db, { departmentCode: filter.department, includeRevoked: filter.includeRevoked });
  return rows.map((r) => presentGrant(r, deps.clock.now()));
}

/** The grants of the caller's own department, so a department system knows what it may ask for. */
export async function ownGrants(deps: Deps, ctx: RequestContext) {
  const scope = await authorize(deps, ctx, { permission: 'person.read_shared', action: 'grant.list_own' });
  const rows = (await Promise.all(scope.departmentIds.map((id) => repo.grantsOfDepartment(deps.db, id)))).flat();
  return rows.map((r) => presentGrant(r, deps.clock.now()));
}

export async function revokeGrant(deps: Deps, ctx: RequestContext, id: string, reason: string) {
  const scope = await authorize(deps, ctx, { permission: 'grant.manage', action: 'grant.revoke', target: { type: 'share_grant', id } });
  return deps.db.transaction().execute(async (trx) => {
    const grant = await repo.findGrant(trx, id);
    if (!grant) throw errors.notFound('grant', id);
    if (!pathWithin(scope.paths, grant.jurisdiction_path)) throw errors.denied('You may only revoke grants inside your own jurisdiction');
    if (grant.revoked_at) throw errors.conflict('grant.already_revoked', `Grant ${id} was revoked on ${grant.revoked_at.toISOString()}`);
    await repo.revokeGrant(trx, id, { at: deps.clock.now(), by: ctx.actor?.kind === 'user' ? ctx.actor.id : null, reason });
    await auditGrantChange(deps, trx, ctx, scope, { action: 'grant.revoke', grantId: id, details: { department: grant.department_code, reason } });
    return presentGrant((await repo.findGrant(trx, id))!, deps.clock.now());
  });
}

/** The fields a grant may name, with their names, for the grants form. */
export async function grantableFields(deps: Deps, ctx: RequestContext) {
  await authorize(deps, ctx, { permission: 'grant.read', action: 'grant.fields' });
  const catalogue = await loadCatalogue(deps.db);
  const sharing = sharingCatalogue(catalogue);
  const maskable = (key: string) => {
    const f = sharing.get(key)!;
    return f.sensitivity !== 'sensitive' && ['name', 'id_number', 'phone'].includes(f.type);
  };
  return [
    ...catalogue.fieldsOf('person').map((f) => ({ key: f.key, name: f.name, nameEn: f.nameEn, sensitivity: f.sensitivity, maskable: maskable(f.key) })),
    ...catalogue.tags
      .filter((t) => t.sensitiveCategory)
      .map((t) => ({ key: tagField(t.code), name: `${t.name}（标签）`, nameEn: `tag: ${t.nameEn}`, sensitivity: 'sensitive' as const, maskable: false })),
  ];
}

export function presentGrant(row: repo.GrantRow, now: Date) {
  const status = row.revoked_at ? 'revoked' : now < row.valid_from ? 'not_yet_valid' : now >= row.valid_until ? 'expired' : 'active';
  return {
    id: row.id,
    department: { code: row.department_code, name: row.department_name },
    fields: row.fields,
    purpose: row.purpose as Purpose,
    legalBasis: row.legal_basis,
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name },
    validFrom: row.valid_from.toISOString(),
    validUntil: row.valid_until.toISOString(),
    status: status as 'active' | 'expired' | 'not_yet_valid' | 'revoked',
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokeReason: row.revoke_reason,
  };
}

function auditGrantChange(
  deps: Deps,
  trx: Deps['db'],
  ctx: RequestContext | null,
  scope: Scope | null,
  change: { action: string; grantId: string; details: Record<string, unknown> },
) {
  return appendAudit(trx, deps.clock, {
    actor: ctx?.actor ?? OPERATOR_AT_CLI,
    role: scope?.role ?? null,
    scope: scope?.paths.join(',') ?? null,
    action: change.action,
    targetType: 'share_grant',
    targetIds: [change.grantId],
    purpose: 'administration',
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    outcome: 'allowed',
    details: change.details,
  });
}
