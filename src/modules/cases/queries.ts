/**
 * Reading cases. Staff see the cases in their jurisdiction (department staff:
 * their department's cases and those they were summoned on), with the whole
 * timeline; reporters' identities only through an audited read with the
 * case_handling purpose. Residents see their own reports with the public
 * timeline. Every list is filtered and paged in SQL.
 */
import { authorize, pathWithin, recordRead, ROLE_PERMISSIONS, type Actor, type Permission, type RequestContext, type Role } from '../../kernel/access/access.js';
import { maskName } from '../../lib/masking.js';
import type { AppDeps } from '../../app-deps.js';
import { jurisdictionLineage } from '../org/service.js';
import { acting } from './audit.js';
import { auditingRefusals, CaseRefusal, caseNotFound, visibleCase } from './case-access.js';
import * as repo from './case-repo.js';
import { loadSettings } from './case-settings.js';
import { calendarFor } from './calendars.js';
import * as configRepo from './config-repo.js';
import { addLimit } from './deadlines.js';
import { FINISHED_STATUSES, type CaseStatus, type Channel } from './model.js';
import { staffOfDepartment, staffOfUnit } from './policy.js';
import * as ratings from './rating-repo.js';
import * as proposals from './rule-proposal-repo.js';
import { rolesOn } from './transitions.js';
import * as whistles from './whistle-repo.js';
import { availableActions, type CaseAction, type CaseRole } from './workflow.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface CaseListQuery {
  status?: CaseStatus[];
  categoryCode?: string;
  channel?: Channel;
  jurisdictionCode?: string;
  /** Only cases my own unit is responsible for (the inbox). */
  mine?: boolean;
  /** Only cases my department was summoned on by a whistle (the department's 吹哨报到 inbox). */
  summoned?: boolean;
  overdue?: boolean;
  escalated?: boolean;
  supervised?: boolean;
  reportedByMe?: boolean;
  q?: string;
  submittedFrom?: Date;
  submittedTo?: Date;
  sort: repo.CaseFilter['sort'];
  limit: number;
  offset: number;
}

