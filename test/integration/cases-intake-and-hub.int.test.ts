// A report and its photos in one request (all or nothing), an Open311 request
// placed by a registry address (address_id), and the hub street proposing a
// responsibility rule from an uncovered case, which the list's maintainer
// accepts (a new rule, for new cases only) or declines.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { apiToken, CODES, detail, ok, PLACES, report } from './cases-fixtures.js';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF'), Buffer.alloc(200, 7)]);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function multipart(fields: Record<string, string>, files: Array<{ field: string; name: string; type: string; data: Buffer }>) {
  const boundary = '----gongzhi-report-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const REPORT = { categoryCode: 'SJ0102', description: '楼下垃圾堆了三天', location: PLACES.shangbaoGrid1, attributes: { VOLUME: 'small' } };

describe.skipIf(!backendAvailable())('intake with photos, Open311 address_id, and rule proposals', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let community2: Caller;
  let street: Caller;
  let admin: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, community2, street, admin] = await Promise.all(['resident', 'community', 'community2', 'street', 'admin'].map((u) => t.login(u)));
  });
  afterAll(() => t?.close());

  describe('a report with its photos', () => {
    const storedFiles = () => {
      const root = path.join(t.dataDir, 'attachments');
      try {
        return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
      } catch {
        return 0;
      }
    };
    const counts = async () => ({
      cases: Number((await t.database.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      attachments: Number((await t.database.db.selectFrom('case_attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      files: storedFiles(),
    });
    const send = (caller: Caller, fields: Record<string, string>, files: Parameters<typeof multipart>[1]) =>
      caller.request({ method: 'POST', url: '/api/v1/cases/with-photos', ...multipart(fields, files) });

    it('creates the case and its photos together', async () => {
      const before = await counts();
      const created = ok(
        await send(resident, { case: JSON.stringify(REPORT) }, [
          { field: 'photo1', name: '远景.jpg', type: 'image/jpeg', data: JPEG },
          { field: 'photo2', name: '近景.png', type: 'image/png', data: PNG },
        ]),
        201,
      );
      expect(created).toMatchObject({ number: expect.stringMatching(/^GZ-/), status: 'submitted', unit: { name: '西湖区城市管理局' } });
      const c = await detail(community, created.id);
      expect(c.attachments.map((a: { purpose: string; fileName: string }) => [a.purpose, a.fileName])).toEqual([
        ['report', '远景.jpg'],
        ['report', '近景.png'],
      ]);
      expect(c.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'attach']);
      const mine = ok(await resident.get(`/api/v1/my/cases/${created.id}`));
      expect(mine.attachments).toHaveLength(2);
      expect(await counts()).toEqual({ cases: before.cases + 1, attachments: before.attachments + 2, files: before.files + 2 });
      // Photos are optional.
      ok(await send(resident, { case: JSON.stringify(REPORT) }, []), 201);
    });

    it('gives photos uploaded together back in the order they were uploaded, and later uploads after them', async () => {
      // One transaction under a fixed clock: all three share one upload instant, so only their position orders them.
      const names = ['3-东侧.jpg', '1-西侧.png', '2-全景.jpg'];
      const created = ok(
        await send(
          resident,
          { case: JSON.stringify(REPORT) },
          names.map((name, i) => ({ field: `photo${i + 1}`, name, type: name.endsWith('.png') ? 'image/png' : 'image/jpeg', data: name.endsWith('.png') ? PNG : JPEG })),
        ),
        201,
      );
      const first = await detail(community, created.id);
      expect(first.attachments.map((a: { fileName: string; position: number }) => [a.position, a.fileName])).toEqual([
        [1, '3-东侧.jpg'],
        [2, '1-西侧.png'],
        [3, '2-全景.jpg'],
      ]);
      const attach = first.timeline.find((e: { action: string }) => e.action === 'attach');
      expect(attach.details.files).toEqual(names);
      expect(attach.details.attachmentIds).toEqual(first.attachments.map((a: { id: string }) => a.id));

      const later = ['b-补拍.jpg', 'a-补拍.png'];
      ok(
        await resident.request({
          method: 'POST',
          url: `/api/v1/my/cases/${created.id}/attachments`,
          ...multipart({}, later.map((name, i) => ({ field: `file${i + 1}`, name, type: name.endsWith('.png') ? 'image/png' : 'image/jpeg', data: name.endsWith('.png') ? PNG : JPEG }))),
        }),
        201,
      );
      const expected = [...names, ...later];
      expect((await detail(community, created.id)).attachments.map((a: { fileName: string }) => a.fileName)).toEqual(expected);
      const mine = ok(await resident.get(`/api/v1/my/cases/${created.id}`));
      expect(mine.attachments.map((a: { fileName: string; position: number }) => [a.position, a.fileName])).toEqual(expected.map((name, i) => [i + 1, name]));
    });

    it('refuses the whole report when one photo is not an image, naming the photo, and stores nothing', async () => {
      const before = await counts();
      const response = await send(resident, { case: JSON.stringify(REPORT) }, [
        { field: 'photo1', name: 'ok.jpg', type: 'image/jpeg', data: JPEG },
        { field: 'photo2', name: 'fake.png', type: 'image/png', data: Buffer.from('<html><script>alert(1)</script></html>') },
      ]);
      expect(response.statusCode).toBe(415);
      expect(response.json().error).toMatchObject({ code: 'cases.attachment_type', details: { issues: [{ path: 'photo2', message: 'not one of jpg, png, webp, pdf' }] } });
      expect(response.json().error.message).toContain('"fake.png"');
      expect(await counts()).toEqual(before);
    });

    it('refuses the whole report when one photo is too large, and stores nothing', async () => {
      ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { attachmentMaxBytes: 2048 } }));
      try {
        const before = await counts();
        const response = await send(resident, { case: JSON.stringify(REPORT) }, [
          { field: 'photo1', name: 'small.jpg', type: 'image/jpeg', data: JPEG },
          { field: 'photo2', name: 'big.jpg', type: 'image/jpeg', data: Buffer.concat([JPEG, Buffer.alloc(4000, 1)]) },
        ]);
        expect(response.statusCode).toBe(413);
        expect(response.json().error).toMatchObject({ code: 'cases.attachment_too_large', details: { issues: [{ path: 'photo2', message: 'larger than 2 KB' }] } });
        expect(await counts()).toEqual(before);
      } finally {
        ok(await admin.request({ method: 'PATCH', url: '/api/v1/case-settings', payload: { attachmentMaxBytes: 10 * 1024 * 1024 } }));
      }
    });

    it('keeps no photo when the report itself is refused, naming the field of the report', async () => {
      const before = await counts();
      const photo = [{ field: 'photo1', name: 'ok.jpg', type: 'image/jpeg', data: JPEG }];
      const missing = await send(resident, { case: JSON.stringify({ ...REPORT, description: undefined }) }, photo);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(['case.description']);
      const outside = await send(resident, { case: JSON.stringify({ ...REPORT, location: PLACES.outside }) }, photo);
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details.issues[0].path).toBe('location');
      const garbled = await send(resident, { case: '{not json' }, photo);
      expect(garbled.json().error.details.issues).toEqual([{ path: 'case', message: 'must be the report as JSON' }]);
      expect((await send(resident, {}, photo)).json().error.details.issues).toEqual([{ path: 'case', message: 'required: the report as JSON' }]);
      expect((await resident.post('/api/v1/cases/with-photos', REPORT)).statusCode).toBe(400);
      expect(await counts()).toEqual(before);
    });
  });

  describe('Open311 address_id', () => {
    const post = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });

    it('places a request at a registry address of the key holder’s jurisdiction, and gives the address_id back', async () => {
      const key = await apiToken(t, 'shangbao-app', 'community_staff', CODES.shangbao);
      const dwelling = await t.database.db.selectFrom('dwellings').select(['id', 'address', 'grid_code']).where('community_code', '=', CODES.shangbao).orderBy('id').executeTakeFirstOrThrow();
      const elsewhere = await t.database.db.selectFrom('dwellings').select('id').where('community_code', '=', CODES.baoshi).orderBy('id').executeTakeFirstOrThrow();
      const fields = { api_key: key, service_code: 'SJ0102', description: '楼道堆物', 'attribute[VOLUME]': 'small' };

      const [created] = ok(await post({ ...fields, address_id: dwelling.id }), 201);
      const [published] = ok(await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${created.service_request_id}.json` }));
      expect(published).toMatchObject({ address_id: dwelling.id, address: dwelling.address, lat: null, long: null });
      const row = await t.database.db.selectFrom('cases').select(['grid_code', 'address_id']).where('number', '=', created.service_request_id).executeTakeFirstOrThrow();
      expect(row).toEqual({ grid_code: dwelling.grid_code, address_id: dwelling.id });

      // The address text the client gives wins over the registry's; the id is kept.
      const [worded] = ok(await post({ ...fields, address_id: dwelling.id, address_string: '上保社区东门' }), 201);
      const [wordedView] = ok(await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${worded.service_request_id}.json` }));
      expect(wordedView).toMatchObject({ address: '上保社区东门', address_id: dwelling.id });

      for (const id of [elsewhere.id, 'no-such-dwelling']) {
        const refused = await post({ ...fields, address_id: id });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toEqual([{ code: 400, description: `address_id: no address ${id} in the jurisdiction of this api_key` }]);
      }
    });
  });

  describe('rule proposals from the hub', () => {
    // 施工扰民 (SJ0301) has no rule in the demo list: its cases go to the street as hub.
    const uncovered = { categoryCode: 'SJ0301', attributes: {}, description: '工地夜间施工，噪音很大' };

    it('lets the hub street propose a rule from an uncovered case, and only then', async () => {
      const created = await report(resident, uncovered);
      expect((await detail(street, created.id)).can.proposeRule).toBe(true);
      expect((await detail(community, created.id)).can.proposeRule).toBe(false);
      const body = { unit: { kind: 'department', departmentCode: 'XH-CG' }, reason: '夜间施工噪音应由城管执法处理' };
      expect((await community.post(`/api/v1/cases/${created.id}/rule-proposals`, body)).statusCode).toBe(403);

      const proposal = ok(await street.post(`/api/v1/cases/${created.id}/rule-proposals`, body), 201);
      expect(proposal).toMatchObject({
        case: { id: created.id, number: created.number },
        category: { code: 'SJ0301' },
        jurisdiction: { code: CODES.street, name: '北山街道' },
        unit: { kind: 'department', departmentCode: 'XH-CG', name: '西湖区城市管理局' },
        status: 'open',
        proposedBy: 'street',
        rule: null,
      });
      const proposed = await detail(street, created.id);
      expect(proposed.timeline.at(-1)).toMatchObject({ action: 'propose_rule', note: body.reason });
      // One proposal from a case waits at a time: the case says so, and a second one is refused.
      expect(proposed.routing.openProposalId).toBe(proposal.id);
      expect(proposed.can.proposeRule).toBe(false);
      const again = await street.post(`/api/v1/cases/${created.id}/rule-proposals`, { ...body, reason: '再提一次' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('cases.rule_proposal_open');

      const routed = await report(resident);
      expect((await detail(street, routed.id)).can.proposeRule).toBe(false);
      expect((await street.post(`/api/v1/cases/${routed.id}/rule-proposals`, body)).statusCode).toBe(409);
      const wrongUnit = await street.post(`/api/v1/cases/${created.id}/rule-proposals`, { ...body, unit: { kind: 'department', departmentCode: 'NOPE' } });
      expect(wrongUnit.statusCode).toBe(400);
      expect(wrongUnit.json().error.details.issues[0].path).toBe('unit.departmentCode');
      // A proposal is for the proposer's own place.
      const farAway = await street.post(`/api/v1/cases/${created.id}/rule-proposals`, { ...body, jurisdictionCode: CODES.district });
      expect(farAway.statusCode).toBe(403);
    });

    it('shows proposals to the list’s maintainer, who accepts one as a new rule for new cases only, or declines one', async () => {
      const first = await report(resident, uncovered);
      const second = await report(resident, { ...uncovered, location: PLACES.shangbaoGrid3 });
      const accepted = ok(
        await street.post(`/api/v1/cases/${first.id}/rule-proposals`, { unit: { kind: 'department', departmentCode: 'XH-CG' }, limits: { handle: { hours: 8 } }, reason: '应由城管处理' }),
        201,
      );
      const declined = ok(await street.post(`/api/v1/cases/${second.id}/rule-proposals`, { unit: { kind: 'community', jurisdictionCode: null }, reason: '由属地社区处理' }), 201);

      const open = ok(await admin.get('/api/v1/rule-proposals?status=open')).items.map((p: { id: string }) => p.id);
      expect(open).toEqual(expect.arrayContaining([accepted.id, declined.id]));
      expect(ok(await street.get('/api/v1/rule-proposals')).items.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining([accepted.id, declined.id]));
      // Another community's staff do not see a street's proposals.
      expect(ok(await community2.get('/api/v1/rule-proposals')).items).toEqual([]);
      expect((await street.post(`/api/v1/rule-proposals/${accepted.id}/accept`, {})).statusCode).toBe(403);

      const done = ok(await admin.post(`/api/v1/rule-proposals/${accepted.id}/accept`, { note: '同意' }));
      expect(done).toMatchObject({ status: 'accepted', decidedBy: 'admin', decisionNote: '同意', rule: { ruleKey: expect.stringMatching(/^R\d+$/), version: 1 } });
      const rules = ok(await admin.get('/api/v1/responsibility-rules?categoryCode=SJ0301')).items;
      expect(rules).toEqual([expect.objectContaining({ ruleKey: done.rule.ruleKey, jurisdiction: { code: CODES.street, name: '北山街道' }, limits: { handle: { hours: 8 } } })]);
      expect((await admin.post(`/api/v1/rule-proposals/${accepted.id}/accept`, {})).statusCode).toBe(409);

      // New cases follow the new rule; the case it came from keeps its routing.
      const after = await report(resident, uncovered);
      expect((await detail(street, after.id)).routing).toMatchObject({ ruleKey: done.rule.ruleKey, ruleVersion: 1, hub: false });
      expect((await detail(street, first.id)).routing).toMatchObject({ ruleKey: null, hub: true });

      expect((await admin.post(`/api/v1/rule-proposals/${declined.id}/decline`, {})).statusCode).toBe(400);
      expect(ok(await admin.post(`/api/v1/rule-proposals/${declined.id}/decline`, { reason: '已有城管规则覆盖' }))).toMatchObject({ status: 'declined', decisionNote: '已有城管规则覆盖', rule: null });
      expect(ok(await admin.get('/api/v1/rule-proposals?status=open')).items.map((p: { id: string }) => p.id)).not.toContain(declined.id);
      // A decided proposal no longer holds the case: the street may propose again.
      expect(await detail(street, second.id)).toMatchObject({ routing: { openProposalId: null }, can: { proposeRule: true } });
      expect((await admin.post('/api/v1/rule-proposals/not-an-id/decline', { reason: 'x' })).statusCode).toBe(404);
    });
  });
});
