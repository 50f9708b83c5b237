// Every list and get route, called by a user of community A, returns nothing of
// community B; a resident reaches no staff route. New routes are picked up
// automatically: a GET route with a path parameter this test does not know
// fails the test until it is given a community-B value below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { PURPOSES } from '../../src/kernel/access/roles.js';
import { sampleFile, sampleProfile, upload } from '../support/imports.js';

const COMMUNITY_A = '330106002051';
const COMMUNITY_B = '330106002052';

describe.skipIf(!backendAvailable())('jurisdiction isolation across every GET route', () => {
  let t: TestApp;
  let staffA: Caller;
  let resident: Caller;
  const routes: Array<{ method: string; url: string }> = [];
  // Values that exist only in community B: if any shows up in A's answers, it leaked.
  const markersOfB: string[] = [];
  const paramValuesOfB: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    staffA = await t.login('community');
    resident = await t.login('resident');
    const staffB = await t.login('community2');
    for (const route of listRoutes(t)) routes.push(route);

    const peopleB = (await staffB.get('/api/v1/people?limit=200', 'service_delivery')).json().items as Array<{ id: string; idNumber: string; name: string }>;
    expect(peopleB.length).toBeGreaterThan(0);
    const usersB = (await staffB.get('/api/v1/users')).json().items as Array<{ id: string; username: string }>;
    markersOfB.push(COMMUNITY_B, ...peopleB.map((p) => p.id), ...usersB.filter((u) => u.username === 'community2').map((u) => u.id));
    paramValuesOfB.code = COMMUNITY_B;
    paramValuesOfB.id = peopleB[0].id;
    paramValuesOfB.userId = usersB.find((u) => u.username === 'community2')!.id;

    // Registry records of community B, and an import and a profile made for it by the district's data steward.
    const residentOfB = (peopleB as unknown as Array<{ householdId: string | null; dwellingId: string | null }>).find((p) => p.householdId && p.dwellingId)!;
    paramValuesOfB.householdId = residentOfB.householdId!;
    paramValuesOfB.dwellingId = residentOfB.dwellingId!;
    paramValuesOfB.organisationId = await organisationIn(t, COMMUNITY_B);
    markersOfB.push(paramValuesOfB.householdId, paramValuesOfB.dwellingId, paramValuesOfB.organisationId);
    const steward = await t.login('steward');
    paramValuesOfB.importId = (await upload(steward, 'b.csv', sampleFile('household-registration.csv'), `jurisdictionCode=${COMMUNITY_B}`)).json().id;
    paramValuesOfB.profileId = (await steward.post('/api/v1/mapping-profiles', { text: sampleProfile('household-registration') })).json().id;
    // A pair in the linkage review queue, and a merge, both of a community-B person.
    Object.assign(paramValuesOfB, await linkageRecordsIn(t, paramValuesOfB.importId, peopleB[0].id, peopleB[1].id));
    markersOfB.push(paramValuesOfB.reviewId, paramValuesOfB.mergeId);

    // A case found on patrol in community B, with a photo.
    const caseB = await staffB.post('/api/v1/cases', {
      categoryCode: 'SJ0104',
      channel: 'patrol',
      description: 'marker-of-community-B-case',
      location: { lon: 120.113, lat: 30.255 },
    });
    expect(caseB.statusCode, caseB.body).toBe(201);
    const { id: caseId, number } = caseB.json() as { id: string; number: string };
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]);
    const boundary = 'scope-isolation';
    const photo = await staffB.request({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/attachments`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="b.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        jpeg,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(photo.statusCode, photo.body).toBe(201);
    markersOfB.push(caseId, number, 'marker-of-community-B-case');
    paramValuesOfB.caseId = caseId;
    paramValuesOfB.attachmentId = photo.json().attachmentIds[0];

    // A collection form opened by community B's staff on one of its residents.
    paramValuesOfB.formId = (await staffB.get('/api/v1/forms')).json().items[0].id;
    const submissionB = await staffB.request({ method: 'POST', url: `/api/v1/forms/${paramValuesOfB.formId}/submissions`, payload: { personId: peopleB[0].id }, purpose: 'service_delivery' });
    expect(submissionB.statusCode, submissionB.body).toBe(201);
    paramValuesOfB.submissionId = submissionB.json().id;
    markersOfB.push(paramValuesOfB.submissionId);

    // A report community B generated for itself, and its fill-in task; metrics and templates are the district's.
    const reportB = await staffB.post('/api/v1/reports', { template: 'TY-VETERAN', jurisdictionCode: COMMUNITY_B, referenceDate: '2026-06-30' });
    expect(reportB.statusCode, reportB.body).toBe(201);
    paramValuesOfB.reportId = reportB.json().id;
    paramValuesOfB.taskId = reportB.json().tasks[0].id;
    paramValuesOfB.templateId = 'TY-VETERAN';
    paramValuesOfB.metricCode = 'ty_veterans';
    markersOfB.push(paramValuesOfB.reportId, paramValuesOfB.taskId);
  });
  afterAll(() => t?.close());

  function concreteUrl(url: string, route: string): string {
    return url.replace(/:(\w+)/g, (_, name: string) => {
      // The same parameter name means different things on different routes.
      if (name === 'id' && route.startsWith('/api/v1/users')) return paramValuesOfB.userId;
      const value = paramValuesOfB[name];
      if (!value) throw new Error(`No community-B value for :${name} in ${route}; add one to this test`);
      return value;
    });
  }

  async function callEveryRoute(caller: Caller): Promise<Array<{ url: string; response: LightMyRequestResponse }>> {
    const results = [];
    for (const route of routes) {
      const url = concreteUrl(route.url, route.url);
      // Try every purpose, so a purpose-gated route cannot hide a leak behind a 403.
      for (const purpose of [undefined, ...PURPOSES]) {
        results.push({ url: `${url} (${purpose ?? 'no purpose'})`, response: await caller.get(url, purpose) });
      }
    }
    return results;
  }

  it('finds the data routes to check', () => {
    const urls = routes.map((r) => r.url);
    expect(urls).toEqual(expect.arrayContaining(['/api/v1/people', '/api/v1/people/:id', '/api/v1/users', '/api/v1/users/:id', '/api/v1/jurisdictions']));
  });

  it('shows a community-A user nothing of community B', async () => {
    const leaks = [];
    for (const [who, caller] of [['staff', staffA], ['resident', resident]] as const) {
      for (const { url, response } of await callEveryRoute(caller)) {
        if (response.statusCode >= 500) leaks.push(`${who} ${url}: server error ${response.statusCode}`);
        // An error may echo the id that was asked for; only an answer can leak.
        if (response.statusCode >= 400) continue;
        for (const marker of markersOfB) if (response.body.includes(marker)) leaks.push(`${who} ${url} shows ${marker}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('still shows community A its own data (the check above is not vacuous)', async () => {
    const own = await staffA.get('/api/v1/people?limit=5', 'service_delivery');
    expect(own.statusCode).toBe(200);
    expect(own.json().items.length).toBeGreaterThan(0);
    const jurisdictions = await staffA.get('/api/v1/jurisdictions');
    expect(jurisdictions.json().items.map((j: { code: string }) => j.code)).toContain(COMMUNITY_A);
  });

  it('keeps residents out of staff routes', async () => {
    const residentRoutes = new Set([
      '/api/v1/auth/me',
      '/api/v1/jurisdictions',
      '/api/v1/jurisdictions/:code',
      // Reporting a problem needs the categories; a resident's own reports are theirs to see.
      '/api/v1/case-categories',
      '/api/v1/my/cases',
      '/api/v1/my/cases/:caseId',
      '/api/v1/my/cases/:caseId/attachments/:attachmentId',
      // Who read the resident's own record (PIPL).
      '/api/v1/me/data-access',
    ]);
    const reached = [];
    for (const route of routes.filter((r) => !residentRoutes.has(r.url))) {
      for (const purpose of [undefined, ...PURPOSES]) {
        const response = await resident.get(concreteUrl(route.url, route.url), purpose);
        if (response.statusCode < 400) reached.push(`${route.url} (${purpose ?? 'no purpose'}) → ${response.statusCode}`);
      }
    }
    expect(reached).toEqual([]);
  });
});

