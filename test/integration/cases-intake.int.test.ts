// Intake from every channel: placement by point-in-polygon, routing by the
// responsibility list (precedence and versions), possible duplicates,
// attachments and their limits, hostile input, and who may see the reporter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { act, CODES, detail, extraLogin, ok, PLACES, report } from './cases-fixtures.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(200, 7)]);

function multipart(files: Array<{ field: string; name: string; type: string; data: Buffer }>, fields: Record<string, string> = {}) {
  const boundary = '----gongzhi-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.skipIf(!backendAvailable())('case intake', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let community2: Caller;
  let street: Caller;
  let department: Caller;
  let admin: Caller;
  let leader: Caller;
  let grid: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, community2, street, department, admin, leader, grid] = await Promise.all(
      ['resident', 'community', 'community2', 'street', 'department', 'admin', 'leader', 'grid'].map((u) => t.login(u)),
    );
  });
  afterAll(() => t?.close());

  describe('placement', () => {
    it('places a point in its grid, community and street', async () => {
      const created = await report(resident);
      expect(created).toMatchObject({ number: expect.stringMatching(/^GZ-20261130-\d{6}$/) });
      const c = await detail(community, created.id);
      expect(c.place).toEqual({
        grid: { code: CODES.shangbaoGrid1, name: '上保社区第1网格' },
        community: { code: CODES.shangbao, name: '上保社区' },
        street: { code: CODES.street, name: '北山街道' },
        hubCode: CODES.street,
      });
      expect(c.channel).toBe('resident');
    });

    it('takes a named place when there is no point (hotline), and a resident’s own community when neither is given', async () => {
      const hotline = await report(community, { channel: 'hotline', location: undefined, jurisdictionCode: CODES.shangbao, address: '上保路 1 号', reporter: { name: '张三', phone: '13800000000' } });
      expect((await detail(community, hotline.id)).place).toMatchObject({ grid: null, community: { code: CODES.shangbao } });
      const noPlace = await report(resident, { location: undefined, address: '我家楼下' });
      expect((await detail(community, noPlace.id)).place.community.code).toBe(CODES.shangbao);
    });

    it('refuses a point outside every boundary, naming the field', async () => {
      const response = await resident.post('/api/v1/cases', { categoryCode: 'SJ0102', description: 'x', location: PLACES.outside, attributes: { VOLUME: 'small' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues).toEqual([{ path: 'location', message: expect.stringContaining('outside every jurisdiction boundary') }]);
    });

    it('lets residents report anywhere, staff only inside their jurisdiction', async () => {
      const elsewhere = await report(resident, { location: PLACES.shihuiqiao });
      expect((await detail(leader, elsewhere.id)).place.street.code).toBe('330106004');
      const response = await community.post('/api/v1/cases', { categoryCode: 'SJ0102', description: 'x', location: PLACES.baoshiGrid1, channel: 'patrol', attributes: { VOLUME: 'small' } });
      expect(response.statusCode).toBe(403);
    });

    it('takes each channel only from those who work it', async () => {
      const response = await resident.post('/api/v1/cases', { categoryCode: 'SJ0102', description: 'x', location: PLACES.shangbaoGrid1, channel: 'hotline', attributes: { VOLUME: 'small' } });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toContain('hotline');
      const patrol = await report(grid, { channel: 'patrol' });
      expect((await detail(grid, patrol.id)).channel).toBe('patrol');
    });

    it('asks the category’s questions', async () => {
      const response = await resident.post('/api/v1/cases', { categoryCode: 'SJ0102', description: 'x', location: PLACES.shangbaoGrid1, attributes: { VOLUME: 'huge', OTHER: 1 } });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(['attributes[OTHER]', 'attributes[VOLUME]']);
    });
  });

  describe('routing by the responsibility list', () => {
    it('prefers the subclass rule, falls back to the major class, and explains the choice', async () => {
      const garbage = await report(resident);
      expect(garbage.unit.name).toBe('西湖区城市管理局');
      expect(garbage.routingExplanation).toMatch(/^按权责清单规则 R\d{4} 第1版派至西湖区城市管理局：类别“暴露垃圾”（SJ0102）.*优先于 R\d{4} 第1版/);
      const greenCleaning = await report(resident, { categoryCode: 'SJ0105', attributes: {} });
      expect(greenCleaning.routingExplanation).toContain('类别“市容环境”（SJ01）');
      const c = await detail(community, greenCleaning.id);
      expect(c.routing).toMatchObject({ hub: false, ruleVersion: 1, outranked: [] });
      expect(c.limits).toEqual({ signFor: { hours: 2 }, handle: { days: 2 } });
    });

    it('prefers a community’s own rule over the district’s for the same category', async () => {
      const gated = await report(resident, { categoryCode: 'MS0401', attributes: {}, description: '小区楼道堆物' });
      expect(gated.unit).toMatchObject({ kind: 'external', name: '绿城物业西湖分公司' });
      // In the next community the district rule applies, and names that community (属地).
      const neighbour = await extraLogin(t, 'resident-baoshi', 'resident', CODES.baoshi);
      const own = await report(neighbour, { categoryCode: 'MS0401', attributes: {}, description: '小区楼道堆物', location: PLACES.baoshiGrid1 });
      expect(own.unit).toMatchObject({ kind: 'community', jurisdictionCode: CODES.baoshi, name: '宝石社区' });
    });

    it('sends a case no rule covers to its street as hub (首接负责)', async () => {
      const created = await report(resident, { categoryCode: 'SJ0301', attributes: {}, description: '夜间施工噪音' });
      expect(created.unit).toMatchObject({ kind: 'street', jurisdictionCode: CODES.street, name: '北山街道' });
      expect(created.routingExplanation).toContain('由北山街道作为枢纽首接负责');
      const c = await detail(street, created.id);
      expect(c.routing).toMatchObject({ hub: true, ruleId: null });
    });

    it('prefers a rule whose conditions hold', async () => {
      const rule = ok(
        await admin.post('/api/v1/responsibility-rules', {
          categoryCode: 'SJ0102',
          jurisdictionCode: CODES.district,
          conditions: { keywords: ['医疗废物'] },
          unit: { kind: 'department', departmentCode: 'XH-WJ' },
          limits: { handle: { hours: 2, natural: true } },
          note: '医疗废物由卫健局处置',
        }),
        201,
      );
      expect(rule).toMatchObject({ version: 1, conditions: { keywords: ['医疗废物'] }, unit: { kind: 'department', name: '西湖区卫生健康局' } });
      expect((await report(resident, { description: '路边有医疗废物针头' })).unit.name).toBe('西湖区卫生健康局');
      expect((await report(resident, { description: '路边有生活垃圾' })).unit.name).toBe('西湖区城市管理局');
      expect((await admin.request({ method: 'DELETE', url: `/api/v1/responsibility-rules/${rule.ruleKey}` })).statusCode).toBe(204);
      expect((await report(resident, { description: '又有医疗废物' })).unit.name).toBe('西湖区城市管理局');
    });

    it('applies a revised rule to new cases only; old cases keep the version that routed them', async () => {
      const rules = ok(await admin.get('/api/v1/responsibility-rules?categoryCode=SJ0104')).items;
      expect(rules).toHaveLength(1);
      const before = await report(resident, { categoryCode: 'SJ0104', attributes: {}, description: '路面脏' });
      const revised = ok(
        await admin.request({
          method: 'PUT',
          url: `/api/v1/responsibility-rules/${rules[0].ruleKey}`,
          payload: { categoryCode: 'SJ0104', jurisdictionCode: CODES.district, unit: { kind: 'street', jurisdictionCode: null }, limits: { handle: { hours: 3 } }, note: '道路保洁改由属地街道' },
        }),
      );
      expect(revised).toMatchObject({ ruleKey: rules[0].ruleKey, version: 2, supersededAt: null });
      const after = await report(resident, { categoryCode: 'SJ0104', attributes: {}, description: '路面脏' });
      expect(after.unit.name).toBe('北山街道');
      expect(after.routingExplanation).toContain(`${rules[0].ruleKey} 第2版`);
      const old = await detail(community, before.id);
      expect(old.routing).toMatchObject({ ruleKey: rules[0].ruleKey, ruleVersion: 1, ruleId: rules[0].id });
      expect(old.unit.name).toBe('西湖区城市管理局');
      const history = ok(await admin.get('/api/v1/responsibility-rules?categoryCode=SJ0104&includeHistory=true')).items;
      expect(history.map((r: { version: number; supersededAt: string | null }) => [r.version, r.supersededAt !== null])).toEqual([
        [2, false],
        [1, true],
      ]);
    });

    it('schedules a revision: the old version routes until the new one takes effect', async () => {
      const [rule] = ok(await admin.get('/api/v1/responsibility-rules?categoryCode=SJ0103')).items;
      const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      ok(
        await admin.request({
          method: 'PUT',
          url: `/api/v1/responsibility-rules/${rule.ruleKey}`,
          payload: { categoryCode: 'SJ0103', jurisdictionCode: CODES.district, unit: { kind: 'department', departmentCode: 'XH-SJ' }, effectiveFrom: tomorrow },
        }),
      );
      expect((await report(resident, { categoryCode: 'SJ0103', attributes: {} })).unit.name).toBe('西湖区城市管理局');
      t.clock.advance(86_400_000 + 1000);
      const relogged = await t.login('resident');
      expect((await report(relogged, { categoryCode: 'SJ0103', attributes: {} })).unit.name).toBe('西湖区市场监督管理局');
      t.clock.advance(-(86_400_000 + 1000));
    });

    it('refuses a second live rule for the same category, place and conditions', async () => {
      const response = await admin.post('/api/v1/responsibility-rules', {
        categoryCode: 'SJ0102',
        jurisdictionCode: CODES.district,
        unit: { kind: 'department', departmentCode: 'XH-SJ' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('cases.rule_duplicate');
    });

    it('keeps the list to administrators', async () => {
      const response = await community.post('/api/v1/responsibility-rules', { categoryCode: 'SJ0301', jurisdictionCode: CODES.shangbao, unit: { kind: 'community', jurisdictionCode: null } });
      expect(response.statusCode).toBe(403);
      expect(ok(await community.get('/api/v1/responsibility-rules')).items.length).toBeGreaterThan(0);
    });
  });

  describe('possible duplicates', () => {
    it('offers open cases of the same category nearby, nearest first, and nothing else', async () => {
      const spot = { lon: 120.1065, lat: 30.2565 };
      const first = await report(resident, { location: spot });
      const closeBy = await report(resident, { location: { lon: spot.lon + 0.0005, lat: spot.lat } }); // ~48 m
      expect(closeBy.possibleDuplicates.map((d) => d.id)).toEqual([first.id]);
      expect(closeBy.possibleDuplicates[0].distanceMetres).toBeGreaterThan(40);
      expect(closeBy.possibleDuplicates[0].distanceMetres).toBeLessThan(55);
      // Another category at the same spot, and the same category 150 m away, are not duplicates.
      const other = await report(resident, { location: spot, categoryCode: 'SJ0104', attributes: {} });
      expect(other.possibleDuplicates).toEqual([]);
      const far = await report(resident, { location: { lon: spot.lon, lat: spot.lat + 0.00135 } }); // ~150 m
      expect(far.possibleDuplicates).toEqual([]);
      // A finished case is no longer a duplicate.
      await act(community, first.id, { action: 'decline', reason: '重复' });
      const query = ok(await resident.get(`/api/v1/case-duplicates?categoryCode=SJ0102&lon=${spot.lon}&lat=${spot.lat}`));
      expect(query.items.map((d: { id: string }) => d.id)).toEqual([closeBy.id]);
    });
  });

  describe('possible duplicates in a busy place', () => {
    it('finds the nearby case even when more than 200 older open cases lie in the corners of the search box', async () => {
      const spot = { lon: 120.104, lat: 30.2525 };
      // Reported earlier, about 125 m away: inside the ±100 m box searched, outside the 100 m radius.
      const now = t.clock.now();
      t.clock.advance(-3_600_000);
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(Array.from({ length: 21 }, (_, i) => report(resident, { location: { lon: spot.lon + 0.0009, lat: spot.lat + 0.0008 - (batch * 21 + i) * 0.0000001 } })));
        t.clock.advance(1000);
      }
      t.clock.set(now);
      const near = await report(resident, { location: { lon: spot.lon + 0.0002, lat: spot.lat } }); // ~19 m
      const query = ok(await resident.get(`/api/v1/case-duplicates?categoryCode=SJ0102&lon=${spot.lon}&lat=${spot.lat}`));
      expect(query.items.map((d: { id: string }) => d.id)).toEqual([near.id]);
    });
  });

  describe('reports arriving together', () => {
    it('writes each of many simultaneous reports whole — case, reporter, register clock, timeline event, audit entry — and refuses only the bad ones', async () => {
      const spot = { lon: 120.1075, lat: 30.2535 };
      const bodies = Array.from({ length: 24 }, (_, i) =>
        i % 6 === 5
          ? { categoryCode: 'NO-SUCH', description: `坏的 ${i}`, location: spot }
          : { categoryCode: 'SJ0102', description: `同时 ${i}`, location: { lon: spot.lon + i * 0.00001, lat: spot.lat }, attributes: { VOLUME: 'small' } },
      );
      const responses = await Promise.all(bodies.map((body) => resident.post('/api/v1/cases', body)));
      const refused = responses.filter((r) => r.statusCode !== 201);
      expect(refused.map((r) => [r.statusCode, r.json().error?.details?.issues?.[0]?.path])).toEqual(Array(4).fill([400, 'categoryCode']));
      const created = responses.filter((r) => r.statusCode === 201).map((r) => r.json() as { id: string; number: string; possibleDuplicates: Array<{ id: string }> });
      expect(created).toHaveLength(20);
      expect(new Set(created.map((c) => c.number)).size).toBe(20);
      const ids = created.map((c) => c.id);
      const count = async (table: 'case_reporters' | 'case_deadlines' | 'case_events') =>
        (await t.database.db.selectFrom(table).select('case_id').where('case_id', 'in', ids).execute()).map((r) => r.case_id).sort();
      expect(await count('case_reporters')).toEqual([...ids].sort());
      expect(await count('case_deadlines')).toEqual([...ids].sort());
      expect(await count('case_events')).toEqual([...ids].sort());
      const audited = await t.database.db.selectFrom('audit_log').select(['target_ids', 'actor']).where('action', '=', 'case.submit').where(sql<boolean>`target_ids && ${ids}::text[]`).execute();
      expect(audited.map((a) => a.target_ids[0]).sort()).toEqual([...ids].sort());
      expect(new Set(audited.map((a) => a.actor))).toEqual(new Set(['resident']));
      // Written together or not, every report is offered the others made at the same spot before it was answered.
      const last = created.at(-1)!;
      expect(last.possibleDuplicates.length).toBeGreaterThan(0);
      expect(last.possibleDuplicates.every((d) => ids.includes(d.id) && d.id !== last.id)).toBe(true);
      const auditor = await t.login('auditor');
      expect(ok(await auditor.post('/api/v1/audit/verify'))).toMatchObject({ ok: true });
    });
  });

  describe('record ids', () => {
    // Version-7 UUIDs start with the Unix time in milliseconds (48 bits), so
    // new rows land at the right-hand edge of every index over their ids.
    const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

    it('gives each case, its reporter and its clock a time-ordered id, in the order they were made', async () => {
      const startedAt = Date.now();
      const ids: string[] = [];
      for (const i of [1, 2, 3]) {
        ids.push(ok(await resident.post('/api/v1/cases', { categoryCode: 'SJ0102', description: `编号 ${i}`, location: { lon: 120.1075, lat: 30.2535 }, attributes: { VOLUME: 'small' } }), 201).id);
      }
      const finishedAt = Date.now();
      expect(ids.every((id) => V7.test(id))).toBe(true);
      expect([...ids].sort()).toEqual(ids);
      for (const table of ['case_reporters', 'case_deadlines'] as const) {
        // Made by the table's default (migration 0342), on the database's clock: the same machine's here.
        const rows = await t.database.db.selectFrom(table).select(['id', 'case_id']).where('case_id', 'in', ids).execute();
        const inOrder = ids.map((caseId) => rows.find((r) => r.case_id === caseId)!.id);
        expect(inOrder.every((id) => V7.test(id)), table).toBe(true);
        expect(inOrder.map(millisecondsOf).every((ms) => ms >= startedAt - 1000 && ms <= finishedAt + 1000), table).toBe(true);
        expect([...inOrder.map(millisecondsOf)].sort((a, b) => a - b)).toEqual(inOrder.map(millisecondsOf));
      }
    });
  });

  describe('hostile input', () => {
    it('stores a description as given and returns it as a JSON string, never markup', async () => {
      const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)> '; DROP TABLE cases; -- \u202e`;
      const created = await report(resident, { description: hostile });
      const response = await community.get(`/api/v1/cases/${created.id}`);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).not.toContain('<script>alert("x")</script>');
      expect(response.json().description).toBe(hostile);
      const stored = await t.database.db.selectFrom('cases').select('description').where('id', '=', created.id).executeTakeFirstOrThrow();
      expect(stored.description).toBe(hostile);
      expect(ok(await resident.get(`/api/v1/my/cases/${created.id}`)).description).toBe(hostile);
    });
  });

  describe('attachments', () => {
    it('takes a photo from the reporter, serves it as a download that cannot run', async () => {
      const created = await report(resident);
      const upload = multipart([{ field: 'photo', name: '现场.jpg', type: 'image/jpeg', data: JPEG }]);
      const stored = ok(await resident.request({ method: 'POST', url: `/api/v1/my/cases/${created.id}/attachments`, ...upload }), 201);
      expect(stored.attachmentIds).toHaveLength(1);
      const c = await detail(community, created.id);
      expect(c.attachments[0]).toMatchObject({ purpose: 'report', fileName: '现场.jpg', contentType: 'image/jpeg', sizeBytes: JPEG.length });
      const download = await community.get(c.attachments[0].url);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(JPEG)).toBe(true);
      expect(download.headers).toMatchObject({ 'content-type': 'image/jpeg', 'x-content-type-options': 'nosniff' });
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
      expect((await resident.get(`/api/v1/my/cases/${created.id}/attachments/${stored.attachmentIds[0]}`)).statusCode).toBe(200);
      expect((await community2.get(c.attachments[0].url)).statusCode).toBe(404);
    });

    it('refuses a file of another type, whatever it is called, naming the field', async () => {
      const created = await report(resident);
      const upload = multipart([{ field: 'photo', name: 'cat.jpg', type: 'image/jpeg', data: Buffer.from('<html><script>alert(1)</script></html>') }]);
      const response = await resident.request({ method: 'POST', url: `/api/v1/my/cases/${created.id}/attachments`, ...upload });
      expect(response.statusCode).toBe(415);
      expect(response.json().error).toMatchObject({ code: 'cases.attachment_type', details: { issues: [{ path: 'photo', message: 'not one of jpg, png, webp, pdf' }] } });
      expect(response.json().error.message).toContain('photo: "cat.jpg"');
      expect((await detail(community, created.id)).attachments).toEqual([]);
    });

    it('refuses a file over the size limit, naming the field, and keeps nothing of the upload', async () => {
      ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { attachmentMaxBytes: 2048 } }));
      try {
        const created = await report(resident);
        const upload = multipart([
          { field: 'small', name: 'a.jpg', type: 'image/jpeg', data: JPEG },
          { field: 'big', name: 'b.pdf', type: 'application/pdf', data: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 32)]) },
        ]);
        const response = await resident.request({ method: 'POST', url: `/api/v1/my/cases/${created.id}/attachments`, ...upload });
        expect(response.statusCode).toBe(413);
        expect(response.json().error).toMatchObject({ code: 'cases.attachment_too_large', details: { issues: [{ path: 'big', message: 'larger than 2 KB' }] } });
        expect(response.json().error.message).toMatch(/^big: "b\.pdf" is larger than the limit/);
        expect((await detail(community, created.id)).attachments).toEqual([]);
      } finally {
        ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { attachmentMaxBytes: 10 * 1024 * 1024 } }));
      }
    });

    it('takes evidence from the responsible unit only', async () => {
      const created = await report(resident);
      await act(community, created.id, { action: 'register' });
      await act(community, created.id, { action: 'dispatch' });
      const evidence = multipart([{ field: 'after', name: 'after.jpg', type: 'image/jpeg', data: JPEG }], { purpose: 'evidence' });
      expect((await community.request({ method: 'POST', url: `/api/v1/cases/${created.id}/attachments`, ...evidence })).statusCode).toBe(403);
      const stored = ok(await department.request({ method: 'POST', url: `/api/v1/cases/${created.id}/attachments`, ...evidence }), 201);
      await act(department, created.id, { action: 'sign_for' });
      await act(department, created.id, { action: 'start' });
      const wrong = await department.post(`/api/v1/cases/${created.id}/transitions`, { action: 'handle', result: '已清理', evidenceAttachmentIds: ['00000000-0000-0000-0000-000000000000'] });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.details.issues[0].path).toBe('evidenceAttachmentIds[0]');
      await act(department, created.id, { action: 'handle', result: '已清理', evidenceAttachmentIds: stored.attachmentIds });
      const mine = ok(await resident.get(`/api/v1/my/cases/${created.id}`));
      expect(mine.attachments.map((a: { purpose: string }) => a.purpose)).toEqual(['evidence']);
    });
  });

  describe('the reporter', () => {
    it('is masked on the case and shown in clear only for case handling, with the read audited', async () => {
      const created = await report(community, { channel: 'hotline', reporter: { name: '欧阳娜娜', phone: '13912345678' } });
      const c = await detail(community, created.id);
      expect(c.reporters).toEqual([{ id: expect.any(String), name: '欧阳**', registered: false, viaCaseId: null }]);
      expect(JSON.stringify(c)).not.toContain('13912345678');
      expect((await community.get(`/api/v1/cases/${created.id}/reporters`)).statusCode).toBe(403);
      expect((await leader.get(`/api/v1/cases/${created.id}/reporters`, 'statistics')).statusCode).toBe(403);
      const clear = ok(await community.get(`/api/v1/cases/${created.id}/reporters`, 'case_handling'));
      expect(clear.items).toEqual([expect.objectContaining({ name: '欧阳娜娜', phone: '13912345678', userId: null })]);
      const audited = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'purpose', 'outcome'])
        .where(sql<boolean>`${created.id} = ANY(target_ids)`)
        .where('action', '=', 'case.reporters')
        .execute();
      expect(audited).toEqual(expect.arrayContaining([{ action: 'case.reporters', purpose: 'case_handling', outcome: 'allowed' }]));
    });

    it('shows residents their own cases with the public timeline only', async () => {
      const created = await report(resident, { description: '我的报告' });
      await act(community, created.id, { action: 'register' });
      await act(community, created.id, { action: 'dispatch' });
      await act(department, created.id, { action: 'return', reason: '内部原因：人手不足' });
      const mine = ok(await resident.get('/api/v1/my/cases?limit=100'));
      expect(mine.items.map((c: { id: string }) => c.id)).toContain(created.id);
      const view = ok(await resident.get(`/api/v1/my/cases/${created.id}`));
      expect(view.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'register', 'dispatch']);
      expect(JSON.stringify(view)).not.toContain('人手不足');
      expect(JSON.stringify(view)).not.toContain('community');
    });
  });

  describe('lists', () => {
    it('filters, sorts and pages the cases in scope', async () => {
      const created = await report(resident, { description: '独特的描述 ABC-123' });
      const found = ok(await community.get('/api/v1/cases?q=ABC-123'));
      expect(found.items.map((c: { id: string }) => c.id)).toEqual([created.id]);
      expect(ok(await community.get(`/api/v1/cases?q=${created.number}`)).items[0].id).toBe(created.id);
      const page = ok(await community.get('/api/v1/cases?limit=2&offset=0&status=submitted,registered'));
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThan(2);
      expect(page.items.every((c: { status: string }) => ['submitted', 'registered'].includes(c.status))).toBe(true);
      const inbox = ok(await department.get('/api/v1/cases?mine=true&limit=1000'));
      expect(inbox.items.every((c: { unit: { name: string } }) => c.unit.name === '西湖区城市管理局')).toBe(true);
      // A category filter takes in the subclasses.
      const major = ok(await community.get('/api/v1/cases?categoryCode=SJ01&limit=1000'));
      expect(new Set(major.items.map((c: { category: { code: string } }) => c.category.code.slice(0, 4)))).toEqual(new Set(['SJ01']));
      expect((await community.get('/api/v1/cases?status=bogus')).statusCode).toBe(400);
    });

    it('shows department staff only their department’s cases', async () => {
      const created = await report(resident, { categoryCode: 'SJ0301', attributes: {} });
      expect((await department.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(404);
      const all = ok(await department.get('/api/v1/cases?limit=1000'));
      expect(all.items.map((c: { id: string }) => c.id)).not.toContain(created.id);
    });
  });
});
