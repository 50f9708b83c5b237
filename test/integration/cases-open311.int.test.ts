// Open311 GeoReport v2 conformance, field by field from the specification
// (standards.md), in JSON and in XML: discovery, services, service
// definitions, POST requests with api_key, GET requests with every filter and
// the defaults (90 days / 1000), GET one request, tokens, request updates, and
// the error documents with 400, 403 and 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { act, apiToken, CODES, ok, PLACES } from './cases-fixtures.js';

const BASE = '/open311/v2';
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const REQUEST_FIELDS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
];

type Xml = { name: string; children: Xml[]; text: string };

/** A strict little XML reader for these documents: elements and text only; throws on anything malformed. */
function parseXml(source: string): Xml {
  let i = 0;
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const decode = (s: string) =>
    s.replace(/&(\w+);/g, (_, e: string) => {
      if (!(e in entities)) throw new Error(`unknown entity &${e};`);
      return entities[e];
    });
  const declaration = /^<\?xml[^?]*\?>/.exec(source);
  if (!declaration) throw new Error('no XML declaration');
  i = declaration[0].length;
  function element(): Xml {
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(source.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${source.slice(i, i + 30)}`);
    i += open[0].length;
    const node: Xml = { name: open[1], children: [], text: '' };
    if (open[2]) return node;
    for (;;) {
      if (source.startsWith(`</${node.name}>`, i)) {
        i += node.name.length + 3;
        return node;
      }
      if (source[i] === '<') node.children.push(element());
      else {
        const end = source.indexOf('<', i);
        if (end === -1) throw new Error('unterminated element');
        if (/[<>]/.test(source.slice(i, end))) throw new Error('raw markup in text');
        node.text += decode(source.slice(i, end));
        i = end;
      }
    }
  }
  const root = element();
  if (i !== source.length) throw new Error('trailing content');
  return root;
}
const child = (node: Xml, name: string) => node.children.find((c) => c.name === name);
const childNames = (node: Xml) => node.children.map((c) => c.name);

describe.skipIf(!backendAvailable())('Open311 GeoReport v2', () => {
  let t: TestApp;
  let key: string;
  let community: Caller;
  let department: Caller;

  const get = (path: string) => t.app.inject({ method: 'GET', url: `${BASE}${path}` });
  const post = (format: 'json' | 'xml', fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return t.app.inject({ method: 'POST', url: `${BASE}/requests.${format}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  };
  const valid = (extra: Record<string, string | string[]> = {}) => ({
    api_key: key,
    service_code: 'SJ0102',
    lat: String(PLACES.shangbaoGrid1.lat),
    long: String(PLACES.shangbaoGrid1.lon),
    description: '路口垃圾',
    'attribute[VOLUME]': 'medium',
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    key = await apiToken(t, 'city-app', 'street_staff', CODES.street);
    [community, department] = await Promise.all([t.login('community'), t.login('department')]);
  });
  afterAll(() => t?.close());

  describe('discovery', () => {
    it('describes the endpoint in JSON', async () => {
      const response = await get('/discovery.json');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const doc = response.json();
      expect(Object.keys(doc).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
      expect(doc.changeset).toMatch(W3C);
      expect(doc.endpoints).toEqual([
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/open311\/v2$/), changeset: doc.changeset, type: 'production', formats: ['text/xml', 'application/json'] },
      ]);
    });

    it('describes the endpoint in XML', async () => {
      const response = await get('/discovery.xml');
      expect(response.headers['content-type']).toBe('text/xml; charset=utf-8');
      const doc = parseXml(response.body);
      expect(doc.name).toBe('discovery');
      expect(childNames(doc)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
      const endpoint = child(child(doc, 'endpoints')!, 'endpoint')!;
      expect(childNames(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats']);
      expect(child(endpoint, 'formats')!.children.map((f) => [f.name, f.text])).toEqual([
        ['format', 'text/xml'],
        ['format', 'application/json'],
      ]);
    });
  });

  describe('services', () => {
    it('lists the public categories with every field', async () => {
      const services = (await get('/services.json')).json();
      expect(services.length).toBeGreaterThan(20);
      for (const s of services) {
        expect(Object.keys(s)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
        expect(typeof s.metadata).toBe('boolean');
        expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
        expect(typeof s.keywords).toBe('string');
      }
      const garbage = services.find((s: { service_code: string }) => s.service_code === 'SJ0102');
      expect(garbage).toEqual({ service_code: 'SJ0102', service_name: '暴露垃圾', description: '', metadata: true, type: 'realtime', keywords: '垃圾,脏乱', group: '市容环境' });
      // Personal matters are not published.
      expect(services.map((s: { service_code: string }) => s.service_code)).not.toContain('MS0601');
    });

    it('lists them in XML, one <service> each', async () => {
      const doc = parseXml((await get('/services.xml')).body);
      expect(doc.name).toBe('services');
      const garbage = doc.children.find((s) => child(s, 'service_code')!.text === 'SJ0102')!;
      expect(garbage.name).toBe('service');
      expect(childNames(garbage)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
      expect(child(garbage, 'metadata')!.text).toBe('true');
    });

    it('defines a service’s attributes with every field', async () => {
      const definition = (await get('/services/SJ0102.json')).json();
      expect(definition).toEqual({
        service_code: 'SJ0102',
        attributes: [
          {
            variable: true,
            code: 'VOLUME',
            datatype: 'singlevaluelist',
            required: true,
            datatype_description: '',
            order: 1,
            description: '垃圾量',
            values: [
              { key: 'small', name: '少量（1 平方米以内）' },
              { key: 'medium', name: '较多（1–5 平方米）' },
              { key: 'large', name: '大量（5 平方米以上）' },
            ],
          },
        ],
      });
      const doc = parseXml((await get('/services/SJ0102.xml')).body);
      expect(doc.name).toBe('service_definition');
      const attribute = child(child(doc, 'attributes')!, 'attribute')!;
      expect(childNames(attribute)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
      expect(child(attribute, 'values')!.children.map((v) => childNames(v))).toEqual([
        ['key', 'name'],
        ['key', 'name'],
        ['key', 'name'],
      ]);
    });

    it('answers an unknown service with 404 and the error document', async () => {
      const json = await get('/services/NOPE.json');
      expect(json.statusCode).toBe(404);
      expect(json.json()).toEqual([{ code: 404, description: 'service_code NOPE not found' }]);
      const xml = await get('/services/NOPE.xml');
      expect(xml.statusCode).toBe(404);
      const errors = parseXml(xml.body);
      expect(errors.name).toBe('errors');
      expect(errors.children.map((e) => [e.name, child(e, 'code')!.text, child(e, 'description')!.text])).toEqual([['error', '404', 'service_code NOPE not found']]);
    });

    it('offers only .json and .xml', async () => {
      const response = await get('/services.html');
      expect(response.statusCode).toBe(400);
      expect(response.json()[0].description).toContain('.json or .xml');
    });
  });

  describe('POST requests', () => {
    it('creates a request with an api_key and answers with id, token, notice and account', async () => {
      const response = await post('json', valid({ account_id: 'acc-7', first_name: '明', last_name: '王', email: 'wang@example.cn', phone: '13800000001', device_id: 'dev-1', media_url: 'https://img.example.cn/1.jpg' }));
      expect(response.statusCode).toBe(201);
      const [created] = response.json();
      expect(Object.keys(created)).toEqual(['service_request_id', 'token', 'service_notice', 'account_id']);
      expect(created).toMatchObject({ service_request_id: expect.stringMatching(/^GZ-/), token: expect.any(String), service_notice: '处置时限：4个工作小时', account_id: 'acc-7' });
      // The case is there for staff, with the reporter kept from the public.
      const staff = ok(await community.get(`/api/v1/cases?q=${created.service_request_id}`));
      expect(staff.items[0]).toMatchObject({ channel: 'open311', place: { gridCode: CODES.shangbaoGrid1 } });
      const reporters = ok(await community.get(`/api/v1/cases/${staff.items[0].id}/reporters`, 'case_handling')).items;
      expect(reporters[0]).toMatchObject({ name: '王明', email: 'wang@example.cn', phone: '13800000001', deviceId: 'dev-1', accountId: 'acc-7' });
      const published = (await get(`/requests/${created.service_request_id}.json`)).body;
      for (const personal of ['王明', 'wang@example.cn', '13800000001', 'dev-1']) expect(published).not.toContain(personal);
    });

    it('answers in XML when asked', async () => {
      const response = await post('xml', valid());
      expect(response.statusCode).toBe(201);
      const doc = parseXml(response.body);
      expect(doc.name).toBe('service_requests');
      expect(childNames(doc.children[0])).toEqual(['service_request_id', 'token', 'service_notice', 'account_id']);
    });

    it('places a request with only an address where the key’s holder works', async () => {
      const { 0: created } = (await post('json', { ...valid(), lat: [], long: [], address_string: '北山街道某路 1 号' } as never)).json();
      const view = (await get(`/requests/${created.service_request_id}.json`)).json()[0];
      expect(view).toMatchObject({ address: '北山街道某路 1 号', lat: null, long: null });
    });

    it('refuses a missing or wrong api_key with 403', async () => {
      const { api_key: _key, ...keyless } = valid();
      for (const fields of [keyless, { ...valid(), api_key: 'gz_not-a-real-key' }]) {
        const json = await post('json', fields);
        expect(json.statusCode).toBe(403);
        expect(json.json()).toEqual([{ code: 403, description: 'api_key is missing, unknown, revoked or expired' }]);
      }
      const xml = await post('xml', keyless);
      expect(xml.statusCode).toBe(403);
      expect(parseXml(xml.body).name).toBe('errors');
    });

    it('answers a refused bearer credential in the specification’s format too', async () => {
      const response = await t.app.inject({ method: 'GET', url: `${BASE}/services.xml`, headers: { authorization: 'Bearer gz_not-a-real-key' } });
      expect(response.statusCode).toBe(403);
      expect(child(child(parseXml(response.body), 'error')!, 'code')!.text).toBe('403');
    });

    it('refuses bad fields with 400, naming each, and an unknown service with 404', async () => {
      const missing = await post('json', { api_key: key, description: 'x' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().map((e: { description: string }) => e.description)).toEqual(['service_code: required', 'lat and long, address_string or address_id: a location is required']);
      const badPoint = await post('json', valid({ lat: 'north', long: '120.1' }));
      expect(badPoint.statusCode).toBe(400);
      expect(badPoint.json()[0].description).toMatch(/^lat:/);
      const outside = await post('json', valid({ lat: String(PLACES.outside.lat), long: String(PLACES.outside.lon) }));
      expect(outside.statusCode).toBe(400);
      expect(outside.json()[0].description).toMatch(/^lat\/long: .*outside every jurisdiction boundary/);
      const attribute = await post('json', valid({ 'attribute[VOLUME]': 'enormous' }));
      expect(attribute.statusCode).toBe(400);
      expect(attribute.json()).toEqual([{ code: 400, description: 'attribute[VOLUME]: must be one of small, medium, large' }]);
      const unknown = await post('xml', valid({ service_code: 'NOPE' }));
      expect(unknown.statusCode).toBe(404);
      expect(child(child(parseXml(unknown.body), 'error')!, 'code')!.text).toBe('404');
      // A key for one street cannot report in another.
      const elsewhere = await post('json', valid({ lat: String(PLACES.shihuiqiao.lat), long: String(PLACES.shihuiqiao.lon) }));
      expect(elsewhere.statusCode).toBe(403);
    });
  });

  describe('GET requests', () => {
    let first: string;
    let second: string;
    let old: string;

    beforeAll(async () => {
      t.clock.set('2026-08-01T10:00:00+08:00');
      old = (await post('json', valid({ description: '很久以前的请求' }))).json()[0].service_request_id;
      t.clock.set('2026-11-30T11:00:00+08:00');
      first = (await post('json', valid({ description: '第一个' }))).json()[0].service_request_id;
      second = (await post('json', valid({ service_code: 'SJ0104', description: '第二个', 'attribute[VOLUME]': [] }))).json()[0].service_request_id;
      [community, department] = await Promise.all([t.login('community'), t.login('department')]);
    });

    const ids = (response: { json(): Array<{ service_request_id: string }> }) => response.json().map((r) => r.service_request_id);

    it('returns every field of a request, in JSON and XML', async () => {
      const response = await get(`/requests/${first}.json`);
      expect(response.statusCode).toBe(200);
      const [request] = response.json();
      expect(Object.keys(request)).toEqual(REQUEST_FIELDS);
      expect(request).toMatchObject({
        service_request_id: first,
        status: 'open',
        service_name: '暴露垃圾',
        service_code: 'SJ0102',
        description: '第一个',
        agency_responsible: '西湖区城市管理局',
        service_notice: '处置时限：4个工作小时',
        address_id: null,
        zipcode: null,
        lat: PLACES.shangbaoGrid1.lat,
        long: PLACES.shangbaoGrid1.lon,
        media_url: null,
      });
      expect(request.requested_datetime).toMatch(W3C);
      expect(request.updated_datetime).toMatch(W3C);
      // Not dispatched yet: no handling clock, so nothing is expected yet.
      expect(request.expected_datetime).toBeNull();
      const doc = parseXml((await get(`/requests/${first}.xml`)).body);
      expect(doc.name).toBe('service_requests');
      expect(childNames(doc.children[0])).toEqual(REQUEST_FIELDS);
      expect(child(doc.children[0], 'lat')!.text).toBe(String(PLACES.shangbaoGrid1.lat));
    });

    it('answers an unknown request with 404', async () => {
      const response = await get('/requests/GZ-NOPE.json');
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual([{ code: 404, description: 'service_request_id GZ-NOPE not found' }]);
    });

    it('shows the last 90 days by default, newest first', async () => {
      const list = ids(await get('/requests.json'));
      expect(list.slice(0, 2)).toEqual([second, first]);
      expect(list).not.toContain(old);
    });

    it('filters by service_code, dates and status; a list of ids overrides every other filter', async () => {
      expect(ids(await get('/requests.json?service_code=SJ0104'))).toEqual([second]);
      const range = `start_date=${encodeURIComponent('2026-07-01T00:00:00+08:00')}&end_date=${encodeURIComponent('2026-09-01T00:00:00+08:00')}`;
      expect(ids(await get(`/requests.json?${range}`))).toEqual([old]);
      expect(ids(await get(`/requests.json?service_request_id=${first},${old}&service_code=SJ0104&${range}`)).sort()).toEqual([first, old].sort());
      expect(ids(await get('/requests.json?status=closed'))).toEqual([]);
      expect(ids(await get('/requests.json?status=open,closed')).length).toBeGreaterThanOrEqual(2);
      const bad = await get('/requests.xml?start_date=yesterday');
      expect(bad.statusCode).toBe(400);
      expect(child(child(parseXml(bad.body), 'error')!, 'description')!.text).toContain('start_date');
    });

    it('maps statuses to open and closed, with the latest public note and the expected time', async () => {
      const staffView = ok(await community.get(`/api/v1/cases?q=${first}`)).items[0];
      await act(community, staffView.id, { action: 'register' });
      await act(community, staffView.id, { action: 'dispatch', note: '已派城管中队' });
      let request = (await get(`/requests/${first}.json`)).json()[0];
      expect(request).toMatchObject({ status: 'open', status_notes: '已派城管中队' });
      // Dispatched at 11:00 with 4 working hours: one before lunch, three after.
      expect(request.expected_datetime).toBe(new Date('2026-11-30T16:30:00+08:00').toISOString());
      await act(department, staffView.id, { action: 'return', reason: '内部：人手不足' });
      expect((await get(`/requests/${first}.json`)).json()[0].status_notes).toBe('已派城管中队');
      const secondCase = ok(await community.get(`/api/v1/cases?q=${second}`)).items[0];
      await act(community, secondCase.id, { action: 'decline', reason: '重复报告' });
      request = (await get(`/requests/${second}.json`)).json()[0];
      expect(request).toMatchObject({ status: 'closed', status_notes: '重复报告' });
      expect(ids(await get('/requests.json?status=closed'))).toEqual([second]);
    });

    it('returns at most 1000 requests', async () => {
      const sample = await t.database.db.selectFrom('cases').select('id').where('number', '=', first).executeTakeFirstOrThrow();
      await sql`
        INSERT INTO cases
        SELECT (jsonb_populate_record(c, jsonb_build_object('id', gen_random_uuid(), 'serial', 900000 + g, 'number', 'BULK-' || g, 'open311_token', NULL))).*
        FROM cases c, generate_series(1, 1001) g
        WHERE c.id = ${sample.id}`.execute(t.database.db);
      expect((await get('/requests.json')).json()).toHaveLength(1000);
      await t.database.db.deleteFrom('cases').where('number', 'like', 'BULK-%').execute();
    });

    it('looks a request up by its token', async () => {
      const [created] = (await post('json', valid())).json();
      expect((await get(`/tokens/${created.token}.json`)).json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
      const doc = parseXml((await get(`/tokens/${created.token}.xml`)).body);
      expect(childNames(doc.children[0])).toEqual(['service_request_id', 'token']);
      expect((await get('/tokens/unknown.json')).statusCode).toBe(404);
    });

    it('publishes the public updates of a request (the request-updates extension)', async () => {
      const response = await get(`/servicerequestupdates.json?service_request_id=${first}`);
      expect(response.statusCode).toBe(200);
      const updates = response.json();
      for (const u of updates) expect(Object.keys(u)).toEqual(['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
      expect(updates.map((u: { description: string }) => u.description)).toEqual(['已派城管中队', '已立案', '已受理']);
      expect(JSON.stringify(updates)).not.toContain('人手不足');
      const doc = parseXml((await get(`/servicerequestupdates.xml?service_request_id=${first}`)).body);
      expect(doc.name).toBe('service_request_updates');
      expect(new Set(doc.children.map((c) => c.name))).toEqual(new Set(['request_update']));
    });
  });

  describe('hostile input', () => {
    it('returns script in a description as inert text in JSON and in XML', async () => {
      const hostile = `<script>alert('x')</script> & <b onmouseover="x">`;
      const [created] = (await post('json', valid({ description: hostile }))).json();
      expect((await get(`/requests/${created.service_request_id}.json`)).json()[0].description).toBe(hostile);
      const xml = (await get(`/requests/${created.service_request_id}.xml`)).body;
      expect(xml).not.toContain('<script>');
      expect(child(parseXml(xml).children[0], 'description')!.text).toBe(hostile);
    });

    it('keeps the XML well-formed whatever characters come in, and refuses the one character no database can store', async () => {
      const [created] = (await post('json', valid({ description: 'bell\u0007 tab\t 🚧' }))).json();
      const xml = (await get(`/requests/${created.service_request_id}.xml`)).body;
      expect(child(parseXml(xml).children[0], 'description')!.text).toBe('bell\uFFFD tab\t 🚧');
      expect((await get(`/requests/${created.service_request_id}.json`)).json()[0].description).toBe('bell\u0007 tab\t 🚧');
      const nul = await post('json', valid({ description: 'a\u0000b' }));
      expect(nul.statusCode).toBe(400);
      expect(nul.json()).toEqual([{ code: 400, description: 'description: must not contain the NUL character' }]);
    });
  });
});