export async function listCases(deps: Deps, ctx: RequestContext, query: CaseListQuery) {
  const scope = await authorize(deps, ctx, { permission: 'case.read', action: 'case.list' });
  const grants = scope.actor.grants;
  const filter: repo.CaseFilter = {
    statuses: query.status,
    categoryCodes: query.categoryCode ? await descendantsOf(deps.db, query.categoryCode) : undefined,
    channel: query.channel,
    overdueAt: query.overdue ? deps.clock.now() : undefined,
    escalated: query.escalated,
    supervised: query.supervised,
    reportedByUserId: query.reportedByMe && scope.actor.kind === 'user' ? scope.actor.id : undefined,
    text: query.q,
    submittedFrom: query.submittedFrom,
    submittedTo: query.submittedTo,
    sort: query.sort,
    limit: query.limit,
    offset: query.offset,
  };
  if (query.jurisdictionCode) {
    const place = (await jurisdictionLineage(deps.db, query.jurisdictionCode)).at(-1);
    // An unknown place has no cases; a place outside the scope is cut down by the scope filter.
    filter.placePath = place?.path ?? '__none__';
  }
  if (query.mine) {
    filter.unitDepartmentIds = grants.filter((g) => g.role === 'department_staff' && g.departmentId).map((g) => g.departmentId!);
    filter.unitJurisdictionCodes = grants.filter((g) => g.role === 'community_staff' || g.role === 'street_staff').map((g) => g.jurisdictionCode);
  }
  if (query.summoned) filter.summonedDepartmentIds = grants.filter((g) => g.role === 'department_staff' && g.departmentId).map((g) => g.departmentId!);
  const now = deps.clock.now();
  const { items, total } = await repo.listCases(deps.db, repo.visibleIn(scope), filter);
  const clocks = new Map((await repo.nextDeadlinesOf(deps.db, items.map((row) => row.id))).map((d) => [d.case_id, d]));
  return {
    items: items.map((row) => ({ ...presentListItem(row, now), nextDeadline: presentNextDeadline(clocks.get(row.id), now) })),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}

/** The stage whose limit comes next, and whether it is past its warning point or overdue: an inbox row's countdown. */
function presentNextDeadline(d: Awaited<ReturnType<typeof repo.nextDeadlinesOf>>[number] | undefined, now: Date) {
  if (!d) return null;
  return {
    stage: d.stage,
    unitName: d.unit_name,
    limit: d.limit_spec,
    dueAt: d.due_at.toISOString(),
    warnAt: d.warn_at.toISOString(),
    state: d.due_at < now ? ('overdue' as const) : d.warn_at <= now ? ('warning' as const) : ('on_time' as const),
  };
}

/** Cases on a map: id, category, status and point, in the caller's view; at most `limit`, saying when more were left out. */
export async function caseMap(
  deps: Deps,
  ctx: RequestContext,
  query: { from: Date; to: Date; jurisdictionCode?: string; categoryCode?: string; status?: CaseStatus[]; limit: number },
) {
  const scope = await authorize(deps, ctx, { permission: 'case.read', action: 'case.map' });
  const filter: Parameters<typeof repo.casePoints>[2] = {
    submittedFrom: query.from,
    submittedTo: query.to,
    statuses: query.status,
    categoryCodes: query.categoryCode ? await descendantsOf(deps.db, query.categoryCode) : undefined,
  };
  if (query.jurisdictionCode) filter.placePath = (await jurisdictionLineage(deps.db, query.jurisdictionCode)).at(-1)?.path ?? '__none__';
  const rows = await repo.casePoints(deps.db, repo.visibleIn(scope), filter, query.limit + 1);
  const truncated = rows.length > query.limit;
  return {
    fields: ['id', 'categoryCode', 'status', 'lon', 'lat'] as ['id', 'categoryCode', 'status', 'lon', 'lat'],
    items: rows.slice(0, query.limit).map((r) => [r.id, r.category_code, r.status, r.lon!, r.lat!] as [string, string, string, number, number]),
    truncated,
  };
}

function presentListItem(row: repo.CaseListRow, now: Date) {
  return {
    id: row.id,
    number: row.number,
    category: { code: row.category_code, name: row.category_name },
    summary: excerpt(row.description),
    status: row.status as CaseStatus,
    channel: row.channel as Channel,
    location: row.lon === null || row.lat === null ? null : { lon: row.lon, lat: row.lat },
    address: row.address,
    place: { gridCode: row.grid_code, communityCode: row.community_code, communityName: row.community_name, streetCode: row.street_code },
    unit: row.unit_kind ? { kind: row.unit_kind, name: row.unit_name ?? '' } : null,
    nextDueAt: iso(row.next_due_at),
    overdue: row.next_due_at !== null && row.next_due_at < now,
    escalationLevel: row.escalation_level,
    supervised: row.supervised_at !== null,
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A case with everything a handler needs: place, routing, clocks, timeline, attachments, whistles, ratings. */
export async function getCase(deps: Deps, ctx: RequestContext, caseId: string) {
  const scope = await authorize(deps, ctx, { permission: 'case.read', action: 'case.get', target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  const c = await auditingRefusals(deps.db, deps.clock, who, () => visibleCase(deps.db, scope, caseId, 'get'));
  const now = deps.clock.now();
  // One connection for the whole page: a single request must not take the pool.
  const [category, place, timeline, deadlines, attachments, reporters, whistleRows, summons, ratingRows, rectifications, supervisions, escalations, roles, merged, openProposal] =
    await deps.db.connection().execute((db) =>
      Promise.all([
        configRepo.findCategory(db, c.category_code),
        jurisdictionLineage(db, c.jurisdiction_path.split('.').at(-1)!),
        repo.timelineOf(db, c.id, { publicOnly: false }),
        repo.deadlinesOf(db, c.id),
        repo.attachmentsOf(db, c.id),
        repo.reportersOf(db, c.id),
        whistles.whistlesOf(db, c.id),
        whistles.summonsOf(db, c.id),
        ratings.ratingsOf(db, c.id),
        ratings.rectificationsOf(db, c.id),
        repo.supervisionsOf(db, c.id),
        repo.escalationsOf(db, c.id),
        rolesOn(db, who, c),
        c.merged_into ? repo.findCase(db, c.merged_into) : Promise.resolve(undefined),
        proposals.openProposalOf(db, c.id),
      ]),
    );
  const finished = FINISHED_STATUSES.includes(c.status as CaseStatus);
  const routing = c.routing as { ruleId: string | null; ruleKey: string | null; ruleVersion: number | null; hub: boolean; outranked: unknown[] };
  const named = (level: string) => place.find((j) => j.level === level) ?? null;
  const jurisdictionRef = (j: { code: string; name: string } | null) => (j ? { code: j.code, name: j.name } : null);
  return {
    id: c.id,
    number: c.number,
    category: { code: c.category_code, name: category?.name ?? c.category_code },
    description: c.description,
    attributes: c.attributes,
    channel: c.channel as Channel,
    status: c.status as CaseStatus,
    location: c.lon === null || c.lat === null ? null : { lon: c.lon, lat: c.lat },
    address: c.address,
    place: { grid: jurisdictionRef(named('grid')), community: jurisdictionRef(named('community')), street: jurisdictionRef(named('street')), hubCode: c.hub_code },
    unit: c.unit_kind ? { kind: c.unit_kind, departmentId: c.unit_department_id, jurisdictionCode: c.unit_jurisdiction_code, name: c.unit_name ?? '' } : null,
    routing: { ruleId: routing.ruleId, ruleKey: routing.ruleKey, ruleVersion: routing.ruleVersion, hub: routing.hub, outranked: routing.outranked, explanation: c.routing_explanation, openProposalId: openProposal?.id ?? null },
    limits: c.limits,
    result: c.result,
    declineReason: c.decline_reason,
    mergedInto: merged ? { id: merged.id, number: merged.number } : null,
    suspensionRequest: c.suspension_requested as { reason: string; by: string; at: string } | null,
    counts: { returns: c.return_count, reopens: c.reopen_count, reworks: c.rework_count },
    escalationLevel: c.escalation_level,
    supervisedAt: iso(c.supervised_at),
    nextDueAt: iso(c.next_due_at),
    overdue: c.next_due_at !== null && c.next_due_at < now,
    ratingInvitedAt: iso(c.rating_invited_at),
    mediaUrl: c.media_url,
    // Staff see that someone reported, masked; who exactly is an audited read (GET …/reporters).
    reporters: reporters.map((r) => ({ id: r.id, name: r.name ? maskName(r.name) : null, registered: r.user_id !== null, viaCaseId: r.via_case_id })),
    times: {
      submittedAt: c.submitted_at.toISOString(),
      registeredAt: iso(c.registered_at),
      dispatchedAt: iso(c.dispatched_at),
      signedForAt: iso(c.signed_for_at),
      handledAt: iso(c.handled_at),
      verifiedAt: iso(c.verified_at),
      closedAt: iso(c.closed_at),
      updatedAt: c.updated_at.toISOString(),
    },
    deadlines: deadlines.map((d) => ({
      id: d.id,
      stage: d.stage,
      unitName: d.unit_name,
      limit: d.limit_spec,
      startedAt: d.started_at.toISOString(),
      dueAt: d.due_at.toISOString(),
      warnAt: d.warn_at.toISOString(),
      warnedAt: iso(d.warned_at),
      metAt: iso(d.met_at),
      outcome: d.outcome,
      overdue: d.met_at === null ? d.due_at < now : d.met_at > d.due_at,
      escalationLevel: d.escalation_level,
    })),
    escalations: escalations.map((e) => ({ id: e.id, stage: e.stage, level: e.level, toJurisdictionCode: e.to_jurisdiction_code, at: e.at.toISOString() })),
    supervisions: supervisions.map((s) => ({ id: s.id, issuedBy: s.issued_by, issuedAt: s.issued_at.toISOString(), note: s.note, automatic: s.escalation_id !== null })),
    timeline: timeline.map(presentEvent),
    attachments: attachments.map(presentAttachment(`/api/v1/cases/${c.id}`)),
    whistles: whistleRows.map((w) => ({
      id: w.id,
      jurisdictionCode: w.jurisdiction_code,
      reason: w.reason,
      blownBy: w.blown_by,
      blownAt: w.blown_at.toISOString(),
      summons: summons
        .filter((s) => s.whistle_id === w.id)
        .map((s) => ({
          id: s.id,
          department: { id: s.department_id, code: s.department_code, name: s.department_name },
          reportDueAt: s.report_due_at.toISOString(),
          reportedAt: iso(s.reported_at),
          reportedOnTime: s.reported_at ? s.reported_at <= s.report_due_at : s.report_due_at >= now ? null : false,
          reportedBy: s.reported_by,
          reportNote: s.report_note,
          actedAt: iso(s.acted_at),
          actedBy: s.acted_by,
          actionNote: s.action_note,
          score: s.score,
          scoreNote: s.score_note,
          scoredAt: iso(s.scored_at),
          scoredBy: s.scored_by,
        })),
    })),
    ratings: ratingRows.map(presentRating),
    rectifications: rectifications.map((r) => ({
      id: r.id,
      ratingId: r.rating_id,
      unitName: r.unit_name,
      openedAt: r.opened_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      rectifiedAt: iso(r.rectified_at),
      rectifiedBy: r.rectified_by,
      rectificationNote: r.rectification_note,
      callbackAt: iso(r.callback_at),
      callbackBy: r.callback_by,
      callbackNote: r.callback_note,
      callbackSatisfied: r.callback_satisfied,
    })),
    myRoles: roles,
    availableActions: availableActions(c.status as CaseStatus, roles),
    // What else the caller may do here, so a UI shows only the buttons that will work.
    can: {
      whistle: !finished && holds(who.actor, 'case.whistle', c.jurisdiction_path, ['street_staff', 'community_staff']),
      supervise: !finished && holds(who.actor, 'case.supervise', c.jurisdiction_path),
      recordCallbackRating: roles.includes('dispatcher'),
      attachEvidence: !finished && roles.includes('assignee'),
      answerSummons: summons.filter((s) => staffOfDepartment(who.actor, s.department_id)).map((s) => s.id),
      rectify: rectifications.filter((r) => !r.rectified_at && staffOfUnit(who.actor, r.unit_key)).map((r) => r.id),
      proposeRule: routing.hub && !openProposal && holds(who.actor, 'case.handle', c.jurisdiction_path, ['street_staff']),
    },
  };
}

/** Whether the actor holds a permission on a grant covering the place (of one of the given roles). */
function holds(actor: Actor, permission: Permission, path: string, roles?: readonly Role[]): boolean {
  return actor.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission) && (!roles || roles.includes(g.role)) && pathWithin([g.jurisdictionPath], path));
}

/** Who reported a case, in clear: personal data, so a purpose is required and the read is audited. */
export async function getReporters(deps: Deps, ctx: RequestContext, caseId: string) {
  const scope = await authorize(deps, ctx, { permission: 'case.read', action: 'case.reporters', needsPurpose: true, target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      // Statistics or emergency work never needs to know who reported a problem.
      if (scope.purpose !== 'case_handling') {
        throw new CaseRefusal(caseId, 'reporters', `purpose ${scope.purpose} is not case_handling`, {
          code: 'access.denied',
          message: 'Who reported a case is shown for case handling only (x-purpose: case_handling)',
          status: 403,
        });
      }
      const c = await visibleCase(trx, scope, caseId, 'reporters');
      const reporters = await repo.reportersOf(trx, c.id);
      await recordRead(trx, deps.clock, ctx, scope, { action: 'case.reporters', targetType: 'case', targetIds: [c.id] });
      return reporters.map((r) => ({
        id: r.id,
        userId: r.user_id,
        name: r.name,
        phone: r.phone,
        email: r.email,
        deviceId: r.device_id,
        accountId: r.account_id,
        viaCaseId: r.via_case_id,
        addedAt: r.added_at.toISOString(),
      }));
    }),
  );
}

// ── a resident's own reports ──────────────────────────────────────────────

export async function listMyCases(deps: Deps, ctx: RequestContext, query: { status?: CaseStatus[]; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'case.read_own', action: 'case.list_own' });
  const now = deps.clock.now();
  const { items, total } = await repo.listCases(deps.db, repo.everywhere, {
    statuses: query.status,
    reportedByUserId: scope.actor.id,
    sort: 'submitted_desc',
    limit: query.limit,
    offset: query.offset,
  });
  // Residents see where their case stands, not the staff's internal clocks.
  return { items: items.map((row) => ({ ...presentListItem(row, now), nextDeadline: null })), total, limit: query.limit, offset: query.offset };
}

export async function getMyCase(deps: Deps, ctx: RequestContext, caseId: string) {
  const scope = await authorize(deps, ctx, { permission: 'case.read_own', action: 'case.get_own', target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  const { c, reporter } = await auditingRefusals(deps.db, deps.clock, who, async () => {
    const found = await repo.findCase(deps.db, caseId);
    const mine = found ? await repo.reporterByUser(deps.db, found.id, scope.actor.id) : undefined;
    if (!found || !mine) throw caseNotFound(caseId, 'get_own');
    return { c: found, reporter: mine };
  });
  const [category, timeline, attachments, ratingRows, settings, calendar, merged] = await deps.db.connection().execute((db) =>
    Promise.all([
      configRepo.findCategory(db, c.category_code),
      repo.timelineOf(db, c.id, { publicOnly: true }),
      repo.attachmentsOf(db, c.id),
      ratings.ratingsOf(db, c.id),
      loadSettings(db),
      calendarFor(db, c.jurisdiction_path),
      c.merged_into ? repo.findCase(db, c.merged_into) : Promise.resolve(undefined),
    ]),
  );
  const myRatings = ratingRows.filter((r) => r.reporter_id === reporter.id);
  const ratedThisRound = myRatings.some((r) => r.round === c.reopen_count);
  const roles: CaseRole[] = ['reporter'];
  const reopenUntil = c.closed_at ? addLimit(c.closed_at, settings.reopenWindow, calendar.calendar) : null;
  const now = deps.clock.now();
  const actions: Array<CaseAction | 'rate'> = availableActions(c.status as CaseStatus, roles).filter((a) => a !== 'reopen' || (reopenUntil !== null && now <= reopenUntil));
  if (['handled', 'verified', 'closed'].includes(c.status) && c.channel !== 'patrol' && !ratedThisRound) actions.push('rate');
  return {
    id: c.id,
    number: c.number,
    category: { code: c.category_code, name: category?.name ?? c.category_code },
    description: c.description,
    status: c.status as CaseStatus,
    location: c.lon === null || c.lat === null ? null : { lon: c.lon, lat: c.lat },
    address: c.address,
    unitName: c.unit_name,
    result: c.result,
    mergedIntoNumber: merged?.number ?? null,
    submittedAt: c.submitted_at.toISOString(),
    handledAt: iso(c.handled_at),
    closedAt: iso(c.closed_at),
    reopenUntil: iso(reopenUntil),
    ratingInvitedAt: iso(c.rating_invited_at),
    // The public record: what happened, never who on the staff did it.
    timeline: timeline.map((e) => ({ id: e.id, at: e.at.toISOString(), action: e.action, fromStatus: e.from_status, toStatus: e.to_status, note: e.note })),
    attachments: attachments.filter((a) => a.purpose === 'report' || a.purpose === 'evidence').map(presentAttachment(`/api/v1/my/cases/${c.id}`)),
    myRatings: myRatings.map(presentRating),
    availableActions: actions,
  };
}

// ── presenting ────────────────────────────────────────────────────────────

function presentEvent(e: Awaited<ReturnType<typeof repo.timelineOf>>[number]) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actor: { kind: e.actor_kind, name: e.actor_name, role: e.actor_role },
    note: e.note,
    public: e.public,
    details: e.details,
  };
}

function presentAttachment(base: string) {
  return (a: Awaited<ReturnType<typeof repo.attachmentsOf>>[number]) => ({
    id: a.id,
    purpose: a.purpose,
    fileName: a.file_name,
    contentType: a.content_type,
    sizeBytes: a.size_bytes,
    sha256: a.sha256,
    uploadedBy: a.uploaded_by,
    uploadedAt: a.uploaded_at.toISOString(),
    position: a.position,
    url: `${base}/attachments/${a.id}`,
  });
}

function presentRating(r: Awaited<ReturnType<typeof ratings.ratingsOf>>[number]) {
  return {
    id: r.id,
    round: r.round,
    source: r.source,
    mode: r.mode,
    overall: r.overall,
    indicators: r.indicators,
    solved: r.solved,
    contacted: r.contacted,
    comment: r.comment,
    unitName: r.unit_name,
    at: r.at.toISOString(),
  };
}

async function descendantsOf(db: repo.Db, categoryCode: string): Promise<string[]> {
  const all = await configRepo.listCategories(db, { includeInactive: true });
  const codes = new Set([categoryCode]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of all) {
      if (c.parent_code && codes.has(c.parent_code) && !codes.has(c.code)) {
        codes.add(c.code);
        grew = true;
      }
    }
  }
  return [...codes];
}

function excerpt(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 119)}…`;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
