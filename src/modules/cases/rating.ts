/**
 * 好差评: once a case is handled, each of its reporters rates it on the five
 * levels with the standard sub-indicators, says whether the problem is solved
 * and whether the unit got in touch. Reporters without an account (a hotline
 * caller) are rated for by staff on a callback. Every 不满意 / 非常不满意 opens
 * a rectification on the responsible unit with its own limit, closed only by a
 * callback to the reporter (谁办理谁负责; callback rate 100%).
 */
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { acting, type Acting } from './audit.js';
import { auditingRefusals, caseNotFound, lockVisibleCase } from './case-access.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { clockSettingFor, ownerOfUnit, startClock } from './clocks.js';
import { stageClock } from './deadlines.js';
import { DISSATISFIED_AT_OR_BELOW, OFFLINE_INDICATORS, ONLINE_INDICATORS, RATING_LEVELS } from './model.js';
import { staffOfUnit } from './policy.js';
import * as ratings from './rating-repo.js';
import { recordEvent } from './timeline.js';
import { rolesOn } from './transitions.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface RatingInput {
  overall: number;
  indicators?: Record<string, number>;
  solved: boolean;
  contacted: boolean;
  comment?: string;
}

const RATABLE = ['handled', 'verified', 'closed'];

/** The reporter rates their own case (online evaluation). */
export async function rateCase(deps: Deps, ctx: RequestContext, caseId: string, input: RatingInput) {
  const scope = await authorize(deps, ctx, { permission: 'case.read_own', action: 'case.rate', target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      const c = await repo.lockCase(trx, caseId);
      const reporter = c && who.actor.kind === 'user' ? await repo.reporterByUser(trx, c.id, who.actor.id) : undefined;
      if (!c || !reporter) throw caseNotFound(caseId, 'rate');
      return saveRating(trx, deps, who, c, reporter.id, { ...input, source: 'reporter', mode: 'online' });
    }),
  );
}

/** Staff record a reporter's rating given on a callback (the offline evaluation). */
export async function recordCallbackRating(deps: Deps, ctx: RequestContext, caseId: string, input: RatingInput & { reporterId: string }) {
  const scope = await authorize(deps, ctx, { permission: 'case.handle', action: 'case.rate_callback', target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      const c = await lockVisibleCase(trx, scope, caseId, 'rate_callback');
      if (!(await rolesOn(trx, who, c)).includes('dispatcher')) throw errors.denied('Callbacks are made by the community or street where the case lies');
      const reporters = await repo.reportersOf(trx, c.id);
      if (!reporters.some((r) => r.id === input.reporterId)) throw errors.validation([{ path: 'reporterId', message: 'is not a reporter of this case' }]);
      return saveRating(trx, deps, who, c, input.reporterId, { ...input, source: 'callback', mode: 'offline' });
    }),
  );
}

async function saveRating(
  trx: repo.Db,
  deps: Deps,
  who: Acting,
  c: repo.CaseRow,
  reporterId: string,
  input: RatingInput & { source: 'reporter' | 'callback'; mode: 'online' | 'offline' },
) {
  if (c.channel === 'patrol') throw new AppError('cases.not_ratable', 'A patrol finding is verified on site, not rated', 409);
  if (!RATABLE.includes(c.status)) throw new AppError('cases.not_ratable', `A case is rated once it is handled; this one is ${c.status}`, 409);
  const allowed: readonly string[] = input.mode === 'online' ? ONLINE_INDICATORS : OFFLINE_INDICATORS;
  for (const key of Object.keys(input.indicators ?? {})) {
    if (!allowed.includes(key)) throw errors.validation([{ path: `indicators.${key}`, message: `an ${input.mode} rating has ${allowed.join(', ')}` }]);
  }
  if (await ratings.findRating(trx, c.id, c.reopen_count, reporterId)) {
    throw new AppError('cases.already_rated', 'This reporter has already rated this round of handling', 409);
  }
  const now = deps.clock.now();
  const unit = { departmentId: c.unit_department_id, jurisdictionCode: c.unit_jurisdiction_code, name: c.unit_name ?? '' };
  const owner = ownerOfUnit(unit);
  const rating = await ratings.insertRating(trx, {
    case_id: c.id,
    round: c.reopen_count,
    reporter_id: reporterId,
    source: input.source,
    mode: input.mode,
    overall: input.overall,
    indicators: JSON.stringify(input.indicators ?? {}),
    solved: input.solved,
    contacted: input.contacted,
    comment: input.comment ?? null,
    unit_key: owner.key,
    unit_name: owner.name,
    recorded_by: who.actor.name,
    at: now,
  });
  await recordEvent(trx, deps.clock, who, c.id, {
    action: 'rate',
    role: input.source === 'reporter' ? 'reporter' : 'dispatcher',
    note: input.comment ?? null,
    details: { ratingId: rating.id, overall: input.overall, level: RATING_LEVELS[input.overall as keyof typeof RATING_LEVELS], solved: input.solved, source: input.source },
  });
  let rectificationId: string | null = null;
  if (input.overall <= DISSATISFIED_AT_OR_BELOW) {
    const settings = await loadSettings(trx);
    const clocks = await clockSettingFor(trx, c.jurisdiction_path, settings);
    const limit = settings.stageLimits.rectification;
    const { dueAt } = stageClock(now, limit, clocks.calendar, clocks.warnAtFraction);
    const rectification = await ratings.insertRectification(trx, { case_id: c.id, rating_id: rating.id, unit_key: owner.key, unit_name: owner.name, opened_at: now, due_at: dueAt });
    await startClock(trx, clocks, { caseId: c.id, stage: 'rectification', owner, limit, start: now, subjectId: rectification.id });
    await repo.refreshNextDue(trx, c.id);
    await recordEvent(trx, deps.clock, who, c.id, {
      action: 'rectification_open',
      role: 'system',
      note: `差评整改：${owner.name} 须于 ${dueAt.toISOString()} 前整改并回访`,
      details: { rectificationId: rectification.id, dueAt: dueAt.toISOString() },
    });
    rectificationId = rectification.id;
  }
  await repo.updateCase(trx, c.id, { updated_at: now });
  return { ratingId: rating.id, rectificationId };
}

