/**
 * Moving a case through its workflow. Each action runs in one transaction
 * with the case row locked: check the transition table, change the case, stop
 * and start its stage clocks, record the event on the timeline and in the
 * audit log. Either all of it happens or none of it.
 */
import { authorize, ROLE_PERMISSIONS, type RequestContext } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { findDepartment, jurisdictionLineage } from '../org/service.js';
import { acting, type Acting } from './audit.js';
import { auditingRefusals, CaseRefusal, caseNotFound } from './case-access.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { clockSettingFor, ownerOfUnit, startClock, type ClockSetting } from './clocks.js';
import { addLimit, limitMinutes, remainingMinutes } from './deadlines.js';
import type { CaseStatus, ResponsibleUnit, StageLimit, UnitKind } from './model.js';
import { caseRolesOf } from './policy.js';
import type { CaseSettings } from './settings.js';
import { recordEvent } from './timeline.js';
import { checkTransition, type CaseAction, type CaseRole } from './workflow.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** A unit named by a person: a department (or external body) by code, or a street or community by code. */
export type UnitRef = { departmentCode: string } | { jurisdictionCode: string };

export type TransitionInput =
  | { action: 'register'; note?: string }
  | { action: 'decline'; reason: string }
  | { action: 'merge'; intoCaseId: string; note?: string }
  | { action: 'dispatch'; unit?: UnitRef; reason?: string; note?: string }
  | { action: 'sign_for'; note?: string }
  | { action: 'start'; note?: string }
  | { action: 'return'; reason: string }
  | { action: 'reassign'; unit: UnitRef; reason: string }
  | { action: 'send_back'; reason: string }
  | { action: 'request_suspension'; reason: string }
  | { action: 'approve_suspension'; note?: string }
  | { action: 'reject_suspension'; reason: string }
  | { action: 'resume'; note?: string }
  | { action: 'handle'; result: string; evidenceAttachmentIds?: string[] }
  | { action: 'verify'; note?: string }
  | { action: 'confirm'; note?: string }
  | { action: 'reject_handling'; reason: string }
  | { action: 'close'; note?: string }
  | { action: 'reopen'; reason: string };

/** What the public (the reporter, Open311) sees; returns and suspension requests are internal. */
const INTERNAL_ACTIONS: ReadonlySet<CaseAction> = new Set(['return', 'reassign', 'send_back', 'request_suspension', 'reject_suspension']);


interface Work {
  trx: repo.Db;
  deps: Deps;
  who: Acting;
  c: repo.CaseRow;
  now: Date;
  settings: CaseSettings;
  clocks: ClockSetting;
  changes: Parameters<typeof repo.updateCase>[2];
  details: Record<string, unknown>;
  note: string | null;
}

export async function transitionCase(deps: Deps, ctx: RequestContext, caseId: string, input: TransitionInput) {
  // Staff act through their grants; a resident acts only as the reporter of their own case.
  const handles = ctx.actor?.grants.some((g) => ROLE_PERMISSIONS[g.role].includes('case.handle')) ?? false;
  const scope = await authorize(deps, ctx, { permission: handles ? 'case.handle' : 'case.read_own', action: `case.${input.action}`, target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  const settings = await loadSettings(deps.db);

  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      // Lock both cases of a merge in one order, so two opposite merges cannot deadlock.
      if (input.action === 'merge') for (const id of [caseId, input.intoCaseId].sort()) await repo.lockCase(trx, id);
      const c = await repo.lockCase(trx, caseId);
      const roles = c ? await rolesOn(trx, who, c) : [];
      if (!c || (roles.length === 0 && !(await repo.findVisibleCase(trx, scope, c.id)))) throw caseNotFound(caseId, input.action);
      const status = c.status as CaseStatus;
      const check = checkTransition(status, input.action, roles);
      if (!check.ok && check.reason === 'not_in_this_state') {
        throw new AppError('cases.transition_not_allowed', `A case that is ${status} cannot be ${input.action}: only when ${check.allowedIn.join(' or ')}`, 409, {
          status,
          allowedIn: check.allowedIn,
        });
      }
      if (!check.ok) {
        throw new CaseRefusal(c.id, input.action, `needs ${check.allowedRoles.join(' or ')}`, {
          code: 'cases.not_your_role',
          message: `Only the case's ${check.allowedRoles.join(' or ')} may ${input.action} it`,
          status: 403,
          details: { allowedRoles: check.allowedRoles },
        });
      }

      const work: Work = {
        trx,
        deps,
        who,
        c,
        now: deps.clock.now(),
        settings,
        clocks: await clockSettingFor(trx, c.jurisdiction_path, settings),
        changes: {},
        details: {},
        note: null,
      };
      await EFFECTS[input.action](work, input as never);
      await repo.updateCase(trx, c.id, { ...work.changes, status: check.to, updated_at: work.now });
      await repo.refreshNextDue(trx, c.id);
      await recordEvent(trx, deps.clock, who, c.id, {
        action: input.action,
        fromStatus: status,
        toStatus: check.to,
        role: check.as,
        note: work.note,
        public: !INTERNAL_ACTIONS.has(input.action),
        details: work.details,
      });
      return { id: c.id, number: c.number, status: check.to, action: input.action };
    }),
  );
}

