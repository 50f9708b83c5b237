// What configures case handling, and who may change it: the taxonomy, the
// city's working calendar, the settings; and the channels other than the web.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { apiToken, CODES, ok, PLACES, report } from './cases-fixtures.js';

describe.skipIf(!backendAvailable())('case handling configuration and channels', () => {
  let t: TestApp;
  let admin: Caller;
  let community: Caller;
  let resident: Caller;
  let party: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [admin, community, resident, party] = await Promise.all(['admin', 'community', 'resident', 'party'].map((u) => t.login(u)));
  });
  afterAll(() => t?.close());

  it('seeds the standard taxonomy, which the administrator edits and everyone reporting reads', async () => {
    const categories = ok(await resident.get('/api/v1/case-categories')).items;
    expect(categories.find((c: { code: string }) => c.code === 'SJ0101')).toMatchObject({ name: '私搭乱建', parentCode: 'SJ01', kind: 'event' });
    expect(categories.filter((c: { parentCode: string | null }) => c.parentCode === null).map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['SJ01', 'SJ02', 'SJ03', 'SJ04', 'SJ05', 'BJ01', 'MS01', 'MS07']),
    );

    const body = {
      parentCode: 'SJ04',
      name: '共享单车乱停放',
      kind: 'event',
      keywords: ['共享单车'],
      attributes: [{ code: 'COUNT', variable: true, datatype: 'number', required: true, order: 1, description: '大约几辆' }],
    };
    expect((await community.request({ method: 'PUT', url: '/api/v1/case-categories/SJ0404', payload: body })).statusCode).toBe(403);
    expect((await admin.request({ method: 'PUT', url: '/api/v1/case-categories/SJ0404', payload: body })).statusCode).toBe(204);
    const created = await report(resident, { categoryCode: 'SJ0404', attributes: { COUNT: '12' }, description: '地铁口单车堆满' });
    expect(created.unit.name).toBe('西湖区城市管理局'); // the SJ04 rule covers the new subclass
    const missing = await resident.post('/api/v1/cases', { categoryCode: 'SJ0404', description: 'x', location: PLACES.shangbaoGrid1 });
    expect(missing.json().error.details.issues).toEqual([{ path: 'attributes[COUNT]', message: 'is required: 大约几辆' }]);

    // A category cannot be put under its own subclass.
    const loop = await admin.request({ method: 'PUT', url: '/api/v1/case-categories/SJ04', payload: { parentCode: 'SJ0404', name: '街面秩序', kind: 'event' } });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error.details.issues[0].path).toBe('parentCode');

    // Retired categories take no new reports but stay readable for the administrator.
    expect((await admin.request({ method: 'PUT', url: '/api/v1/case-categories/SJ0404', payload: { ...body, active: false } })).statusCode).toBe(204);
    expect(ok(await resident.get('/api/v1/case-categories')).items.map((c: { code: string }) => c.code)).not.toContain('SJ0404');
    expect(ok(await admin.get('/api/v1/case-categories?includeInactive=true')).items.map((c: { code: string }) => c.code)).toContain('SJ0404');
    expect((await resident.post('/api/v1/cases', { categoryCode: 'SJ0404', description: 'x', location: PLACES.shangbaoGrid1, attributes: { COUNT: 1 } })).statusCode).toBe(400);
  });

  it('holds the city’s 2026 working calendar, and checks every field of a new one', async () => {
    const calendar = ok(await community.get(`/api/v1/working-calendars/${CODES.city}`));
    expect(calendar).toMatchObject({ utcOffsetMinutes: 480, weekendDays: [0, 6], workingHours: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] });
    expect(calendar.days).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
        { date: '2026-02-14', kind: 'workday', name: '春节调休上班' },
      ]),
    );
    expect(calendar.days.filter((d: { kind: string }) => d.kind === 'holiday')).toHaveLength(33);

    const bad = await admin.request({
      method: 'PUT',
      url: `/api/v1/working-calendars/${CODES.district}`,
      payload: { name: 'x', utcOffsetMinutes: 480, workingHours: [{ start: '13:00', end: '12:00' }], weekendDays: [0, 6], days: [{ date: '2026-05-01', kind: 'holiday' }, { date: '2026-05-01', kind: 'workday' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(['workingHours[0].end', 'workdays[0]', 'days[1].date']);
    expect((await community.request({ method: 'PUT', url: `/api/v1/working-calendars/${CODES.shangbao}`, payload: { name: 'x', utcOffsetMinutes: 480, workingHours: [{ start: '09:00', end: '17:00' }], weekendDays: [], days: [] } })).statusCode).toBe(403);
    expect((await community.get('/api/v1/working-calendars/330106002052')).statusCode).toBe(404);
  });

  it('uses the calendar of the nearest jurisdiction that has one', async () => {
    // The district works a single long shift on weekdays: its cases follow it, the rest of the city does not.
    const put = await admin.request({
      method: 'PUT',
      url: `/api/v1/working-calendars/${CODES.district}`,
      payload: { name: '西湖区', utcOffsetMinutes: 480, workingHours: [{ start: '09:00', end: '17:00' }], weekendDays: [0, 6], days: [] },
    });
    expect(put.statusCode).toBe(204);
    const created = await report(resident);
    const c = ok(await community.get(`/api/v1/cases/${created.id}`));
    // Registering: 2 working hours from Monday 10:00 without a lunch break.
    expect(c.deadlines[0]).toMatchObject({ stage: 'register', dueAt: new Date('2026-11-30T12:00:00+08:00').toISOString(), limit: { hours: 2, calendar: CODES.district } });
  });

  it('keeps settings valid as a whole, and to the administrator', async () => {
    const settings = ok(await community.get('/api/v1/case-settings'));
    expect(settings).toMatchObject({ duplicateRadiusMetres: 100, assessmentWeights: { responseRate: 30, resolutionRate: 35, satisfactionRate: 35 }, reopenWindow: { days: 7, natural: true } });
    expect((await community.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { duplicateRadiusMetres: 50 } })).statusCode).toBe(403);
    const bad = await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { warnAtFraction: 1.5, ratingInvitationDelay: { weeks: 1 } } });
    expect(bad.statusCode).toBe(400);
    expect(ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { duplicateRadiusMetres: 50 } })).duplicateRadiusMetres).toBe(50);
  });

  it('takes reports from a party representative’s reception and from other systems by API token', async () => {
    const reception = await report(party, { channel: 'party_reception', reporter: { name: '赵大爷', phone: '13600000000' }, description: '党代表接待日反映：路灯不亮' });
    const c = ok(await community.get(`/api/v1/cases/${reception.id}`));
    expect(c).toMatchObject({ channel: 'party_reception', reporters: [{ name: '赵**', registered: false }] });
    expect((await party.post('/api/v1/cases', { categoryCode: 'SJ0102', description: 'x', location: PLACES.shangbaoGrid1, channel: 'hotline', attributes: { VOLUME: 'small' } })).statusCode).toBe(403);

    const secret = await apiToken(t, '12345-hotline', 'street_staff', CODES.street);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${secret}` },
      payload: { categoryCode: 'MS0101', description: '整栋楼停水', jurisdictionCode: CODES.shangbao, address: '上保路 9 号', channel: 'hotline', reporter: { name: '钱女士', phone: '13500000000' } },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ unit: { kind: 'external', name: '杭州水务集团' } });
    const viaApi = ok(await community.get(`/api/v1/cases/${response.json().id}`));
    expect(viaApi).toMatchObject({ channel: 'hotline', limits: { handle: { hours: 24, natural: true } } });
  });
});
