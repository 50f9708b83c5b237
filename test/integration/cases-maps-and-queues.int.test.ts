// What maps and queues read: jurisdiction polygons (a staff member's subtree,
// and the whole city in public for a resident's report map), the compact case
// map, each inbox row's next limit with its warning/overdue state, and the
// department's "summoned by a whistle" queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { act, CODES, detail, dispatched, extraLogin, ok, PLACES, report } from './cases-fixtures.js';

const WHOLE_YEAR = `from=${encodeURIComponent('2026-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2028-01-01T00:00:00+08:00')}`;

describe.skipIf(!backendAvailable())('maps and queues', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let community2: Caller;
  let street: Caller;
  let department: Caller;
  let leader: Caller;
  let market: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, community2, street, department, leader] = await Promise.all(
      ['resident', 'community', 'community2', 'street', 'department', 'leader'].map((u) => t.login(u)),
    );
    market = await extraLogin(t, 'market', 'department_staff', CODES.district, 'XH-SJ');
  });
  afterAll(() => t?.close());

  describe('jurisdiction boundaries', () => {
    type Area = { code: string; name: string; level: string; parentCode: string | null; boundary: { type: string } };

    it("gives staff the polygons of their own subtree, and refuses a place outside it as unknown", async () => {
      const mine: Area[] = ok(await community.get('/api/v1/jurisdiction-boundaries')).items;
      expect(mine.map((a) => a.code).sort()).toEqual([CODES.shangbao, ...[1, 2, 3, 4, 5].map((n) => `${CODES.shangbao}0${n}`)].sort());
      expect(mine.every((a) => a.boundary.type === 'Polygon')).toBe(true);
      expect(Object.keys(mine[0]).sort()).toEqual(['boundary', 'code', 'level', 'name', 'parentCode']);

      const streetMap: Area[] = ok(await street.get(`/api/v1/jurisdiction-boundaries?levelsBelow=1`)).items;
      expect(streetMap.filter((a) => a.level === 'community')).toHaveLength(4);
      expect(streetMap.some((a) => a.level === 'grid')).toBe(false);
      const oneCommunity: Area[] = ok(await street.get(`/api/v1/jurisdiction-boundaries?root=${CODES.baoshi}&levelsBelow=1`)).items;
      expect(oneCommunity.map((a) => a.parentCode ?? '').filter((p) => p === CODES.baoshi)).toHaveLength(5);

      expect((await community.get(`/api/v1/jurisdiction-boundaries?root=${CODES.baoshi}`)).statusCode).toBe(404);
      expect((await community.get(`/api/v1/jurisdiction-boundaries?levelsBelow=9`)).statusCode).toBe(400);
    });

    it('gives anyone, without logging in, the polygons of the whole city a place lies in, and nothing personal', async () => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/city-boundaries?of=${CODES.shangbaoGrid1}` });
      const body = ok(response);
      expect(body.city).toEqual({ code: CODES.city, name: '杭州市' });
      const areas: Area[] = body.items;
      // Down to communities by default: all twelve of the demo district, in every street.
      expect(areas.filter((a) => a.level === 'community')).toHaveLength(12);
      expect(areas.filter((a) => a.level === 'street')).toHaveLength(3);
      expect(areas.some((a) => a.level === 'grid')).toBe(false);
      expect(areas.every((a) => Object.keys(a).sort().join() === 'boundary,code,level,name,parentCode')).toBe(true);

      const withGrids: Area[] = ok(await t.app.inject({ method: 'GET', url: `/api/v1/city-boundaries?of=${CODES.city}&levelsBelow=4` })).items;
      expect(withGrids.filter((a) => a.level === 'grid')).toHaveLength(60);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/city-boundaries?of=999999' })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/city-boundaries' })).statusCode).toBe(400);
    });
  });

  describe('the case map', () => {
    it('gives compact rows (id, category, status, point) of the cases the caller may see, and says when it cut them', async () => {
      const here = await report(resident);
      const there = await report(resident, { location: PLACES.baoshiGrid1 });
      const elsewhere = await report(resident, { location: PLACES.shihuiqiao, categoryCode: 'SJ0102' });

      const mine = ok(await community.get(`/api/v1/case-map?${WHOLE_YEAR}`));
      expect(mine.fields).toEqual(['id', 'categoryCode', 'status', 'lon', 'lat']);
      const ids = mine.items.map((row: unknown[]) => row[0]);
      expect(ids).toContain(here.id);
      expect(ids).not.toContain(there.id);
      expect(mine.items.find((row: unknown[]) => row[0] === here.id)).toEqual([here.id, 'SJ0102', 'submitted', PLACES.shangbaoGrid1.lon, PLACES.shangbaoGrid1.lat]);
      expect(mine.truncated).toBe(false);

      const all = ok(await leader.get(`/api/v1/case-map?${WHOLE_YEAR}`));
      expect(all.items.map((row: unknown[]) => row[0])).toEqual(expect.arrayContaining([here.id, there.id, elsewhere.id]));
      const inStreet = ok(await leader.get(`/api/v1/case-map?${WHOLE_YEAR}&jurisdictionCode=${CODES.street}`)).items.map((row: unknown[]) => row[0]);
      expect(inStreet).toEqual(expect.arrayContaining([here.id, there.id]));
      expect(inStreet).not.toContain(elsewhere.id);

      const cut = ok(await leader.get(`/api/v1/case-map?${WHOLE_YEAR}&limit=1`));
      expect(cut).toMatchObject({ truncated: true, items: [expect.any(Array)] });
      expect(ok(await leader.get(`/api/v1/case-map?${WHOLE_YEAR}&categoryCode=SJ99`)).items).toEqual([]);
      expect((await resident.get(`/api/v1/case-map?${WHOLE_YEAR}`)).statusCode).toBe(403);
      expect((await leader.get('/api/v1/case-map')).statusCode).toBe(400);
    });
  });

  describe('inbox rows', () => {
    type Row = { id: string; overdue: boolean; nextDeadline: { stage: string; unitName: string; dueAt: string; warnAt: string; state: string; limit: unknown } | null };
    const rowOf = async (caller: Caller, query: string, id: string): Promise<Row | undefined> =>
      ok(await caller.get(`/api/v1/cases?${query}&limit=1000`)).items.find((item: Row) => item.id === id);

    it('carry the next limit of each case, on time, past its warning point, then overdue', async () => {
      t.clock.set('2026-11-30T10:00:00+08:00');
      const created = await report(resident, { location: PLACES.shangbaoGrid3 });
      const clock = (await detail(community, created.id)).deadlines.find((d: { stage: string }) => d.stage === 'register');
      let row = await rowOf(community, 'status=submitted', created.id);
      expect(row?.nextDeadline).toEqual({ stage: 'register', unitName: '北山街道', limit: clock.limit, dueAt: clock.dueAt, warnAt: clock.warnAt, state: 'on_time' });

      t.clock.set(new Date(Date.parse(clock.warnAt) + 60_000).toISOString());
      expect((await rowOf(community, 'status=submitted', created.id))?.nextDeadline?.state).toBe('warning');
      t.clock.set(new Date(Date.parse(clock.dueAt) + 60_000).toISOString());
      row = await rowOf(community, 'status=submitted', created.id);
      expect(row).toMatchObject({ overdue: true, nextDeadline: { state: 'overdue' } });

      // A resident's own list does not show the staff's clocks.
      const own = ok(await resident.get('/api/v1/my/cases?limit=1000')).items.find((item: Row) => item.id === created.id);
      expect(own.nextDeadline).toBeNull();

      // Dispatched, the unit's inbox row counts down its sign-for limit.
      await act(community, created.id, { action: 'register' });
      await act(community, created.id, { action: 'dispatch' });
      expect((await rowOf(department, 'mine=true', created.id))?.nextDeadline).toMatchObject({ stage: 'sign_for', unitName: '西湖区城市管理局', state: 'on_time' });
      t.clock.set('2026-11-30T10:00:00+08:00');
    });
  });

  describe('the summoned queue', () => {
    it("lists the cases a department was summoned on, not the ones routed to it", async () => {
      const created = await dispatched({ resident, community }, { description: '夜市占道经营，需要市场监管' });
      const routedOnly = await dispatched({ resident, community });
      ok(await street.post(`/api/v1/cases/${created.id}/whistles`, { departmentCodes: ['XH-SJ'], reason: '需市场监管部门到场' }), 201);

      const summoned = ok(await market.get('/api/v1/cases?summoned=true&limit=1000')).items.map((item: { id: string }) => item.id);
      expect(summoned).toContain(created.id);
      expect(summoned).not.toContain(routedOnly.id);
      expect(ok(await market.get('/api/v1/cases?mine=true&limit=1000')).items.map((item: { id: string }) => item.id)).not.toContain(created.id);

      // 城管局 is responsible for both but was summoned on neither.
      const routed = ok(await department.get('/api/v1/cases?summoned=true&limit=1000')).items.map((item: { id: string }) => item.id);
      expect(routed).not.toContain(created.id);
      expect(routed).not.toContain(routedOnly.id);
      // Staff of no department are summoned on nothing.
      expect(ok(await community.get('/api/v1/cases?summoned=true')).total).toBe(0);
      expect(ok(await community2.get('/api/v1/cases?summoned=true')).total).toBe(0);
    });
  });
});
