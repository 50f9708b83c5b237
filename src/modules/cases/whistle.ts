/**
 * 街乡吹哨、部门报到: a street or community summons departments on a case;
 * each must report (报到) within a limit and say what it did; the street rates
 * each department's response. The summons are on the case for everyone
 * handling it to see who came and what each did.
 */
import { authorize, pathWithin, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { findDepartment } from '../org/service.js';
import { acting, type Acting } from './audit.js';
import { auditingRefusals, lockVisibleCase } from './case-access.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { clockSettingFor, startClock } from './clocks.js';
import { stageClock } from './deadlines.js';
import { FINISHED_STATUSES, type CaseStatus, type StageLimit } from './model.js';
import { staffOfDepartment } from './policy.js';
import { recordEvent } from './timeline.js';
import * as whistles from './whistle-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface WhistleInput {
  departmentCodes: string[];
  reason: string;
  /** Default: the configured whistle report limit. */
  reportWithin?: StageLimit;
}

export async function blowWhistle(deps: Deps, ctx: RequestContext, caseId: string, input: WhistleInput) {
  const scope = await authorize(deps, ctx, { permission: 'case.whistle', action: 'case.whistle', target: { type: 'case', id: caseId } });
  const settings = await loadSettings(deps.db);
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () => deps.db.transaction().execute(async (trx) => {
    const c = await lockVisibleCase(trx, scope, caseId, 'whistle');
    if (FINISHED_STATUSES.includes(c.status as CaseStatus)) throw errors.conflict('cases.finished', `Case ${c.number} is ${c.status}`);
    // The whistle is blown by the actor's own street or community: the deepest grant covering the case.
    const blower = scope.actor.grants
      .filter((g) => (g.role === 'street_staff' || g.role === 'community_staff') && pathWithin([g.jurisdictionPath], c.jurisdiction_path))
      .sort((a, b) => b.jurisdictionPath.length - a.jurisdictionPath.length)[0];
    if (!blower) throw errors.denied('Only the street or community where the case lies may blow the whistle');
    const departments = [];
    for (const [i, code] of [...new Set(input.departmentCodes)].entries()) {
      const department = await findDepartment(trx, code);
      if (!department) throw errors.validation([{ path: `departmentCodes[${i}]`, message: `unknown department ${code}` }]);
      departments.push(department);
    }
    const now = deps.clock.now();
    const clocks = await clockSettingFor(trx, c.jurisdiction_path, settings);
    const limit = input.reportWithin ?? settings.stageLimits.whistleReport;
    const whistle = await whistles.insertWhistle(trx, { case_id: c.id, jurisdiction_code: blower.jurisdictionCode, reason: input.reason, blown_by: scope.actor.name, blown_at: now });
    const summoned = [];
    const { dueAt } = stageClock(now, limit, clocks.calendar, clocks.warnAtFraction);
    for (const department of departments) {
      const summons = await whistles.insertSummons(trx, { whistle_id: whistle.id, case_id: c.id, department_id: department.id, report_due_at: dueAt });
      await startClock(trx, clocks, {
        caseId: c.id,
        stage: 'whistle_report',
        owner: { key: `department:${department.id}`, name: department.name },
        limit,
        start: now,
        subjectId: summons.id,
      });
      summoned.push({ id: summons.id, departmentCode: department.code, departmentName: department.name, reportDueAt: dueAt.toISOString() });
    }
    await repo.refreshNextDue(trx, c.id);
    await repo.updateCase(trx, c.id, { updated_at: now });
    await recordEvent(trx, deps.clock, who, c.id, {
      action: 'whistle',
      role: 'dispatcher',
      note: input.reason,
      details: { whistleId: whistle.id, departments: departments.map((d) => d.name) },
    });
    return { id: whistle.id, summons: summoned };
  }));
}

/** 报到: the summoned department says it has come. */
export async function reportToWhistle(deps: Deps, ctx: RequestContext, caseId: string, summonsId: string, input: { note: string }) {
  return onSummons(deps, ctx, caseId, summonsId, 'whistle_report', async ({ trx, who, summons, now }) => {
    if (!staffOfDepartment(who.actor, summons.department_id)) throw errors.denied('Only staff of the summoned department may report to it');
    if (summons.reported_at) throw errors.conflict('cases.already_reported', 'This department has already reported');
    await whistles.updateSummons(trx, summons.id, { reported_at: now, reported_by: who.actor.name, report_note: input.note });
    await repo.closeDeadlines(trx, caseId, ['whistle_report'], now, 'met', summons.id);
    return { note: input.note, details: { summonsId: summons.id, onTime: now <= summons.report_due_at } };
  });
}

/** What the department did on the case. */
export async function recordSummonsAction(deps: Deps, ctx: RequestContext, caseId: string, summonsId: string, input: { note: string }) {
  return onSummons(deps, ctx, caseId, summonsId, 'whistle_action', async ({ trx, who, summons, now }) => {
    if (!staffOfDepartment(who.actor, summons.department_id)) throw errors.denied('Only staff of the summoned department may say what it did');
    if (!summons.reported_at) throw errors.conflict('cases.not_reported', 'Report to the whistle (报到) first');
    await whistles.updateSummons(trx, summons.id, { acted_at: now, acted_by: who.actor.name, action_note: input.note });
    return { note: input.note, details: { summonsId: summons.id } };
  });
}

/** The street (or the community that blew the whistle) rates a department's response, 1–5. */
export async function rateSummons(deps: Deps, ctx: RequestContext, caseId: string, summonsId: string, input: { score: number; note?: string }) {
  return onSummons(deps, ctx, caseId, summonsId, 'whistle_rating', async ({ trx, who, summons, c, now }) => {
    const mayRate = who.actor.grants.some(
      (g) =>
        (g.role === 'street_staff' && pathWithin([g.jurisdictionPath], c.jurisdiction_path)) ||
        ((g.role === 'community_staff' || g.role === 'street_staff') && g.jurisdictionCode === summons.whistle_jurisdiction_code),
    );
    if (!mayRate) throw errors.denied('Only the street, or whoever blew the whistle, rates the departments that came');
    if (!summons.reported_at) throw errors.conflict('cases.not_reported', 'A department that has not reported cannot be rated yet');
    if (summons.scored_at) throw errors.conflict('cases.already_rated', 'This response has already been rated');
    await whistles.updateSummons(trx, summons.id, { score: input.score, score_note: input.note ?? null, scored_at: now, scored_by: who.actor.name });
    return { note: input.note ?? null, details: { summonsId: summons.id, score: input.score } };
  });
}

type SummonsWork = (work: {
  trx: repo.Db;
  who: Acting;
  c: repo.CaseRow;
  summons: NonNullable<Awaited<ReturnType<typeof whistles.lockSummons>>>;
  now: Date;
}) => Promise<{ note: string | null; details: Record<string, unknown> }>;

async function onSummons(deps: Deps, ctx: RequestContext, caseId: string, summonsId: string, action: string, work: SummonsWork) {
  const scope = await authorize(deps, ctx, { permission: 'case.read', action: `case.${action}`, target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      const c = await lockVisibleCase(trx, scope, caseId, action);
      const summons = await whistles.lockSummons(trx, c.id, summonsId);
      if (!summons) throw errors.notFound('summons', summonsId);
      const now = deps.clock.now();
      const { note, details } = await work({ trx, who, c, summons, now });
      await repo.refreshNextDue(trx, c.id);
      await repo.updateCase(trx, c.id, { updated_at: now });
      await recordEvent(trx, deps.clock, who, c.id, { action, note, details });
      return { summonsId: summons.id };
    }),
  );
}

