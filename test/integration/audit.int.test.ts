import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../support/app.js';
import { backendAvailable } from '../support/database.js';
import { appendAudit, auditAppendStatement, verifyAuditChain } from '../../src/kernel/audit/audit.js';

describe.skipIf(!backendAvailable())('the audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('records a read of personal data with who, role, scope, purpose and the records read', async () => {
    const staff = await t.login('community');
    const people = (await staff.get('/api/v1/people?limit=3', 'service_delivery')).json().items as Array<{ id: string }>;
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.search').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor: 'community',
      role: 'community_staff',
      purpose: 'service_delivery',
      outcome: 'allowed',
      target_type: 'person',
      target_ids: people.map((p) => p.id),
    });
    expect(entry.scope).toContain('330106002051');
  });

  it('records denied attempts too: no purpose, a purpose the role may not use, a missing permission', async () => {
    const staff = await t.login('community');
    const noPurpose = await staff.get('/api/v1/people');
    expect(noPurpose.statusCode).toBe(403);
    expect(noPurpose.json().error.code).toBe('access.purpose_required');
    const wrongPurpose = await staff.get('/api/v1/people', 'audit');
    expect(wrongPurpose.statusCode).toBe(403);
    const resident = await t.login('resident');
    expect((await resident.get('/api/v1/users')).statusCode).toBe(403);
    const denied = await t.database.db.selectFrom('audit_log').select(['actor', 'action', 'purpose']).where('outcome', '=', 'denied').orderBy('id').execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { actor: 'community', action: 'person.search', purpose: null },
        { actor: 'community', action: 'person.search', purpose: 'audit' },
        { actor: 'resident', action: 'user.list', purpose: null },
      ]),
    );
  });

  it('lets the auditor search the log, newest first, page by page, and filter by outcome', async () => {
    const auditor = await t.login('auditor');
    const first = await auditor.get('/api/v1/audit?limit=2&outcome=denied');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.items).toHaveLength(2);
    expect(page.items.every((e: { outcome: string }) => e.outcome === 'denied')).toBe(true);
    expect(Number(page.items[0].id)).toBeGreaterThan(Number(page.items[1].id));
    const second = (await auditor.get(`/api/v1/audit?limit=2&outcome=denied&cursor=${page.nextCursor}`)).json();
    expect(Number(second.items[0].id)).toBeLessThan(Number(page.items[1].id));
    const staff = await t.login('community');
    expect((await staff.get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('refuses to change or delete an entry', async () => {
    await expect(sql`UPDATE audit_log SET actor = 'someone else' WHERE id = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendAudit(t.database.db, t.clock, {
          actor: null, role: null, scope: null, action: `test.concurrent.${i}`, targetType: null, targetIds: [],
          purpose: null, ip: null, requestId: null, outcome: 'allowed',
        }),
      ),
    );
    const result = await verifyAuditChain(t.database.db);
    expect(result).toMatchObject({ ok: true, firstBroken: null });
    expect(result.checked).toBeGreaterThan(40);
  });

  it('appends a group of entries in one statement, in order, on the same chain as single appends made meanwhile', async () => {
    const entry = (action: string, targetIds: string[], details?: Record<string, unknown>) => ({
      actor: { kind: 'user' as const, id: '00000000-0000-4000-8000-000000000001', name: 'grouped' },
      role: 'resident', scope: '330106', action, targetType: 'case', targetIds, purpose: null, ip: '127.0.0.1', requestId: 'r-1', outcome: 'allowed' as const, details,
    });
    const group = [entry('test.group.0', ['a', 'b']), entry('test.group.1', [], { channel: '热线', nested: { z: 1, a: [2, null] } }), entry('test.group.2', ['c'])];
    await Promise.all([
      t.database.db.transaction().execute((trx) => auditAppendStatement(t.clock, group).execute(trx)),
      ...Array.from({ length: 5 }, (_, i) => appendAudit(t.database.db, t.clock, { ...entry(`test.single.${i}`, []), actor: null })),
    ]);
    const stored = await t.database.db.selectFrom('audit_log').selectAll().where('action', 'like', 'test.group.%').orderBy('id').execute();
    expect(stored.map((e) => [e.action, e.target_ids, e.details, e.actor_user_id, e.role])).toEqual([
      ['test.group.0', ['a', 'b'], null, '00000000-0000-4000-8000-000000000001', 'resident'],
      ['test.group.1', [], { channel: '热线', nested: { z: 1, a: [2, null] } }, '00000000-0000-4000-8000-000000000001', 'resident'],
      ['test.group.2', ['c'], null, '00000000-0000-4000-8000-000000000001', 'resident'],
    ]);
    // One group: consecutive ids, each linked to the one before.
    expect(stored.map((e) => e.id - stored[0].id)).toEqual([0, 1, 2]);
    expect(stored[1].prev_hash).toBe(stored[0].hash);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it('indexes each entry’s targets as it is written, never in a deferred batch that would stall a later writer', async () => {
    // GIN's pending list would make one insert in every ~75,000 merge them all while holding the chain's lock (migration 0343).
    const { rows } = await sql<{ options: string[] | null }>`SELECT reloptions AS options FROM pg_class WHERE relname = 'audit_log_targets'`.execute(t.database.db);
    expect(rows[0].options).toContain('fastupdate=off');
  });

  it('names the first entry that was tampered with', async () => {
    const auditor = await t.login('auditor');
    expect((await auditor.post('/api/v1/audit/verify')).json()).toMatchObject({ ok: true, firstBroken: null });
    const target = await t.database.db.selectFrom('audit_log').select(['id']).where('action', '=', 'person.search').orderBy('id').executeTakeFirstOrThrow();
    // Someone with direct database access edits history behind the trigger's back.
    await t.database.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
      UPDATE audit_log SET purpose = 'emergency' WHERE id = ${target.id};
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
    const result = (await auditor.post('/api/v1/audit/verify')).json();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ id: String(target.id), reason: 'hash' });
    expect(result.checked).toBe(target.id - 1);
  });
});
