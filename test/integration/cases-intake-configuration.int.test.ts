// Intake keeps a per-process copy of the configuration it reads on every case
// (taxonomy, responsibility list, calendars, settings, the jurisdiction tree),
// checked against the configuration version. A change made after the copy is
// warm — through this app, through another process's connection, or by hand
// in SQL — takes effect for the next new case.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { reviseRule } from '../../src/modules/cases/responsibility-list.js';
import { CODES, detail, ok, PLACES, report } from './cases-fixtures.js';

// 施工扰民 has no rule in the demo list: its cases go to the street as hub.
const NOISE = { categoryCode: 'SJ0301', attributes: {}, description: '工地夜间施工' };

describe.skipIf(!backendAvailable())('intake configuration changed after the copy is warm', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let admin: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, admin] = await Promise.all(['resident', 'community', 'admin'].map((u) => t.login(u)));
  });
  afterAll(() => t?.close());

  it('routes the next new case by a rule made, revised or retired after the copy was read', async () => {
    const before = await report(resident, NOISE);
    expect(before.unit).toMatchObject({ kind: 'street', name: '北山街道' });

    // Through this app's API.
    const rule = ok(
      await admin.post('/api/v1/responsibility-rules', { categoryCode: 'SJ0301', jurisdictionCode: CODES.district, unit: { kind: 'department', departmentCode: 'XH-CG' }, limits: { handle: { days: 3 } } }),
      201,
    );
    const routed = await report(resident, NOISE);
    expect(routed.unit).toMatchObject({ kind: 'department', name: '西湖区城市管理局' });
    expect((await detail(community, routed.id)).routing).toMatchObject({ ruleKey: rule.ruleKey, ruleVersion: 1, hub: false });

    // Through another process: its own connection, its own copy; this one hears of the change only from the database.
    const elsewhere = { db: t.database.db.withoutPlugins(), clock: t.clock };
    await reviseRule(elsewhere, null, rule.ruleKey, { categoryCode: 'SJ0301', jurisdictionCode: CODES.district, conditions: {}, unit: { kind: 'community', jurisdictionCode: null }, limits: {} });
    const revised = await report(resident, NOISE);
    expect(revised.unit).toMatchObject({ kind: 'community', name: '上保社区' });
    expect((await detail(community, revised.id)).routing).toMatchObject({ ruleKey: rule.ruleKey, ruleVersion: 2 });

    // By hand, in SQL.
    await sql`UPDATE responsibility_rules SET superseded_at = ${t.clock.now()} WHERE rule_key = ${rule.ruleKey} AND superseded_at IS NULL`.execute(t.database.db);
    const retired = await report(resident, NOISE);
    expect(retired.unit).toMatchObject({ kind: 'street', name: '北山街道' });

    // Cases already made keep their routing.
    expect((await detail(community, routed.id)).routing).toMatchObject({ ruleKey: rule.ruleKey, ruleVersion: 1 });
  });

  it('takes a category added or retired after the copy was read, naming the field it refuses', async () => {
    await report(resident, NOISE);
    const put = (active: boolean) =>
      admin.request({ method: 'PUT', url: '/api/v1/case-categories/SJ0303', payload: { parentCode: 'SJ03', name: '工地扬尘', kind: 'event', active } });
    expect((await put(true)).statusCode).toBe(204);
    const dust = await report(resident, { ...NOISE, categoryCode: 'SJ0303', description: '工地扬尘很大' });
    expect((await detail(community, dust.id)).category).toEqual({ code: 'SJ0303', name: '工地扬尘' });

    expect((await put(false)).statusCode).toBe(204);
    const refused = await resident.post('/api/v1/cases', { ...NOISE, categoryCode: 'SJ0303', location: PLACES.shangbaoGrid1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues).toEqual([{ path: 'categoryCode', message: 'unknown category SJ0303' }]);
  });

  it('times the next new case by a calendar and settings changed after the copy was read', async () => {
    const first = await detail(community, (await report(resident)).id);
    expect(first.deadlines[0].limit).toMatchObject({ hours: 2 });
    expect(first.deadlines[0].limit.calendar).not.toBe(CODES.street);

    const put = await admin.request({
      method: 'PUT',
      url: `/api/v1/working-calendars/${CODES.street}`,
      payload: { name: '北山街道', utcOffsetMinutes: 480, workingHours: [{ start: '09:00', end: '17:00' }], weekendDays: [0, 6], days: [] },
    });
    expect(put.statusCode).toBe(204);
    ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { stageLimits: { ...ok(await admin.get('/api/v1/case-settings')).stageLimits, register: { hours: 3 } } } }));
    const next = await detail(community, (await report(resident)).id);
    // Registering: 3 working hours from Monday 10:00 on the street's own calendar, without a lunch break.
    expect(next.deadlines[0]).toMatchObject({ stage: 'register', dueAt: new Date('2026-11-30T13:00:00+08:00').toISOString(), limit: { hours: 3, calendar: CODES.street } });
  });
});
