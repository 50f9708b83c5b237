// The rates against a fixture computed by hand. Five cases reported in 上保社区
// on Monday 7 December 2026 (working hours 08:30–12:00, 13:30–17:30), assessed
// at Tuesday 8 December 12:00:
//
//   c1 暴露垃圾 → 城管局: signed 09:30 (due 10:00), handled 10:00 (due 14:30), closed; rated 5, solved, contacted
//   c2 暴露垃圾 → 城管局: signed 10:30 (late), handled 15:00 (late), closed; rated 2, not solved, contacted
//   c3 暴露垃圾 → 城管局 returns it at 09:10; the street reassigns it at 09:20 to 市场监管局,
//      which signs 09:40 (due 10:20), handles 11:00 (due 14:50), closed; rated 4, solved, not contacted
//   c4 电梯故障 → 市场监管局: signed 09:30, handled 11:00 (due Tue 09:00), closed 11:05;
//      reopened Tue 10:00, signed 10:30 (due 11:00), handling due Wed 10:00 (not yet counted)
//   c5 施工扰民 (no rule) → 北山街道 as hub: never signed for (due 11:00)
//
//   城管局:   dispatches 3 (c1 c2 c3), returns 1 → return rate 1/3; sign-for 1/2 and completion 1/2
//             (c3's returned clocks are not counted); closures 2, reopens 0; ratings 5 and 2:
//             response 2/2, resolution 1/2, satisfaction 1/2 → composite 30×1 + 35×0.5 + 35×0.5 = 65
//   市场监管局: dispatches 3 (c3, c4, c4 reopened), returns 0; sign-for 3/3, completion 2/2;
//             closures 2, reopens 1 → 1/2; rating 4: response 0/1, resolution 1/1, satisfaction 1/1 → 70
//   北山街道:  1 case, sign-for 0/1 (overdue), no ratings → no composite, not ranked
//   上保社区 (all five): ratings 5, 2, 4 → response 2/3, resolution 2/3, satisfaction 2/3 → 66.67
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { act, actAsReporter, CODES, extraLogin, ok, report } from './cases-fixtures.js';

const at = (local: string) => `${local}+08:00`;