/** The actor's roles on a case (reporter included), for this and the other case services. */
export async function rolesOn(db: repo.Db, who: Acting, c: repo.CaseRow): Promise<CaseRole[]> {
  const reporter = who.actor.kind === 'user' ? await repo.reporterByUser(db, c.id, who.actor.id) : undefined;
  return caseRolesOf(
    who.actor,
    { jurisdictionPath: c.jurisdiction_path, unitKind: c.unit_kind, unitDepartmentId: c.unit_department_id, unitJurisdictionCode: c.unit_jurisdiction_code },
    reporter !== undefined,
  );
}

type Effect<A extends CaseAction> = (work: Work, input: Extract<TransitionInput, { action: A }>) => Promise<void>;

const EFFECTS: { [A in CaseAction]: Effect<A> } = {
  async register(w, input) {
    w.changes.registered_at = w.now;
    w.note = input.note ?? null;
    await repo.closeDeadlines(w.trx, w.c.id, ['register'], w.now, 'met');
  },

  async decline(w, input) {
    w.changes.decline_reason = input.reason;
    w.note = input.reason;
    await repo.closeDeadlines(w.trx, w.c.id, ['register'], w.now, 'met');
    await repo.closeDeadlines(w.trx, w.c.id, null, w.now, 'cancelled');
  },

  async merge(w, input) {
    const target = await repo.findCase(w.trx, input.intoCaseId);
    if (!target || target.id === w.c.id) throw errors.validation([{ path: 'intoCaseId', message: 'must be another existing case' }]);
    if (!(await rolesOn(w.trx, w.who, target)).includes('dispatcher')) throw errors.validation([{ path: 'intoCaseId', message: 'you do not dispatch that case' }]);
    if (['not_registered', 'closed', 'merged'].includes(target.status)) {
      throw errors.validation([{ path: 'intoCaseId', message: `case ${target.number} is ${target.status}: merge into an open case` }]);
    }
    // Every reporter of the duplicate follows the case it joins: updates and the right to rate.
    for (const reporter of await repo.reportersOf(w.trx, w.c.id)) {
      const { id: _id, case_id: _case, via_case_id: _via, added_at: _added, ...person } = reporter;
      await repo.insertReporters(w.trx, [{ ...person, case_id: target.id, via_case_id: w.c.id, added_at: w.now }]);
    }
    w.changes.merged_into = target.id;
    w.note = input.note ?? `合并至 ${target.number}`;
    w.details = { into: { id: target.id, number: target.number } };
    await repo.closeDeadlines(w.trx, w.c.id, null, w.now, 'cancelled');
    await repo.updateCase(w.trx, target.id, { updated_at: w.now });
    await recordEvent(w.trx, w.deps.clock, w.who, target.id, {
      action: 'merge_in',
      role: 'dispatcher',
      public: true,
      note: `合并了重复案件 ${w.c.number}`,
      details: { from: { id: w.c.id, number: w.c.number } },
    });
  },

  async dispatch(w, input) {
    let unit = currentUnit(w.c);
    if (input.unit) {
      if (!input.reason) throw errors.validation([{ path: 'reason', message: 'say why the case goes to another unit than the responsibility list names' }]);
      unit = await resolveUnit(w.trx, input.unit, 'unit');
      setUnit(w, unit);
      w.details.overrode = { listed: w.c.unit_name, chosen: unit.name, reason: input.reason };
    }
    if (!unit) throw errors.validation([{ path: 'unit', message: 'name the unit: the responsibility list names none' }]);
    w.note = input.note ?? `派至${unit.name}`;
    w.details.unit = unit.name;
    await startUnitClocks(w, unit);
  },

  async sign_for(w, input) {
    w.changes.signed_for_at = w.now;
    w.note = input.note ?? null;
    await repo.closeDeadlines(w.trx, w.c.id, ['sign_for'], w.now, 'met');
  },

  async start(w, input) {
    w.note = input.note ?? null;
  },

  async return(w, input) {
    w.changes.return_count = w.c.return_count + 1;
    w.changes.signed_for_at = null;
    w.note = input.reason;
    w.details = { unit: w.c.unit_name, unitKey: ownerOfUnit(currentUnit(w.c)!).key };
    await repo.closeDeadlines(w.trx, w.c.id, ['sign_for', 'handle'], w.now, 'cancelled');
    const hub = (await jurisdictionLineage(w.trx, w.c.hub_code)).at(-1)!;
    await startClock(w.trx, w.clocks, {
      caseId: w.c.id,
      stage: 'return_decision',
      owner: { key: `jurisdiction:${hub.code}`, name: hub.name },
      limit: w.settings.stageLimits.returnDecision,
      start: w.now,
    });
  },

  async reassign(w, input) {
    const unit = await resolveUnit(w.trx, input.unit, 'unit');
    const current = currentUnit(w.c);
    if (current && sameUnit(current, unit)) throw errors.validation([{ path: 'unit', message: `the case is already with ${unit.name}: send it back instead` }]);
    setUnit(w, unit);
    w.note = input.reason;
    w.details = { from: w.c.unit_name, to: unit.name };
    await repo.closeDeadlines(w.trx, w.c.id, ['return_decision'], w.now, 'met');
    await startUnitClocks(w, unit);
  },

  async send_back(w, input) {
    const unit = currentUnit(w.c)!;
    w.note = input.reason;
    w.details = { to: unit.name };
    await repo.closeDeadlines(w.trx, w.c.id, ['return_decision'], w.now, 'met');
    await startUnitClocks(w, unit);
  },

  async request_suspension(w, input) {
    if (w.c.suspension_requested) throw errors.conflict('cases.suspension_pending', 'A suspension request is already waiting for a decision');
    w.changes.suspension_requested = JSON.stringify({ reason: input.reason, by: w.who.actor.name, at: w.now.toISOString() });
    w.note = input.reason;
  },

  async approve_suspension(w, input) {
    const request = pendingSuspension(w.c);
    const [handle] = await repo.closeDeadlines(w.trx, w.c.id, ['handle'], w.now, 'cancelled');
    const limit = (handle?.limit_spec ?? w.settings.stageLimits.handle) as StageLimit;
    const left = handle ? remainingMinutes(w.now, handle.due_at, limit.natural, w.clocks.calendar) : limitMinutes(limit, w.clocks.calendar);
    w.changes.suspension_requested = null;
    w.changes.suspended_remaining = JSON.stringify({ minutes: left, natural: limit.natural ?? false });
    w.note = input.note ?? request.reason;
    w.details = { reason: request.reason, requestedBy: request.by, remainingMinutes: left };
  },

  async reject_suspension(w, input) {
    pendingSuspension(w.c);
    w.changes.suspension_requested = null;
    w.note = input.reason;
  },

  async resume(w, input) {
    const left = (w.c.suspended_remaining ?? { minutes: limitMinutes(w.settings.stageLimits.handle, w.clocks.calendar), natural: false }) as { minutes: number; natural: boolean };
    w.changes.suspended_remaining = null;
    w.note = input.note ?? null;
    const unit = currentUnit(w.c)!;
    await startClock(w.trx, w.clocks, {
      caseId: w.c.id,
      stage: 'handle',
      owner: ownerOfUnit(unit),
      limit: left.natural ? { minutes: left.minutes, natural: true } : { minutes: left.minutes },
      start: w.now,
    });
  },

  async handle(w, input) {
    const evidence = input.evidenceAttachmentIds ?? [];
    const attachments = await repo.attachmentsOf(w.trx, w.c.id);
    for (const [i, id] of evidence.entries()) {
      if (!attachments.some((a) => a.id === id && a.purpose === 'evidence')) {
        throw errors.validation([{ path: `evidenceAttachmentIds[${i}]`, message: `${id} is not an evidence attachment of this case` }]);
      }
    }
    w.changes.result = input.result;
    w.changes.handled_at = w.now;
    w.note = input.result;
    w.details = { evidenceAttachmentIds: evidence };
    await repo.closeDeadlines(w.trx, w.c.id, ['sign_for', 'handle'], w.now, 'met');
    const verifier = w.c.community_code ?? w.c.hub_code;
    const place = (await jurisdictionLineage(w.trx, verifier)).at(-1)!;
    await startClock(w.trx, w.clocks, {
      caseId: w.c.id,
      stage: 'verify',
      owner: { key: `jurisdiction:${place.code}`, name: place.name },
      limit: w.settings.stageLimits.verify,
      start: w.now,
    });
  },

  async verify(w, input) {
    w.changes.verified_at = w.now;
    w.note = input.note ?? null;
    await repo.closeDeadlines(w.trx, w.c.id, ['verify'], w.now, 'met');
  },

  async confirm(w, input) {
    w.changes.verified_at = w.now;
    w.note = input.note ?? '报告人确认已解决';
    await repo.closeDeadlines(w.trx, w.c.id, ['verify'], w.now, 'met');
  },

  async reject_handling(w, input) {
    w.changes.rework_count = w.c.rework_count + 1;
    w.changes.handled_at = null;
    w.note = input.reason;
    await repo.closeDeadlines(w.trx, w.c.id, ['verify'], w.now, 'cancelled');
    await startClock(w.trx, w.clocks, { caseId: w.c.id, stage: 'handle', owner: ownerOfUnit(currentUnit(w.c)!), limit: handleLimit(w), start: w.now });
  },

  async close(w, input) {
    w.changes.closed_at = w.now;
    w.note = input.note ?? null;
    const unit = currentUnit(w.c);
    w.details = { unitKey: unit ? ownerOfUnit(unit).key : null };
  },

  async reopen(w, input) {
    const until = addLimit(w.c.closed_at!, w.settings.reopenWindow, w.clocks.calendar);
    if (w.now > until) throw new AppError('cases.reopen_window_passed', `A case may be reopened until ${until.toISOString()}; report a new problem instead`, 409);
    Object.assign(w.changes, { reopen_count: w.c.reopen_count + 1, closed_at: null, verified_at: null, handled_at: null, signed_for_at: null, result: null, rating_invited_at: null });
    w.note = input.reason;
    const unit = currentUnit(w.c)!;
    // A reopening counts against the unit that closed the case.
    w.details = { unit: unit.name, unitKey: ownerOfUnit(unit).key };
    await startUnitClocks(w, unit);
  },
};