/** The responsible unit says how it put things right. */
export async function rectify(deps: Deps, ctx: RequestContext, caseId: string, rectificationId: string, input: { note: string }) {
  return onRectification(deps, ctx, caseId, rectificationId, 'rectify', async ({ trx, who, rectification, now }) => {
    if (!staffOfUnit(who.actor, rectification.unit_key)) throw errors.denied(`Only ${rectification.unit_name} rectifies this`);
    if (rectification.rectified_at) throw new AppError('cases.already_rectified', 'This rectification has already been reported', 409);
    await ratings.updateRectification(trx, rectification.id, { rectified_at: now, rectified_by: who.actor.name, rectification_note: input.note });
    return { note: input.note, role: 'assignee' };
  });
}

/** The hub calls the reporter back; that closes the rectification and its clock. */
export async function recordCallback(deps: Deps, ctx: RequestContext, caseId: string, rectificationId: string, input: { note: string; satisfied: boolean }) {
  return onRectification(deps, ctx, caseId, rectificationId, 'rectification_callback', async ({ trx, who, c, rectification, now }) => {
    if (!(await rolesOn(trx, who, c)).includes('dispatcher')) throw errors.denied('Callbacks are made by the community or street where the case lies');
    if (!rectification.rectified_at) throw new AppError('cases.not_rectified', `${rectification.unit_name} has not reported its rectification yet`, 409);
    if (rectification.callback_at) throw new AppError('cases.already_called_back', 'The reporter has already been called back', 409);
    await ratings.updateRectification(trx, rectification.id, { callback_at: now, callback_by: who.actor.name, callback_note: input.note, callback_satisfied: input.satisfied });
    await repo.closeDeadlines(trx, c.id, ['rectification'], now, 'met', rectification.id);
    return { note: input.note, role: 'dispatcher', details: { satisfied: input.satisfied } };
  });
}

type RectificationWork = (work: {
  trx: repo.Db;
  who: Acting;
  c: repo.CaseRow;
  rectification: NonNullable<Awaited<ReturnType<typeof ratings.lockRectification>>>;
  now: Date;
}) => Promise<{ note: string; role: string; details?: Record<string, unknown> }>;

async function onRectification(deps: Deps, ctx: RequestContext, caseId: string, rectificationId: string, action: string, work: RectificationWork) {
  const scope = await authorize(deps, ctx, { permission: 'case.handle', action: `case.${action}`, target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      const c = await lockVisibleCase(trx, scope, caseId, action);
      const rectification = await ratings.lockRectification(trx, c.id, rectificationId);
      if (!rectification) throw errors.notFound('rectification', rectificationId);
      const now = deps.clock.now();
      const done = await work({ trx, who, c, rectification, now });
      await repo.refreshNextDue(trx, c.id);
      await repo.updateCase(trx, c.id, { updated_at: now });
      await recordEvent(trx, deps.clock, who, c.id, { action, role: done.role, note: done.note, details: { rectificationId: rectification.id, ...done.details } });
      return { rectificationId: rectification.id };
    }),
  );
}
