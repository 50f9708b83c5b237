// The case workflow through the API, with the people who really act: every
// transition allowed for the right person in the right state, refused
// otherwise (409 wrong state, 403 wrong role, 404 not visible), each atomic,
// on the timeline and in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { act, actAsReporter, CODES, detail, dispatched, extraLogin, handled, ok, PLACES, report } from './cases-fixtures.js';

describe.skipIf(!backendAvailable())('case workflow', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let community2: Caller;
  let street: Caller;
  let grid: Caller;
  let department: Caller;
  let market: Caller;
  let people: { resident: Caller; community: Caller; department: Caller };

  /** Sessions last 12 hours: after moving the clock further, everyone logs in again. */
  async function later(ms: number) {
    t.clock.advance(ms);
    [resident, community, community2, street, grid, department, market] = await Promise.all(
      ['resident', 'community', 'community2', 'street', 'grid', 'department', 'market'].map((u) => t.login(u)),
    );
    people = { resident, community, department };
  }

  beforeAll(async () => {
    t = await createTestApp();
    await extraLogin(t, 'market', 'department_staff', CODES.district, 'XH-SJ');
    await later(0);
  });
  afterAll(() => t?.close());

  const auditActions = async (caseId: string, outcome: 'allowed' | 'denied' = 'allowed') =>
    (
      await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where(sql<boolean>`${caseId} = ANY(target_ids)`)
        .where('outcome', '=', outcome)
        .orderBy('id')
        .execute()
    ).map((r) => r.action);

  it('runs the whole flow, each step on the timeline with actor and time, and in the audit log', async () => {
    const created = await report(resident);
    expect(created.unit.name).toBe('西湖区城市管理局');
    await act(community, created.id, { action: 'register', note: '符合立案条件' });
    t.clock.advance(10 * 60_000);
    await act(community, created.id, { action: 'dispatch' });
    await act(department, created.id, { action: 'sign_for' });
    await act(department, created.id, { action: 'start' });
    await act(department, created.id, { action: 'handle', result: '已清运' });
    await act(grid, created.id, { action: 'verify', note: '现场已干净' });
    const closed = await act(community, created.id, { action: 'close' });
    expect(closed.status).toBe('closed');

    const c = await detail(community, created.id);
    expect(c.timeline.map((e: { action: string; toStatus: string }) => `${e.action}→${e.toStatus}`)).toEqual([
      'submit→submitted',
      'register→registered',
      'dispatch→dispatched',
      'sign_for→signed_for',
      'start→in_progress',
      'handle→handled',
      'verify→verified',
      'close→closed',
    ]);
    expect(c.timeline.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['resident', 'community', 'community', 'department', 'department', 'department', 'grid', 'community']);
    expect(c.timeline[2].at).toBe(new Date(Date.parse(c.timeline[1].at) + 10 * 60_000).toISOString());
    expect(c.result).toBe('已清运');
    expect(c.times.closedAt).not.toBeNull();
    // Every clock was stopped by the step that satisfied it.
    expect(c.deadlines.map((d: { stage: string; outcome: string }) => `${d.stage}:${d.outcome}`).sort()).toEqual(['handle:met', 'register:met', 'sign_for:met', 'verify:met']);
    expect(c.nextDueAt).toBeNull();
    expect(await auditActions(created.id)).toEqual(['case.submit', 'case.register', 'case.dispatch', 'case.sign_for', 'case.start', 'case.handle', 'case.verify', 'case.close']);
  });

  it('refuses an action in the wrong state with 409 and changes nothing', async () => {
    const created = await report(resident);
    const before = await detail(community, created.id);
    const response = await community.post(`/api/v1/cases/${created.id}/transitions`, { action: 'close' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'cases.transition_not_allowed', details: { status: 'submitted', allowedIn: ['verified'] } });
    const after = await detail(community, created.id);
    expect(after.status).toBe('submitted');
    expect(after.timeline).toEqual(before.timeline);
  });

  it('refuses an action by the wrong person with 403, and audits the refusal', async () => {
    const created = await report(resident);
    // The reporter, the grid worker and the department may not register; only the dispatcher (community or street).
    for (const caller of [resident, grid, department]) {
      const response = await caller.post(`/api/v1/cases/${created.id}/transitions`, { action: 'register' });
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json().error.code).toMatch(/^(cases\.not_your_role|access\.denied)$/);
    }
    await act(community, created.id, { action: 'register' });
    await act(street, created.id, { action: 'dispatch' });
    // Only the responsible unit signs for it.
    for (const caller of [community, street, grid, market]) {
      const response = await caller.post(`/api/v1/cases/${created.id}/transitions`, { action: 'sign_for' });
      expect([403, 404], `${response.body}`).toContain(response.statusCode);
    }
    expect((await auditActions(created.id, 'denied')).filter((a) => a === 'case.register' || a === 'case.sign_for').length).toBeGreaterThanOrEqual(6);
  });

  it('answers staff of another community as if the case did not exist', async () => {
    const created = await report(resident);
    expect((await community2.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(404);
    const response = await community2.post(`/api/v1/cases/${created.id}/transitions`, { action: 'register' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('case.not_found');
    expect(await auditActions(created.id, 'denied')).toContain('case.register');
  });

  it('declines a case with a reason and stops its clocks', async () => {
    const created = await report(resident, { description: '与本平台无关的咨询' });
    await act(community, created.id, { action: 'decline', reason: '不属于受理范围，已告知拨打 12315' });
    const c = await detail(community, created.id);
    expect(c.status).toBe('not_registered');
    expect(c.declineReason).toBe('不属于受理范围，已告知拨打 12315');
    expect(c.deadlines.every((d: { metAt: string | null }) => d.metAt !== null)).toBe(true);
    expect(c.availableActions).toEqual([]);
    const mine = ok(await resident.get(`/api/v1/my/cases/${created.id}`));
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'decline', note: '不属于受理范围，已告知拨打 12315' });
  });

  it('merges a duplicate: its reporter follows the case, sees it and may rate it', async () => {
    const neighbour = await extraLogin(t, 'resident2', 'resident', CODES.shangbao);
    const first = await report(resident, { location: PLACES.shangbaoGrid3, description: '三号楼旁垃圾' });
    const second = await report(neighbour, { location: { lon: PLACES.shangbaoGrid3.lon + 0.0002, lat: PLACES.shangbaoGrid3.lat }, description: '又看到那堆垃圾' });
    expect(second.possibleDuplicates.map((d) => d.id)).toContain(first.id);
    await act(community, second.id, { action: 'merge', intoCaseId: first.id });
    expect((await detail(community, second.id)).mergedInto).toEqual({ id: first.id, number: first.number });
    const merged = await detail(community, first.id);
    expect(merged.reporters).toHaveLength(2);
    expect(merged.timeline.at(-1)).toMatchObject({ action: 'merge_in', note: `合并了重复案件 ${second.number}` });
    // Both reporters follow the surviving case.
    expect(ok(await neighbour.get(`/api/v1/my/cases/${first.id}`)).number).toBe(first.number);
    await act(community, first.id, { action: 'register' });
    await act(community, first.id, { action: 'dispatch' });
    await act(department, first.id, { action: 'sign_for' });
    await act(department, first.id, { action: 'start' });
    await act(department, first.id, { action: 'handle', result: '已清运' });
    for (const who of [resident, neighbour]) {
      ok(await who.post(`/api/v1/my/cases/${first.id}/rating`, { overall: 5, solved: true, contacted: true }), 201);
    }
    // A merged case cannot be merged again, nor into a finished case.
    const again = await community.post(`/api/v1/cases/${second.id}/transitions`, { action: 'merge', intoCaseId: first.id });
    expect(again.statusCode).toBe(409);
  });

  it('refuses to merge into a finished case and leaves no trace', async () => {
    const target = await report(resident);
    await act(community, target.id, { action: 'decline', reason: '重复' });
    const created = await report(resident);
    const before = await detail(community, created.id);
    const response = await community.post(`/api/v1/cases/${created.id}/transitions`, { action: 'merge', intoCaseId: target.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].path).toBe('intoCaseId');
    const after = await detail(community, created.id);
    expect(after.status).toBe('submitted');
    expect(after.timeline).toEqual(before.timeline);
    expect(after.reporters).toEqual(before.reporters);
  });

  it('lets a unit return a case; the level above reassigns it to another unit', async () => {
    const created = await dispatched(people);
    await act(department, created.id, { action: 'return', reason: '属于市场监管职责' });
    let c = await detail(street, created.id);
    expect(c.status).toBe('returned');
    expect(c.counts.returns).toBe(1);
    expect(c.deadlines.find((d: { stage: string; metAt: string | null }) => d.stage === 'return_decision' && d.metAt === null).unitName).toBe('北山街道');
    // The community is not above the unit; the street is.
    const refused = await community.post(`/api/v1/cases/${created.id}/transitions`, { action: 'reassign', unit: { departmentCode: 'XH-SJ' }, reason: '转市场监管' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'cases.not_your_role', details: { allowedRoles: ['supervisor'] } });
    // Reassigning to the same unit is a send-back, not a reassignment.
    expect((await street.post(`/api/v1/cases/${created.id}/transitions`, { action: 'reassign', unit: { departmentCode: 'XH-CG' }, reason: 'x' })).statusCode).toBe(400);
    await act(street, created.id, { action: 'reassign', unit: { departmentCode: 'XH-SJ' }, reason: '转市场监管' });
    c = await detail(street, created.id);
    expect(c).toMatchObject({ status: 'dispatched', unit: { kind: 'department', name: '西湖区市场监督管理局' } });
    // The old unit no longer sees it; the new one signs for it.
    expect((await department.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(404);
    await act(market, created.id, { action: 'sign_for' });
  });

  it('lets the level above send a return back to the same unit', async () => {
    const created = await dispatched(people);
    await act(department, created.id, { action: 'sign_for' });
    await act(department, created.id, { action: 'return', reason: '非本部门职责' });
    await act(street, created.id, { action: 'send_back', reason: '暴露垃圾属城管职责，请继续办理' });
    const c = await detail(department, created.id);
    expect(c).toMatchObject({ status: 'dispatched', unit: { name: '西湖区城市管理局' }, counts: { returns: 1 } });
    expect(c.timeline.filter((e: { public: boolean; action: string }) => ['return', 'send_back'].includes(e.action)).every((e: { public: boolean }) => !e.public)).toBe(true);
    const open = c.deadlines.filter((d: { metAt: string | null }) => d.metAt === null).map((d: { stage: string }) => d.stage);
    expect(open.sort()).toEqual(['handle', 'sign_for']);
  });

  it('dispatches to another unit than the list names only with a reason', async () => {
    const created = await report(resident);
    await act(community, created.id, { action: 'register' });
    const noReason = await community.post(`/api/v1/cases/${created.id}/transitions`, { action: 'dispatch', unit: { jurisdictionCode: CODES.shangbao } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.issues[0].path).toBe('reason');
    await act(community, created.id, { action: 'dispatch', unit: { jurisdictionCode: CODES.shangbao }, reason: '小区内部道路，由社区组织物业清理' });
    const c = await detail(community, created.id);
    expect(c.unit).toMatchObject({ kind: 'community', jurisdictionCode: CODES.shangbao, name: '上保社区' });
    expect(c.myRoles).toEqual(expect.arrayContaining(['dispatcher', 'assignee', 'verifier']));
    await act(community, created.id, { action: 'sign_for' });
  });

  it('suspends a case only when the unit asks and the level above approves, pausing the handling clock', async () => {
    const created = await dispatched(people);
    await act(department, created.id, { action: 'sign_for' });
    await act(department, created.id, { action: 'start' });
    expect((await street.post(`/api/v1/cases/${created.id}/transitions`, { action: 'approve_suspension' })).statusCode).toBe(409);
    await act(department, created.id, { action: 'request_suspension', reason: '需等待产权单位确认' });
    expect((await department.post(`/api/v1/cases/${created.id}/transitions`, { action: 'request_suspension', reason: 'again' })).statusCode).toBe(409);
    expect((await department.post(`/api/v1/cases/${created.id}/transitions`, { action: 'approve_suspension' })).statusCode).toBe(403);
    await act(street, created.id, { action: 'reject_suspension', reason: '请先联系物业' });
    expect((await detail(street, created.id)).suspensionRequest).toBeNull();

    await act(department, created.id, { action: 'request_suspension', reason: '需等待产权单位确认' });
    t.clock.advance(60 * 60_000);
    const beforeSuspend = await detail(street, created.id);
    const handleDue = Date.parse(beforeSuspend.deadlines.find((d: { stage: string; metAt: string | null }) => d.stage === 'handle' && !d.metAt).dueAt);
    await act(street, created.id, { action: 'approve_suspension', note: '同意挂账' });
    let c = await detail(street, created.id);
    expect(c.status).toBe('suspended');
    expect(c.nextDueAt).toBeNull();
    const remaining = c.timeline.at(-1).details.remainingMinutes as number;
    expect(remaining).toBeGreaterThan(0);

    // Two days later the case resumes with the time that was left.
    await later(2 * 86_400_000);
    await act(department, created.id, { action: 'resume' });
    c = await detail(street, created.id);
    expect(c.status).toBe('in_progress');
    const resumed = c.deadlines.find((d: { stage: string; metAt: string | null }) => d.stage === 'handle' && !d.metAt);
    expect(resumed.limit).toMatchObject({ minutes: remaining });
    expect(Date.parse(resumed.dueAt)).toBeGreaterThan(handleDue);
  });

  it('sends poor handling back: the verifier or the reporter rejects it and the unit handles it again', async () => {
    const created = await handled(people);
    await act(grid, created.id, { action: 'reject_handling', reason: '现场仍有垃圾' });
    let c = await detail(community, created.id);
    expect(c).toMatchObject({ status: 'in_progress', counts: { reworks: 1 } });
    expect(c.times.handledAt).toBeNull();
    await act(department, created.id, { action: 'handle', result: '已彻底清理' });
    await actAsReporter(resident, created.id, { action: 'reject_handling', reason: '还是没清干净' });
    c = await detail(community, created.id);
    expect(c.counts.reworks).toBe(2);
  });

  it('lets the reporter confirm, and reopen within the window but not after', async () => {
    const created = await handled(people);
    expect(ok(await resident.get(`/api/v1/my/cases/${created.id}`)).availableActions).toEqual(['confirm', 'reject_handling', 'rate']);
    await actAsReporter(resident, created.id, { action: 'confirm' });
    await act(community, created.id, { action: 'close' });
    await later(3 * 86_400_000);
    const mine = ok(await resident.get(`/api/v1/my/cases/${created.id}`));
    expect(mine.availableActions).toContain('reopen');
    await actAsReporter(resident, created.id, { action: 'reopen', reason: '垃圾又堆起来了' });
    let c = await detail(community, created.id);
    expect(c).toMatchObject({ status: 'dispatched', counts: { reopens: 1 }, unit: { name: '西湖区城市管理局' } });
    expect(c.times.closedAt).toBeNull();

    await act(department, created.id, { action: 'sign_for' });
    await act(department, created.id, { action: 'start' });
    await act(department, created.id, { action: 'handle', result: '再次清理' });
    await act(grid, created.id, { action: 'verify' });
    await act(community, created.id, { action: 'close' });
    await later(8 * 86_400_000);
    expect(ok(await resident.get(`/api/v1/my/cases/${created.id}`)).availableActions).not.toContain('reopen');
    const late = await resident.post(`/api/v1/my/cases/${created.id}/transitions`, { action: 'reopen', reason: '又脏了' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('cases.reopen_window_passed');
    c = await detail(community, created.id);
    expect(c.status).toBe('closed');
  });

  it('offers a reporter only the reporter’s actions, and only on their own case', async () => {
    const created = await report(resident);
    const response = await resident.post(`/api/v1/my/cases/${created.id}/transitions`, { action: 'register' });
    expect(response.statusCode).toBe(400);
    const neighbourCase = await report(community, { channel: 'hotline', reporter: { name: '张三', phone: '13800000000' } });
    expect((await resident.post(`/api/v1/my/cases/${neighbourCase.id}/transitions`, { action: 'confirm' })).statusCode).toBe(404);
    expect((await resident.get(`/api/v1/my/cases/${neighbourCase.id}`)).statusCode).toBe(404);
  });

  it('lets exactly one of two simultaneous sign-fors through', async () => {
    const created = await dispatched(people);
    const results = await Promise.all([0, 1].map(() => department.post(`/api/v1/cases/${created.id}/transitions`, { action: 'sign_for' })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const c = await detail(department, created.id);
    expect(c.timeline.filter((e: { action: string }) => e.action === 'sign_for')).toHaveLength(1);
  });
});
