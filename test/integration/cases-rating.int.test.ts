// 好差评: the reporter rates a handled case on five levels with the standard
// sub-indicators and says whether it is solved; a negative rating opens a
// rectification on the unit, on its own clock, closed by a callback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { sweepCases } from '../../src/modules/cases/sweep.js';
import { act, actAsReporter, CODES, detail, extraLogin, handled, ok, report } from './cases-fixtures.js';

describe.skipIf(!backendAvailable())('rating and rectification', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let department: Caller;
  let market: Caller;
  let grid: Caller;
  let people: { resident: Caller; community: Caller; department: Caller };

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, department, grid] = await Promise.all(['resident', 'community', 'department', 'grid'].map((u) => t.login(u)));
    market = await extraLogin(t, 'market', 'department_staff', CODES.district, 'XH-SJ');
    people = { resident, community, department };
  });
  afterAll(() => t?.close());

  it('takes one rating per reporter and round, with the online sub-indicators', async () => {
    const created = await report(resident);
    const early = await resident.post(`/api/v1/my/cases/${created.id}/rating`, { overall: 5, solved: true, contacted: true });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('cases.not_ratable');

    const done = await handled(people);
    const wrongIndicator = await resident.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 5, solved: true, contacted: true, indicators: { attitude: 5 } });
    expect(wrongIndicator.statusCode).toBe(400);
    expect(wrongIndicator.json().error.details.issues[0].path).toBe('indicators.attitude');
    const rated = ok(
      await resident.post(`/api/v1/my/cases/${done.id}/rating`, {
        overall: 4,
        solved: true,
        contacted: true,
        indicators: { efficiency: 5, guideAccuracy: 4, convenience: 4, usability: 3 },
        comment: '处理及时',
      }),
      201,
    );
    expect(rated.rectificationId).toBeNull();
    expect((await resident.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 5, solved: true, contacted: true })).statusCode).toBe(409);
    const c = await detail(community, done.id);
    expect(c.ratings).toEqual([
      expect.objectContaining({ round: 0, source: 'reporter', mode: 'online', overall: 4, solved: true, contacted: true, unitName: '西湖区城市管理局', comment: '处理及时' }),
    ]);
    expect(ok(await resident.get(`/api/v1/my/cases/${done.id}`)).availableActions).not.toContain('rate');
    // Another resident cannot rate someone else's case.
    const other = await extraLogin(t, 'resident-other', 'resident', CODES.shangbao);
    expect((await other.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 1, solved: false, contacted: false })).statusCode).toBe(404);
  });

  it('opens a rectification on a negative rating, on its own clock, closed only by a callback', async () => {
    const done = await handled(people);
    const rated = ok(await resident.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 2, solved: false, contacted: true, comment: '只扫了一半' }), 201);
    expect(rated.rectificationId).not.toBeNull();
    let c = await detail(community, done.id);
    expect(c.rectifications).toEqual([
      expect.objectContaining({ id: rated.rectificationId, unitName: '西湖区城市管理局', rectifiedAt: null, callbackAt: null }),
    ]);
    // Five working days from Monday.
    expect(c.rectifications[0].dueAt).toBe(new Date('2026-12-07T10:00:00+08:00').toISOString());
    expect(c.deadlines.find((d: { stage: string }) => d.stage === 'rectification')).toMatchObject({ unitName: '西湖区城市管理局', outcome: null });
    expect(c.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['rate', 'rectification_open']));

    const url = `/api/v1/cases/${done.id}/rectifications/${rated.rectificationId}`;
    expect((await community.post(`${url}/callback`, { note: '已回访', satisfied: true })).statusCode).toBe(409);
    expect((await market.post(`${url}/rectify`, { note: 'x' })).statusCode).toBe(404);
    expect((await community.post(`${url}/rectify`, { note: 'x' })).statusCode).toBe(403);
    ok(await department.post(`${url}/rectify`, { note: '已组织二次清扫并加密巡查' }));
    expect((await department.post(`${url}/rectify`, { note: 'again' })).statusCode).toBe(409);
    expect((await department.post(`${url}/callback`, { note: '自己回访', satisfied: true })).statusCode).toBe(403);
    ok(await community.post(`${url}/callback`, { note: '电话回访，居民表示满意', satisfied: true }));
    c = await detail(community, done.id);
    expect(c.rectifications[0]).toMatchObject({ rectificationNote: '已组织二次清扫并加密巡查', callbackSatisfied: true, callbackBy: 'community' });
    expect(c.deadlines.find((d: { stage: string }) => d.stage === 'rectification')).toMatchObject({ outcome: 'met' });
  });

  it('escalates a rectification left undone past its limit', async () => {
    const done = await handled(people);
    const rated = ok(await resident.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 1, solved: false, contacted: false }), 201);
    // Due Monday 7 December 10:00; half an hour later it has climbed to the community.
    const report = await sweepCases({ db: t.database.db }, { now: new Date('2026-12-07T10:30:00+08:00') });
    expect(report.escalations).toBeGreaterThan(0);
    const c = await detail(community, done.id);
    expect(c.escalations.filter((e: { stage: string }) => e.stage === 'rectification').map((e: { level: number }) => e.level)).toEqual([1]);
    expect(c.rectifications[0].id).toBe(rated.rectificationId);
  });

  it('records a hotline caller’s rating on a callback, with the offline sub-indicators', async () => {
    const created = await report(community, { channel: 'hotline', reporter: { name: '李四', phone: '13700000000' } });
    await act(community, created.id, { action: 'register' });
    await act(community, created.id, { action: 'dispatch' });
    await act(department, created.id, { action: 'sign_for' });
    await act(department, created.id, { action: 'start' });
    await act(department, created.id, { action: 'handle', result: '已清理' });
    const [reporter] = ok(await community.get(`/api/v1/cases/${created.id}/reporters`, 'case_handling')).items;
    const body = { reporterId: reporter.id, overall: 5, solved: true, contacted: true, indicators: { efficiency: 5, skill: 5, attitude: 5 } };
    expect((await department.post(`/api/v1/cases/${created.id}/ratings`, body)).statusCode).toBe(403);
    expect((await community.post(`/api/v1/cases/${created.id}/ratings`, { ...body, reporterId: '00000000-0000-0000-0000-000000000000' })).statusCode).toBe(400);
    ok(await community.post(`/api/v1/cases/${created.id}/ratings`, body), 201);
    expect((await detail(community, created.id)).ratings[0]).toMatchObject({ source: 'callback', mode: 'offline', indicators: { efficiency: 5, skill: 5, attitude: 5 } });
  });

  it('does not take ratings of patrol findings', async () => {
    const created = await handled({ ...people, resident: grid }, { channel: 'patrol' });
    const response = await community.post(`/api/v1/cases/${created.id}/ratings`, {
      reporterId: (await detail(community, created.id)).reporters[0].id,
      overall: 5,
      solved: true,
      contacted: true,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('cases.not_ratable');
  });

  it('takes a new rating after the reporter reopens the case', async () => {
    const done = await handled(people);
    ok(await resident.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 3, solved: false, contacted: true }), 201);
    await actAsReporter(resident, done.id, { action: 'confirm' });
    await act(community, done.id, { action: 'close' });
    await actAsReporter(resident, done.id, { action: 'reopen', reason: '没有真正解决' });
    await act(department, done.id, { action: 'sign_for' });
    await act(department, done.id, { action: 'start' });
    await act(department, done.id, { action: 'handle', result: '彻底解决' });
    ok(await resident.post(`/api/v1/my/cases/${done.id}/rating`, { overall: 5, solved: true, contacted: true }), 201);
    expect((await detail(community, done.id)).ratings.map((r: { round: number; overall: number }) => [r.round, r.overall])).toEqual([
      [0, 3],
      [1, 5],
    ]);
  });
});
