/**
 * The responsibility list (权责清单): rules are created, revised and retired,
 * never edited in place. A revision supersedes the live version from its
 * effective time and becomes version n+1 of the same rule key; cases keep the
 * id of the exact version that routed them, so a change affects new cases only.
 */
import { authorize, pathWithin, type RequestContext } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { findDepartment, jurisdictionLineage } from '../org/service.js';
import { acting, auditChange } from './audit.js';
import * as repo from './config-repo.js';
import type { Channel, ResponsibleUnit, StageLimit } from './model.js';
import { routeCase, type RoutingDecision, type RoutingRule, type RoutingSubject } from './routing.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface RuleInput {
  categoryCode: string;
  jurisdictionCode: string;
  conditions: { channels?: Channel[]; keywords?: string[] };
  /** A department or external body by code; or a street or community — by code, or none for the case's own (属地). */
  unit: { kind: 'department'; departmentCode: string } | { kind: 'street' | 'community'; jurisdictionCode: string | null };
  limits: { signFor?: StageLimit; handle?: StageLimit };
  note?: string;
  /** Default now; a revision may be scheduled, never backdated. */
  effectiveFrom?: Date;
}

function presentRule(row: repo.RuleView) {
  return {
    id: row.id,
    ruleKey: row.rule_key,
    version: row.version,
    category: { code: row.category_code, name: row.category_name },
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name },
    conditions: row.conditions as RuleInput['conditions'],
    unit: {
      kind: row.unit_kind,
      departmentId: row.unit_department_id,
      jurisdictionCode: row.unit_jurisdiction_code,
      name: row.department_name ?? row.unit_jurisdiction_name ?? (row.unit_kind === 'community' ? '属地社区' : '属地街道'),
    },
    limits: row.limits as RuleInput['limits'],
    note: row.note,
    effectiveFrom: row.effective_from.toISOString(),
    supersededAt: row.superseded_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listRules(deps: Deps, ctx: RequestContext, filter: { categoryCode?: string; includeHistory: boolean; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'case.config.read', action: 'responsibility_rule.list' });
  return (await repo.listRules(deps.db, scope, filter)).map(presentRule);
}

export async function createRule(deps: Deps, ctx: RequestContext | null, input: RuleInput) {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'case.configure', action: 'responsibility_rule.create' }) : null;
  return deps.db.transaction().execute((trx) => addRule(trx, deps, ctx, scope, input));
}

/** A new rule (version 1 of a new key) inside the caller's transaction, checked against the grantor's scope. */
export async function addRule(trx: repo.Db, deps: Deps, ctx: RequestContext | null, scope: Parameters<typeof acting>[1], input: RuleInput) {
  const checked = await checkRule(trx, scope?.paths ?? null, input);
  const ruleKey = await repo.nextRuleKey(trx);
  const created = await insertVersion(trx, deps, ctx, scope, { ruleKey, version: 1, input, checked });
  return presentRule((await repo.findRuleVersion(trx, created.id))!);
}

/** A new version of a rule; the live one is superseded when the new one takes effect. */
export async function reviseRule(deps: Deps, ctx: RequestContext | null, ruleKey: string, input: RuleInput) {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'case.configure', action: 'responsibility_rule.revise', target: { type: 'responsibility_rule', id: ruleKey } }) : null;
  return deps.db.transaction().execute(async (trx) => {
    const live = await repo.lockLiveRule(trx, ruleKey);
    if (!live) throw errors.notFound('responsibility_rule', ruleKey);
    const effectiveFrom = input.effectiveFrom ?? deps.clock.now();
    if (effectiveFrom < live.effective_from) {
      throw errors.validation([{ path: 'effectiveFrom', message: `must not be before the live version's ${live.effective_from.toISOString()}` }]);
    }
    await repo.supersedeRule(trx, live.id, effectiveFrom);
    const checked = await checkRule(trx, scope?.paths ?? null, input);
    const created = await insertVersion(trx, deps, ctx, scope, { ruleKey, version: live.version + 1, input: { ...input, effectiveFrom }, checked });
    return presentRule((await repo.findRuleVersion(trx, created.id))!);
  });
}

/** Take a rule out of the list from now on; cases it routed keep their record of it. */
export async function retireRule(deps: Deps, ctx: RequestContext | null, ruleKey: string): Promise<void> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'case.configure', action: 'responsibility_rule.retire', target: { type: 'responsibility_rule', id: ruleKey } }) : null;
  await deps.db.transaction().execute(async (trx) => {
    const live = await repo.lockLiveRule(trx, ruleKey);
    if (!live) throw errors.notFound('responsibility_rule', ruleKey);
    await repo.supersedeRule(trx, live.id, deps.clock.now());
    await auditChange(trx, deps.clock, acting(ctx, scope), { action: 'responsibility_rule.retire', targetType: 'responsibility_rule', targetIds: [live.id], details: { ruleKey, version: live.version } });
  });
}

/** Decide who is responsible for a case at `at`, from the rules in force then. */
export async function decideRouting(db: repo.Db, subject: RoutingSubject, hub: ResponsibleUnit, at: Date): Promise<RoutingDecision> {
  return decideRoutingAmong(await repo.rulesInForce(db, subject.categoryLineage.map((c) => c.code), subject.jurisdictionPath, at), subject, hub);
}

/** Decide who is responsible among rule versions already read (those in force at the instant of the case). */
export function decideRoutingAmong(rows: readonly repo.RuleView[], subject: RoutingSubject, hub: ResponsibleUnit): RoutingDecision {
  return routeCase(rows.map(toRoutingRule), subject, hub);
}

