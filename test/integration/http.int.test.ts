import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';

describe.skipIf(!backendAvailable())('the HTTP edge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('reports liveness and readiness with the backend', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', backend: t.database.backend });
  });

  it('echoes a request id, or makes one', async () => {
    expect((await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } })).headers['x-request-id']).toBe('abc-123');
    expect((await t.app.inject('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes, bad JSON and bad fields with one error shape', async () => {
    const missing = await t.app.inject('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'route.not_found', message: 'No route GET /api/v1/nothing-here' } });

    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toMatch(/^request\./);
    expect(malformed.body).not.toMatch(/at .*\.(ts|js):\d+/);

    const invalid = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '', password: 5 } });
    expect(invalid.statusCode).toBe(400);
    const error = invalid.json().error;
    expect(error.code).toBe('request.invalid');
    expect(error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.password', 'body.username']);
  });

  it('asks for a login on protected routes', async () => {
    const response = await t.app.inject('/api/v1/people');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.unauthenticated');
  });

  it('publishes an OpenAPI document listing the API and a browsable page', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/jurisdictions', '/api/v1/audit', '/api/v1/people/{id}']));
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
    const page = await t.app.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('lists jurisdictions limited to the scope, with the tree intact', async () => {
    const street = await t.login('street');
    const items = (await street.get('/api/v1/jurisdictions')).json().items as Array<{ code: string; level: string; parentCode: string | null }>;
    expect(items[0]).toMatchObject({ code: '330106002', level: 'street' });
    expect(items.filter((j) => j.level === 'community')).toHaveLength(4);
    expect(items.filter((j) => j.level === 'grid')).toHaveLength(20);
    expect(items.every((j) => j.code.startsWith('330106002'))).toBe(true);
    const grid = await street.get('/api/v1/jurisdictions/33010600205101');
    expect(grid.json()).toMatchObject({ level: 'grid', parentCode: '330106002051', boundary: { type: 'Polygon' } });
    const elsewhere = await street.get('/api/v1/jurisdictions/330106004053');
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe.skipIf(!backendAvailable())('serving the web UI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('serves the app shell for client-side routes and 404 for missing files', async () => {
    const route = await t.app.inject('/audit');
    expect(route.statusCode).toBe(200);
    expect(route.headers['content-type']).toMatch(/text\/html/);
    expect(route.body).toContain('<div id="root">');
    expect((await t.app.inject('/assets/no-such-chunk.js')).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/no-such-route')).json().error.code).toBe('route.not_found');
  });
});