function currentUnit(c: repo.CaseRow): ResponsibleUnit | null {
  if (!c.unit_kind) return null;
  return { kind: c.unit_kind, departmentId: c.unit_department_id, jurisdictionCode: c.unit_jurisdiction_code, name: c.unit_name ?? '' };
}

function sameUnit(a: ResponsibleUnit, b: ResponsibleUnit): boolean {
  return a.departmentId === b.departmentId && a.jurisdictionCode === b.jurisdictionCode;
}

function setUnit(w: Work, unit: ResponsibleUnit) {
  Object.assign(w.changes, { unit_kind: unit.kind, unit_department_id: unit.departmentId, unit_jurisdiction_code: unit.jurisdictionCode, unit_name: unit.name });
}

function handleLimit(w: Work): StageLimit {
  return ((w.c.limits as { handle?: StageLimit }).handle ?? w.settings.stageLimits.handle) as StageLimit;
}

/** A dispatch starts two clocks for the unit: sign for it, and handle it, both counted from now. */
async function startUnitClocks(w: Work, unit: ResponsibleUnit) {
  w.changes.dispatched_at = w.now;
  const owner = ownerOfUnit(unit);
  const limits = w.c.limits as { signFor?: StageLimit };
  await startClock(w.trx, w.clocks, { caseId: w.c.id, stage: 'sign_for', owner, limit: limits.signFor ?? w.settings.stageLimits.signFor, start: w.now });
  await startClock(w.trx, w.clocks, { caseId: w.c.id, stage: 'handle', owner, limit: handleLimit(w), start: w.now });
}

function pendingSuspension(c: repo.CaseRow): { reason: string; by: string; at: string } {
  if (!c.suspension_requested) throw errors.conflict('cases.no_suspension_request', 'Nobody has asked to suspend this case');
  return c.suspension_requested as { reason: string; by: string; at: string };
}

/** Turn a unit named by code into the unit record; `path` names the field in errors. */
export async function resolveUnit(db: repo.Db, ref: UnitRef, path: string): Promise<ResponsibleUnit> {
  if ('departmentCode' in ref) {
    const department = await findDepartment(db, ref.departmentCode);
    if (!department) throw errors.validation([{ path: `${path}.departmentCode`, message: `unknown department ${ref.departmentCode}` }]);
    return { kind: department.isExternal ? 'external' : 'department', departmentId: department.id, jurisdictionCode: null, name: department.name };
  }
  const place = (await jurisdictionLineage(db, ref.jurisdictionCode)).at(-1);
  if (!place || (place.level !== 'street' && place.level !== 'community')) {
    throw errors.validation([{ path: `${path}.jurisdictionCode`, message: `${ref.jurisdictionCode} is not a street or community` }]);
  }
  return { kind: place.level as UnitKind, departmentId: null, jurisdictionCode: place.code, name: place.name };
}