describe.skipIf(!backendAvailable())('assessment: the three rates and the timeliness rates', () => {
  let t: TestApp;
  let leader: Caller;
  let street: Caller;
  let community: Caller;
  let admin: Caller;

  beforeAll(async () => {
    t = await createTestApp({ now: at('2026-12-07T09:00:00') });
    await extraLogin(t, 'market', 'department_staff', CODES.district, 'XH-SJ');
    let resident: Caller, grid: Caller, department: Caller, market: Caller;
    const everyone = async () => {
      [resident, community, street, grid, department, market, leader, admin] = await Promise.all(
        ['resident', 'community', 'street', 'grid', 'department', 'market', 'leader', 'admin'].map((u) => t.login(u)),
      );
    };
    await everyone();
    const when = (local: string) => t.clock.set(at(`2026-12-07T${local}`));
    const start = async (body: Record<string, unknown> = {}) => {
      const created = await report(resident!, body);
      await act(community, created.id, { action: 'register' });
      await act(community, created.id, { action: 'dispatch' });
      return created.id;
    };
    const finish = async (id: string) => {
      await act(grid!, id, { action: 'verify' });
      await act(community, id, { action: 'close' });
    };
    const rate = async (id: string, overall: number, solved: boolean, contacted: boolean) =>
      ok(await resident!.post(`/api/v1/my/cases/${id}/rating`, { overall, solved, contacted }), 201);

    when('09:00:00');
    const c1 = await start();
    const c2 = await start();
    const c3 = await start();
    const c4 = await start({ categoryCode: 'MS0402', attributes: {}, description: '电梯困人' });
    // c5: nobody signs for it.
    await start({ categoryCode: 'SJ0301', attributes: {}, description: '工地夜间施工' });
    when('09:10:00');
    await act(department!, c3, { action: 'return', reason: '涉及无照经营' });
    when('09:20:00');
    await act(street, c3, { action: 'reassign', unit: { departmentCode: 'XH-SJ' }, reason: '转市场监管' });
    when('09:30:00');
    await act(department!, c1, { action: 'sign_for' });
    await act(market!, c4, { action: 'sign_for' });
    when('09:40:00');
    await act(market!, c3, { action: 'sign_for' });
    when('10:00:00');
    await act(department!, c1, { action: 'start' });
    await act(department!, c1, { action: 'handle', result: '已清理' });
    await finish(c1);
    when('10:30:00');
    await act(department!, c2, { action: 'sign_for' });
    when('11:00:00');
    for (const id of [c3, c4]) {
      await act(market!, id, { action: 'start' });
      await act(market!, id, { action: 'handle', result: '已处置' });
    }
    await finish(c3);
    when('11:05:00');
    await finish(c4);
    when('15:00:00');
    await act(department!, c2, { action: 'start' });
    await act(department!, c2, { action: 'handle', result: '已清理' });
    await finish(c2);
    when('15:10:00');
    await rate(c1, 5, true, true);
    await rate(c2, 2, false, true);
    await rate(c3, 4, true, false);

    t.clock.set(at('2026-12-08T10:00:00'));
    await everyone();
    await actAsReporter(resident!, c4, { action: 'reopen', reason: '电梯又坏了' });
    t.clock.set(at('2026-12-08T10:30:00'));
    await act(market!, c4, { action: 'sign_for' });
    t.clock.set(at('2026-12-08T12:00:00'));
    await everyone();
  });
  afterAll(() => t?.close());

  const period = `from=${encodeURIComponent(at('2026-12-01T00:00:00'))}&to=${encodeURIComponent(at('2027-01-01T00:00:00'))}`;
  const rate = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });

  it('computes every rate per unit as defined, with the definitions beside the numbers', async () => {
    ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { minCasesToRank: 2 } }));
    const result = ok(await leader.get(`/api/v1/case-assessment?${period}&groupBy=unit`));
    expect(result.weights).toEqual({ responseRate: 30, resolutionRate: 35, satisfactionRate: 35 });
    expect(result.definitions.satisfactionRate).toMatchObject({ name: '满意率', definition: expect.stringContaining('基本满意') });
    const byName = Object.fromEntries(result.groups.map((g: { name: string }) => [g.name, g]));

    expect(byName['西湖区城市管理局']).toMatchObject({
      cases: 2,
      rates: {
        responseRate: rate(2, 2),
        resolutionRate: rate(1, 2),
        satisfactionRate: rate(1, 2),
        onTimeSignForRate: rate(1, 2),
        onTimeCompletionRate: rate(1, 2),
        returnRate: rate(1, 3),
        reopenRate: rate(0, 2),
      },
      rank: 2,
    });
    expect(byName['西湖区城市管理局'].composite).toBeCloseTo(65, 10);

    expect(byName['西湖区市场监督管理局']).toMatchObject({
      cases: 2,
      rates: {
        responseRate: rate(0, 1),
        resolutionRate: rate(1, 1),
        satisfactionRate: rate(1, 1),
        onTimeSignForRate: rate(3, 3),
        onTimeCompletionRate: rate(2, 2),
        returnRate: rate(0, 3),
        reopenRate: rate(1, 2),
      },
      rank: 1,
    });
    expect(byName['西湖区市场监督管理局'].composite).toBeCloseTo(70, 10);

    expect(byName['北山街道']).toMatchObject({
      cases: 1,
      rates: { onTimeSignForRate: rate(0, 1), onTimeCompletionRate: rate(0, 0), responseRate: rate(0, 0) },
      composite: null,
      rank: null,
    });
    expect(result.groups.map((g: { name: string }) => g.name)).toEqual(['西湖区市场监督管理局', '西湖区城市管理局', '北山街道']);
  });

  // All five cases together: ratings 5, 2, 4; sign-for 1/2 + 3/3 + 0/1; handling 1/2 + 2/2;
  // dispatches 3 + 3 + 1 with one return; closures 2 + 2 with one reopening.
  it('gives the whole selection as one row beside the groups, the same whatever the grouping, never ranked', async () => {
    const overall = {
      cases: 5,
      rates: {
        responseRate: rate(2, 3),
        resolutionRate: rate(2, 3),
        satisfactionRate: rate(2, 3),
        onTimeSignForRate: rate(4, 6),
        onTimeCompletionRate: rate(3, 4),
        returnRate: rate(1, 7),
        reopenRate: rate(1, 4),
      },
    };
    for (const groupBy of ['unit', 'street', 'community']) {
      const result = ok(await leader.get(`/api/v1/case-assessment?${period}&groupBy=${groupBy}`));
      expect(result.overall, groupBy).toMatchObject(overall);
      expect(result.overall.composite).toBeCloseTo(200 / 3, 10);
      expect(result.overall).not.toHaveProperty('rank');
    }
    // A unit's ranking still needs the minimum number of cases.
    const units = ok(await leader.get(`/api/v1/case-assessment?${period}&groupBy=unit`));
    expect(units.groups.find((g: { name: string }) => g.name === '北山街道').rank).toBeNull();
  });

  it('does not rank a unit with fewer cases than the minimum', async () => {
    ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { minCasesToRank: 10 } }));
    const result = ok(await leader.get(`/api/v1/case-assessment?${period}`));
    expect(result.minCasesToRank).toBe(10);
    expect(result.groups.every((g: { rank: number | null }) => g.rank === null)).toBe(true);
  });

  it('assesses a community over all the cases that lie in it, with configurable weights', async () => {
    const result = ok(await community.get(`/api/v1/case-assessment?${period}&groupBy=community`));
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]).toMatchObject({
      key: CODES.shangbao,
      name: '上保社区',
      cases: 5,
      rates: { responseRate: rate(2, 3), resolutionRate: rate(2, 3), satisfactionRate: rate(2, 3) },
    });
    expect(result.groups[0].composite).toBeCloseTo(200 / 3, 10);
    ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { assessmentWeights: { responseRate: 0, resolutionRate: 0, satisfactionRate: 1 } } }));
    try {
      const reweighted = ok(await leader.get(`/api/v1/case-assessment?${period}&groupBy=unit`));
      const byName = Object.fromEntries(reweighted.groups.map((g: { name: string; composite: number }) => [g.name, g.composite]));
      expect(byName['西湖区城市管理局']).toBeCloseTo(50, 10);
      expect(byName['西湖区市场监督管理局']).toBeCloseTo(100, 10);
    } finally {
      ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { assessmentWeights: { responseRate: 30, resolutionRate: 35, satisfactionRate: 35 } } }));
    }
  });

  it('counts nothing outside the period', async () => {
    const november = `from=${encodeURIComponent(at('2026-11-01T00:00:00'))}&to=${encodeURIComponent(at('2026-12-01T00:00:00'))}`;
    expect(ok(await leader.get(`/api/v1/case-assessment?${november}`)).groups).toEqual([]);
    expect((await leader.get(`/api/v1/case-assessment?from=${encodeURIComponent(at('2026-12-02T00:00:00'))}&to=${encodeURIComponent(at('2026-12-01T00:00:00'))}`)).statusCode).toBe(400);
  });

  it('lists the month’s top problems per area (每月一题)', async () => {
    const result = ok(await street.get('/api/v1/case-assessment/top-problems?month=2026-12&groupBy=community&limit=2'));
    expect(result.areas).toEqual([
      {
        code: CODES.shangbao,
        name: '上保社区',
        cases: 5,
        problems: [
          { categoryCode: 'SJ0102', categoryName: '暴露垃圾', cases: 3, share: 3 / 5 },
          { categoryCode: 'MS0402', categoryName: '电梯故障', cases: 1, share: 1 / 5 },
        ],
      },
    ]);
    expect(ok(await street.get('/api/v1/case-assessment/top-problems?month=2026-11')).areas).toEqual([]);
  });

  it('keeps assessment to the caller’s own cases, and away from residents', async () => {
    const community2 = await t.login('community2');
    expect(ok(await community2.get(`/api/v1/case-assessment?${period}&groupBy=community`)).groups).toEqual([]);
    expect((await (await t.login('resident')).get(`/api/v1/case-assessment?${period}`)).statusCode).toBe(403);
  });
});
