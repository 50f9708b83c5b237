/**
 * Proposing a new responsibility rule (权责清单) from an uncovered case: the
 * street that took the case as hub (首接负责) proposes the rule that would
 * have routed it; whoever maintains the list sees the proposal and accepts it
 * — a new rule, effective from then on, so for new cases only — or declines it
 * with a reason. The case keeps its routing either way.
 */
import { authorize, pathWithin, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { acting, auditChange } from './audit.js';
import { auditingRefusals, CaseRefusal, visibleCase } from './case-access.js';
import { lockCase } from './case-repo.js';
import type { Channel, StageLimit } from './model.js';
import { addRule, checkRule, type RuleInput } from './responsibility-list.js';
import * as repo from './rule-proposal-repo.js';
import { recordEvent } from './timeline.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ProposalInput {
  /** Default: the case's category. */
  categoryCode?: string;
  /** Default: the hub street; a smaller area (a community) or the street itself. */
  jurisdictionCode?: string;
  conditions?: { channels?: Channel[]; keywords?: string[] };
  unit: RuleInput['unit'];
  limits?: { signFor?: StageLimit; handle?: StageLimit };
  reason: string;
}

export async function proposeRule(deps: Deps, ctx: RequestContext, caseId: string, input: ProposalInput) {
  const scope = await authorize(deps, ctx, { permission: 'case.handle', action: 'case.propose_rule', target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      const c = await visibleCase(trx, scope, caseId, 'propose_rule');
      // One open proposal per case: concurrent proposals from one case take turns.
      await lockCase(trx, c.id);
      const hubStaff = scope.actor.grants.some((g) => g.role === 'street_staff' && pathWithin([g.jurisdictionPath], c.jurisdiction_path));
      if (!hubStaff) {
        throw new CaseRefusal(c.id, 'propose_rule', 'not street staff of the hub', {
          code: 'cases.not_your_role',
          message: 'Only the street that is the hub (首接负责) for the case may propose a rule from it',
          status: 403,
        });
      }
      if (!(c.routing as { hub?: boolean }).hub) {
        throw errors.conflict('cases.rule_covers_case', `Case ${c.number} was routed by the responsibility list; a proposal is for cases the list does not cover`);
      }
      const rule: RuleInput = {
        categoryCode: input.categoryCode ?? c.category_code,
        jurisdictionCode: input.jurisdictionCode ?? c.hub_code,
        conditions: input.conditions ?? {},
        unit: input.unit,
        limits: input.limits ?? {},
      };
      // The rule must be one the list could hold, for a place the proposer answers for.
      const checked = await checkRule(trx, scope.paths, rule);
      const waiting = await repo.openProposalOf(trx, c.id);
      if (waiting) throw errors.conflict('cases.rule_proposal_open', `A rule proposed from case ${c.number} is waiting for a decision (${waiting.id}); it must be decided before another is proposed`);
      const now = deps.clock.now();
      const { id } = await repo.insertProposal(trx, {
        case_id: c.id,
        category_code: rule.categoryCode,
        jurisdiction_code: rule.jurisdictionCode,
        jurisdiction_path: checked.jurisdictionPath,
        conditions: JSON.stringify(checked.conditions),
        unit: JSON.stringify(rule.unit),
        limits: JSON.stringify(rule.limits),
        reason: input.reason,
        proposed_by: who.actor.name,
        proposed_at: now,
      });
      await recordEvent(trx, deps.clock, who, c.id, { action: 'propose_rule', role: 'dispatcher', note: input.reason, details: { proposalId: id } });
      return presentProposal((await repo.findProposal(trx, id))!);
    }),
  );
}

export async function listProposals(deps: Deps, ctx: RequestContext, filter: { status?: 'open' | 'accepted' | 'declined'; caseId?: string; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'case.config.read', action: 'responsibility_rule_proposal.list' });
  return (await repo.listProposals(deps.db, scope, filter)).map(presentProposal);
}

