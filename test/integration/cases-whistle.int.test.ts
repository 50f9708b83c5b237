// 街乡吹哨、部门报到: the street or community summons departments; each
// reports and acts within the limit; the case shows who came and what each
// did; the street rates each response; a late report escalates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { sweepCases } from '../../src/modules/cases/sweep.js';
import { CODES, detail, dispatched, extraLogin, ok } from './cases-fixtures.js';

describe.skipIf(!backendAvailable())('whistle and report', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let street: Caller;
  let department: Caller;
  let market: Caller;
  let police: Caller;
  let civil: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, street, department] = await Promise.all(['resident', 'community', 'street', 'department'].map((u) => t.login(u)));
    market = await extraLogin(t, 'market', 'department_staff', CODES.district, 'XH-SJ');
    police = await extraLogin(t, 'police', 'department_staff', CODES.district, 'XH-GA');
    civil = await extraLogin(t, 'civil', 'department_staff', CODES.district, 'XH-MZ');
  });
  afterAll(() => t?.close());

  it('summons departments, who report, act and are rated; the case shows who came and what each did', async () => {
    const created = await dispatched({ resident, community }, { description: '占道经营加噪音，多部门问题' });
    expect((await market.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(404);

    const whistle = ok(
      await street.post(`/api/v1/cases/${created.id}/whistles`, { departmentCodes: ['XH-SJ', 'XH-GA'], reason: '涉及市场监管与治安，需联合处置' }),
      201,
    );
    // 4 working hours from Monday 10:00: two before lunch, two after, so 15:30.
    expect(whistle.summons.map((s: { departmentCode: string; reportDueAt: string }) => [s.departmentCode, s.reportDueAt])).toEqual([
      ['XH-SJ', new Date('2026-11-30T15:30:00+08:00').toISOString()],
      ['XH-GA', new Date('2026-11-30T15:30:00+08:00').toISOString()],
    ]);
    const [marketSummons, policeSummons] = whistle.summons.map((s: { id: string }) => s.id);

    // Summoned departments now see the case, and are told which summons is theirs; others still do not see it.
    expect((await detail(market, created.id)).can).toMatchObject({ answerSummons: [marketSummons], whistle: false });
    expect((await detail(street, created.id)).can).toMatchObject({ answerSummons: [], whistle: true, supervise: true });
    expect((await civil.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(404);

    // Only the summoned department reports for itself; it must report before acting, and it is rated after reporting.
    expect((await police.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/report`, { note: '到' })).statusCode).toBe(403);
    expect((await market.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/action`, { note: '查处' })).statusCode).toBe(409);
    expect((await street.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/score`, { score: 5 })).statusCode).toBe(409);

    t.clock.advance(30 * 60_000);
    ok(await market.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/report`, { note: '市场监管所王队已到场' }));
    expect((await market.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/report`, { note: 'again' })).statusCode).toBe(409);
    ok(await market.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/action`, { note: '对无照经营者立案查处' }));

    // The police do not come in time: the sweep escalates the missed report.
    const report = await sweepCases({ db: t.database.db }, { now: new Date('2026-11-30T15:31:00+08:00') });
    expect(report.escalations).toBeGreaterThanOrEqual(1);
    t.clock.set('2026-11-30T16:00:00+08:00');
    ok(await police.post(`/api/v1/cases/${created.id}/summons/${policeSummons}/report`, { note: '派出所民警到场' }));

    // The community did not blow this whistle: the street rates.
    expect((await community.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/score`, { score: 5 })).statusCode).toBe(403);
    ok(await street.post(`/api/v1/cases/${created.id}/summons/${marketSummons}/score`, { score: 5, note: '响应迅速' }));
    ok(await street.post(`/api/v1/cases/${created.id}/summons/${policeSummons}/score`, { score: 2, note: '迟到半小时' }));
    expect((await street.post(`/api/v1/cases/${created.id}/summons/${policeSummons}/score`, { score: 3 })).statusCode).toBe(409);

    const c = await detail(street, created.id);
    expect(c.whistles).toHaveLength(1);
    expect(c.whistles[0]).toMatchObject({ jurisdictionCode: CODES.street, reason: '涉及市场监管与治安，需联合处置', blownBy: 'street' });
    expect(
      c.whistles[0].summons.map((s: { department: { code: string }; reportedOnTime: boolean; actionNote: string | null; score: number }) => [
        s.department.code,
        s.reportedOnTime,
        s.actionNote,
        s.score,
      ]),
    ).toEqual([
      ['XH-GA', false, null, 2],
      ['XH-SJ', true, '对无照经营者立案查处', 5],
    ]);
    expect(c.escalations.some((e: { stage: string }) => e.stage === 'whistle_report')).toBe(true);
    expect(c.timeline.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['whistle', 'whistle_report', 'whistle_action', 'whistle_rating']),
    );
    // Reporting closed each department's clock.
    expect(c.deadlines.filter((d: { stage: string }) => d.stage === 'whistle_report').every((d: { outcome: string }) => d.outcome === 'met')).toBe(true);
  });

  it('lets a community blow the whistle on its own case, and nobody else', async () => {
    const created = await dispatched({ resident, community });
    for (const caller of [resident, department]) {
      expect((await caller.post(`/api/v1/cases/${created.id}/whistles`, { departmentCodes: ['XH-SJ'], reason: 'x' })).statusCode).toBe(403);
    }
    const community2 = await t.login('community2');
    expect((await community2.post(`/api/v1/cases/${created.id}/whistles`, { departmentCodes: ['XH-SJ'], reason: 'x' })).statusCode).toBe(404);
    const unknown = await community.post(`/api/v1/cases/${created.id}/whistles`, { departmentCodes: ['XH-SJ', 'NOPE'], reason: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0].path).toBe('departmentCodes[1]');
    const whistle = ok(await community.post(`/api/v1/cases/${created.id}/whistles`, { departmentCodes: ['XH-SJ'], reason: '需市场监管到场', reportWithin: { hours: 1, natural: true } }), 201);
    expect(whistle.summons[0].reportDueAt).toBe(new Date(t.clock.now().getTime() + 3_600_000).toISOString());
    expect((await detail(community, created.id)).whistles[0].jurisdictionCode).toBe(CODES.shangbao);
    // The community that blew it may rate the response.
    ok(await market.post(`/api/v1/cases/${created.id}/summons/${whistle.summons[0].id}/report`, { note: '到' }));
    ok(await community.post(`/api/v1/cases/${created.id}/summons/${whistle.summons[0].id}/score`, { score: 4 }));
  });
});