function toRoutingRule(row: repo.RuleView): RoutingRule {
  const unit: RoutingRule['unit'] =
    row.unit_kind === 'department' || row.unit_kind === 'external'
      ? { kind: row.unit_kind, departmentId: row.unit_department_id!, name: row.department_name ?? '' }
      : { kind: row.unit_kind, jurisdictionCode: row.unit_jurisdiction_code, name: row.unit_jurisdiction_name };
  return {
    id: row.id,
    ruleKey: row.rule_key,
    version: row.version,
    categoryCode: row.category_code,
    jurisdictionCode: row.jurisdiction_code,
    jurisdictionName: row.jurisdiction_name,
    jurisdictionPath: row.jurisdiction_path,
    conditions: row.conditions as RoutingRule['conditions'],
    unit,
    limits: row.limits as RoutingRule['limits'],
  };
}

export interface CheckedRule {
  jurisdictionPath: string;
  unitKind: repo.RuleRow['unit_kind'];
  unitDepartmentId: string | null;
  unitJurisdictionCode: string | null;
  conditions: RuleInput['conditions'];
}

/** A rule's category, place and unit exist, and the place lies within `grantorPaths` (null: anywhere). */
export async function checkRule(db: repo.Db, grantorPaths: readonly string[] | null, input: RuleInput): Promise<CheckedRule> {
  const category = await repo.findCategory(db, input.categoryCode);
  if (!category) throw errors.validation([{ path: 'categoryCode', message: `unknown category ${input.categoryCode}` }]);
  const lineage = await jurisdictionLineage(db, input.jurisdictionCode);
  const place = lineage.at(-1);
  if (!place) throw errors.validation([{ path: 'jurisdictionCode', message: `unknown jurisdiction ${input.jurisdictionCode}` }]);
  if (grantorPaths && !pathWithin(grantorPaths, place.path)) throw errors.denied('You may only make rules for places inside your own jurisdiction');
  let unitKind: repo.RuleRow['unit_kind'];
  let unitDepartmentId: string | null = null;
  let unitJurisdictionCode: string | null = null;
  if (input.unit.kind === 'department') {
    const department = await findDepartment(db, input.unit.departmentCode);
    if (!department) throw errors.validation([{ path: 'unit.departmentCode', message: `unknown department ${input.unit.departmentCode}` }]);
    unitKind = department.isExternal ? 'external' : 'department';
    unitDepartmentId = department.id;
  } else {
    unitKind = input.unit.kind;
    if (input.unit.jurisdictionCode) {
      const unit = (await jurisdictionLineage(db, input.unit.jurisdictionCode)).at(-1);
      if (!unit || unit.level !== input.unit.kind) {
        throw errors.validation([{ path: 'unit.jurisdictionCode', message: `${input.unit.jurisdictionCode} is not a ${input.unit.kind}` }]);
      }
      unitJurisdictionCode = unit.code;
    }
  }
  // Sorted and without repeats, so two spellings of the same conditions are the same rule.
  const conditions: RuleInput['conditions'] = {};
  if (input.conditions.channels?.length) conditions.channels = [...new Set(input.conditions.channels)].sort();
  if (input.conditions.keywords?.length) conditions.keywords = [...new Set(input.conditions.keywords.map((k) => k.trim()).filter(Boolean))].sort();
  return { jurisdictionPath: place.path, unitKind, unitDepartmentId, unitJurisdictionCode, conditions };
}

async function insertVersion(
  trx: repo.Db,
  deps: Deps,
  ctx: RequestContext | null,
  scope: Parameters<typeof acting>[1],
  version: { ruleKey: string; version: number; input: RuleInput; checked: CheckedRule },
) {
  const who = acting(ctx, scope);
  const now = deps.clock.now();
  const effectiveFrom = version.input.effectiveFrom ?? now;
  if (effectiveFrom.getTime() < now.getTime() - 60_000) throw errors.validation([{ path: 'effectiveFrom', message: 'a rule cannot take effect in the past' }]);
  const clash = await repo.liveRuleClaiming(trx, {
    categoryCode: version.input.categoryCode,
    jurisdictionCode: version.input.jurisdictionCode,
    conditions: version.checked.conditions,
    exceptRuleKey: version.ruleKey,
  });
  if (clash) {
    throw new AppError(
      'cases.rule_duplicate',
      `Rule ${clash.rule_key} (version ${clash.version}) already covers this category, place and conditions; revise it instead`,
      409,
    );
  }
  const created = await repo.insertRule(trx, {
    rule_key: version.ruleKey,
    version: version.version,
    category_code: version.input.categoryCode,
    jurisdiction_code: version.input.jurisdictionCode,
    jurisdiction_path: version.checked.jurisdictionPath,
    conditions: version.checked.conditions,
    unit_kind: version.checked.unitKind,
    unit_department_id: version.checked.unitDepartmentId,
    unit_jurisdiction_code: version.checked.unitJurisdictionCode,
    limits: version.input.limits,
    note: version.input.note ?? '',
    effective_from: effectiveFrom,
    created_by: who.actor.name,
    created_at: now,
  });
  await auditChange(trx, deps.clock, who, {
    action: version.version === 1 ? 'responsibility_rule.create' : 'responsibility_rule.revise',
    targetType: 'responsibility_rule',
    targetIds: [created.id],
    details: { ruleKey: version.ruleKey, version: version.version },
  });
  return created;
}