/** An organisation with premises in the community, for a page that must not be shown elsewhere. */
async function organisationIn(t: TestApp, communityCode: string): Promise<string> {
  const community = await t.database.db.selectFrom('jurisdictions').select('path').where('code', '=', communityCode).executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('organisations')
    .values({ id: 'O-scope-test', jurisdiction_path: community.path, credit_code: '91350100M000100Y43', name: '宝石社区便民超市' })
    .execute();
  return 'O-scope-test';
}

/** A review pair and a merge of community-B persons, as linking an import and a steward's merge leave them. */
async function linkageRecordsIn(t: TestApp, importId: string, personId: string, otherId: string): Promise<{ reviewId: string; mergeId: string }> {
  const db = t.database.db;
  const person = await db.selectFrom('people').select('jurisdiction_path').where('id', '=', personId).executeTakeFirstOrThrow();
  const review = await db
    .insertInto('linkage_reviews')
    .values({
      source_id: 'initial-load', record_key: 'B-record', import_id: importId, row_number: 2, person_id: personId, jurisdiction_path: person.jurisdiction_path,
      reason: 'uncertain', weight: 3, explanation: JSON.stringify({ fields: [] }), status: 'pending', created_at: t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const merge = await db
    .insertInto('person_merges')
    .values({ survivor_id: otherId, merged_id: 'P-merged-in-B', jurisdiction_path: person.jurisdiction_path, reason: 'scope test', snapshot: '{}', merged_at: t.clock.now(), merged_by_name: 'steward' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { reviewId: review.id, mergeId: merge.id };
}

/** Every GET route under /api/v1 that the app registered. */
function listRoutes(t: TestApp): Array<{ method: string; url: string }> {
  return t.app.registeredRoutes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/'));
}
