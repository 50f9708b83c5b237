import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { createApiToken } from '../../src/modules/org/service.js';

describe.skipIf(!backendAvailable())('logging in, sessions, CSRF, lockout and API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: ip });

  it('logs in with an httpOnly, SameSite session cookie and returns the user with grants', async () => {
    const response = await login('community', 'Demo@2026');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'gz_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const body = response.json();
    expect(body.user.username).toBe('community');
    expect(body.user.grants).toEqual([
      expect.objectContaining({ role: 'community_staff', jurisdiction: expect.objectContaining({ code: '330106002051', level: 'community' }) }),
    ]);
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const stored = await t.database.db.selectFrom('users').select('password_hash').where('username', '=', 'community').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers a wrong password with the standard error shape and no cookie', async () => {
    const response = await login('grid', 'wrong-password', '10.0.0.2');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'auth.invalid_credentials', message: 'Wrong username or password' } });
    expect(response.cookies).toHaveLength(0);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const response = await login('nobody-here', 'whatever1', '10.0.0.2');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.invalid_credentials');
  });

  it('locks an account after repeated failures, even for the right password, until the lockout ends', async () => {
    for (let i = 0; i < 5; i++) expect((await login('party', `bad-${i}`, '10.0.0.3')).statusCode).toBe(401);
    const locked = await login('party', 'Demo@2026', '10.0.0.3');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('auth.locked');
    t.clock.advance(16 * 60_000);
    expect((await login('party', 'Demo@2026', '10.0.0.3')).statusCode).toBe(200);
  });

  it('a success resets the failure count', async () => {
    for (let i = 0; i < 4; i++) await login('leader', `bad-${i}`, '10.0.0.4');
    expect((await login('leader', 'Demo@2026', '10.0.0.4')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login('leader', `bad-${i}`, '10.0.0.4');
    expect((await login('leader', 'Demo@2026', '10.0.0.4')).statusCode).toBe(200);
  });

  it('slows down one address that fails across many usernames', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login(`guess${i}`, 'x', '10.9.9.9')).statusCode;
    expect(last).toBe(429);
    // Another address is not affected.
    expect((await login('steward', 'Demo@2026', '10.9.9.10')).statusCode).toBe(200);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const caller = await t.login('admin');
    const cookie = (await login('admin', 'Demo@2026', '10.0.0.5')).cookies.find((c) => c.name === 'gz_session')!;
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { gz_session: cookie.value } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('auth.csrf');
    expect((await caller.post('/api/v1/auth/logout')).statusCode).toBe(204);
  });

  it('ends the session at logout', async () => {
    const caller = await t.login('street');
    expect((await caller.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await caller.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await caller.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.unauthenticated');
  });

  it('expires sessions after the configured hours', async () => {
    const caller = await t.login('auditor');
    t.clock.advance(11 * 3_600_000);
    expect((await caller.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(2 * 3_600_000);
    expect((await caller.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('lets another system in with an API token, scoped like a user, and stores only its hash', async () => {
    const token = await createApiToken({ db: t.database.db, clock: t.clock }, null, {
      name: 'civil-affairs-system',
      grants: [{ role: 'community_staff', jurisdictionCode: '330106002052' }],
      expiresAt: null,
    });
    const auth = { authorization: `Bearer ${token.secret}` };
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/jurisdictions', headers: auth });
    expect(response.statusCode).toBe(200);
    const codes = response.json().items.map((j: { code: string }) => j.code);
    expect(codes).toContain('330106002052');
    expect(codes).not.toContain('330106002051');
    const stored = await sql<{ n: number }>`SELECT count(*) AS n FROM api_tokens WHERE token_hash = ${token.secret}`.execute(t.database.db);
    expect(stored.rows[0].n).toBe(0);
    // Token callers write without CSRF: there is no cookie to ride on.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/people?limit=1', headers: { ...auth, 'x-purpose': 'service_delivery' } })).statusCode).toBe(200);
  });

  it('rejects unknown, revoked and expired tokens', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/jurisdictions', headers: { authorization: 'Bearer gz_not-a-token' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('auth.invalid_token');
    const expiring = await createApiToken({ db: t.database.db, clock: t.clock }, null, {
      name: 'short-lived',
      grants: [{ role: 'leader', jurisdictionCode: '330106' }],
      expiresAt: new Date(t.clock.now().getTime() + 60_000),
    });
    const headers = { authorization: `Bearer ${expiring.secret}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/jurisdictions', headers })).statusCode).toBe(200);
    t.clock.advance(120_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/jurisdictions', headers })).statusCode).toBe(401);
  });

  it('answers many requests arriving together each with its own session or token, never another\'s', async () => {
    // Lookups that arrive together are read in one round trip; each request must still get exactly its own.
    const usernames = ['community', 'community2', 'grid', 'street', 'department', 'steward'];
    const callers = await Promise.all(usernames.map((u) => t.login(u)));
    const ended = await t.login('resident');
    expect((await ended.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const token = await createApiToken({ db: t.database.db, clock: t.clock }, null, {
      name: 'batch-check-system',
      grants: [{ role: 'community_staff', jurisdictionCode: '330106002052' }],
      expiresAt: null,
    });
    const revoked = await createApiToken({ db: t.database.db, clock: t.clock }, null, {
      name: 'batch-check-revoked',
      grants: [{ role: 'leader', jurisdictionCode: '330106' }],
      expiresAt: null,
    });
    await t.database.db.updateTable('api_tokens').set({ revoked_at: t.clock.now() }).where('name', '=', 'batch-check-revoked').execute();

    const asked = Array.from({ length: 60 }, (_, i) => i);
    const answers = await Promise.all(
      asked.map(async (i) => {
        switch (i % 9) {
          case 6:
            return { expect: 401, response: await ended.get('/api/v1/auth/me') };
          case 7:
            return { expect: 401, response: await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { gz_session: `no-such-session-${i}` } }) };
          case 8: {
            const secret = i % 2 === 0 ? token.secret : revoked.secret;
            return { expect: i % 2 === 0 ? 'token' : 401, response: await t.app.inject({ method: 'GET', url: '/api/v1/jurisdictions', headers: { authorization: `Bearer ${secret}` } }) };
          }
          default:
            return { expect: usernames[i % 9], response: await callers[i % 9].get('/api/v1/auth/me') };
        }
      }),
    );
    for (const { expect: wanted, response } of answers) {
      if (wanted === 401) expect(response.statusCode).toBe(401);
      else if (wanted === 'token') {
        expect(response.statusCode).toBe(200);
        expect(response.json().items.map((j: { code: string }) => j.code)).not.toContain('330106002051');
      } else {
        expect(response.statusCode).toBe(200);
        expect(response.json().user.username).toBe(wanted);
      }
    }
  });

  it('lets a sysadmin create users but not give one person both auditor and sysadmin duties', async () => {
    const admin = await t.login('admin');
    const ok = await admin.post('/api/v1/users', {
      username: 'new.grid',
      displayName: '新网格员',
      password: 'Long-enough-1',
      grants: [{ role: 'grid_worker', jurisdictionCode: '33010600205102' }],
    });
    expect(ok.statusCode).toBe(201);
    const clash = await admin.post('/api/v1/users', {
      username: 'both.hats',
      displayName: '两顶帽子',
      password: 'Long-enough-1',
      grants: [
        { role: 'sysadmin', jurisdictionCode: '330106' },
        { role: 'auditor', jurisdictionCode: '330106' },
      ],
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.code).toBe('user.separation_of_duties');
    expect(clash.json().error.details.issues[0].path).toBe('grants[1].role');
    const invalid = await admin.post('/api/v1/users', { username: 'x', displayName: '', password: 'short', grants: [] });
    expect(invalid.statusCode).toBe(400);
    const paths = invalid.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.displayName', 'body.password', 'body.grants']));
    const community = await t.login('community');
    expect((await community.post('/api/v1/users', { username: 'sneaky', displayName: 's', password: 'Long-enough-1', grants: [{ role: 'sysadmin', jurisdictionCode: '330100' }] })).statusCode).toBe(403);
  });
});