/** Accept: the proposed rule joins the list from now on (new cases only). */
export async function acceptProposal(deps: Deps, ctx: RequestContext, proposalId: string, decision: { note?: string }) {
  const scope = await authorize(deps, ctx, { permission: 'case.configure', action: 'responsibility_rule_proposal.accept', target: { type: 'responsibility_rule_proposal', id: proposalId } });
  return deps.db.transaction().execute(async (trx) => {
    const proposal = await openProposal(trx, scope.paths, proposalId);
    const rule = await addRule(trx, deps, ctx, scope, {
      categoryCode: proposal.category_code,
      jurisdictionCode: proposal.jurisdiction_code,
      conditions: proposal.conditions as RuleInput['conditions'],
      unit: proposal.unit as unknown as RuleInput['unit'],
      limits: proposal.limits as RuleInput['limits'],
      note: [`来自案件的建议（${proposalId}）：${proposal.reason}`, decision.note].filter(Boolean).join('\n'),
    });
    const who = acting(ctx, scope);
    await repo.decideProposal(trx, proposal.id, { status: 'accepted', by: who.actor.name, at: deps.clock.now(), note: decision.note ?? null, ruleId: rule.id });
    await auditChange(trx, deps.clock, who, {
      action: 'responsibility_rule_proposal.accept',
      targetType: 'responsibility_rule_proposal',
      targetIds: [proposal.id],
      details: { ruleKey: rule.ruleKey, version: rule.version },
    });
    return presentProposal((await repo.findProposal(trx, proposal.id))!);
  });
}

export async function declineProposal(deps: Deps, ctx: RequestContext, proposalId: string, decision: { reason: string }) {
  const scope = await authorize(deps, ctx, { permission: 'case.configure', action: 'responsibility_rule_proposal.decline', target: { type: 'responsibility_rule_proposal', id: proposalId } });
  return deps.db.transaction().execute(async (trx) => {
    const proposal = await openProposal(trx, scope.paths, proposalId);
    const who = acting(ctx, scope);
    await repo.decideProposal(trx, proposal.id, { status: 'declined', by: who.actor.name, at: deps.clock.now(), note: decision.reason, ruleId: null });
    await auditChange(trx, deps.clock, who, {
      action: 'responsibility_rule_proposal.decline',
      targetType: 'responsibility_rule_proposal',
      targetIds: [proposal.id],
      details: { reason: decision.reason },
    });
    return presentProposal((await repo.findProposal(trx, proposal.id))!);
  });
}

async function openProposal(trx: Parameters<typeof repo.lockProposal>[0], paths: readonly string[], id: string) {
  const proposal = await repo.lockProposal(trx, id);
  if (!proposal || !pathWithin(paths, proposal.jurisdiction_path)) throw errors.notFound('responsibility_rule_proposal', id);
  if (proposal.status !== 'open') throw errors.conflict('cases.proposal_decided', `The proposal was already ${proposal.status}`);
  return proposal;
}

function presentProposal(p: NonNullable<Awaited<ReturnType<typeof repo.findProposal>>>) {
  const unit = p.unit as RuleInput['unit'];
  return {
    id: p.id,
    case: { id: p.case_id, number: p.case_number },
    category: { code: p.category_code, name: p.category_name },
    jurisdiction: { code: p.jurisdiction_code, name: p.jurisdiction_name },
    conditions: p.conditions as RuleInput['conditions'],
    unit: {
      ...unit,
      name: p.department_name ?? p.unit_jurisdiction_name ?? (unit.kind === 'community' ? '属地社区' : '属地街道'),
    },
    limits: p.limits as NonNullable<ProposalInput['limits']>,
    reason: p.reason,
    status: p.status,
    proposedBy: p.proposed_by,
    proposedAt: p.proposed_at.toISOString(),
    decidedBy: p.decided_by,
    decidedAt: p.decided_at?.toISOString() ?? null,
    decisionNote: p.decision_note,
    rule: p.rule_id ? { id: p.rule_id, ruleKey: p.rule_key!, version: p.rule_version! } : null,
  };
}
