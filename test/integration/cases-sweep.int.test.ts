// The sweep: warnings before a limit, escalation up the chain once per level
// — exactly once even with concurrent sweepers on one database — supervision
// at the top, rating invitations after the delay, and the CLI that runs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type Caller, type TestApp } from '../support/app.js';
import { backendAvailable, currentBackend } from '../support/database.js';
import { createCliDatabase, runCli } from '../support/cli.js';
import { openDatabase } from '../../src/db/database.js';
import { sweepCases, type SweepReport } from '../../src/modules/cases/sweep.js';
import { insertEscalation } from '../../src/modules/cases/sweep-repo.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { act, CODES, detail, handled, ok, report } from './cases-fixtures.js';

// The test clock starts on Monday 30 November 2026, 10:00 in Hangzhou.
const at = (local: string) => new Date(`${local}+08:00`);

describe.skipIf(!backendAvailable())('the case sweep', () => {
  let t: TestApp;
  let resident: Caller;
  let community: Caller;
  let department: Caller;
  let grid: Caller;

  beforeAll(async () => {
    t = await createTestApp();
    [resident, community, department, grid] = await Promise.all(['resident', 'community', 'department', 'grid'].map((u) => t.login(u)));
  });
  afterAll(() => t?.close());

  const sweep = (local: string) => sweepCases({ db: t.database.db }, { now: at(local) });
  const none: SweepReport = { warnings: 0, escalations: 0, supervisions: 0, invitations: 0 };

  it('warns before a limit, then escalates an overdue stage one level per working day, up to supervision by the district', async () => {
    t.clock.set(at('2026-11-30T10:00:00'));
    const created = await report(resident);
    // Registering is due in 2 working hours (12:00); the warning comes at three quarters (11:30).
    expect(await sweep('2026-11-30T11:00:00')).toEqual(none);
    expect(await sweep('2026-11-30T11:31:00')).toEqual({ ...none, warnings: 1 });
    expect(await sweep('2026-11-30T11:45:00')).toEqual(none);
    expect(await sweep('2026-11-30T12:00:00')).toEqual({ ...none, escalations: 1 });
    expect(await sweep('2026-11-30T17:00:00')).toEqual(none);
    // One working day after the limit (lunch, night and all): Tuesday 12:00, the street.
    expect(await sweep('2026-12-01T11:59:00')).toEqual(none);
    expect(await sweep('2026-12-01T12:00:00')).toEqual({ ...none, escalations: 1 });
    // A day later the district, and with it supervision (督办).
    expect(await sweep('2026-12-02T12:00:00')).toEqual({ ...none, escalations: 1, supervisions: 1 });
    expect(await sweep('2026-12-10T12:00:00')).toEqual(none);

    const c = await detail(community, created.id);
    expect(c.escalations.map((e: { level: number; toJurisdictionCode: string; stage: string }) => [e.level, e.toJurisdictionCode, e.stage])).toEqual([
      [1, CODES.shangbao, 'register'],
      [2, CODES.street, 'register'],
      [3, CODES.district, 'register'],
    ]);
    expect(c.escalationLevel).toBe(3);
    expect(c.supervisedAt).toBe(at('2026-12-02T12:00:00').toISOString());
    expect(c.supervisions).toEqual([expect.objectContaining({ automatic: true, issuedBy: 'case sweep' })]);
    expect(c.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'deadline_warning', 'escalate', 'escalate', 'escalate', 'supervise']);
    expect(c.timeline[2]).toMatchObject({ actor: { kind: 'system', name: 'case sweep' }, note: '北山街道立案超时，升级至上保社区', public: false });
    t.clock.set(at('2026-12-02T12:30:00'));
    const overdue = ok(await (await t.login('community')).get('/api/v1/cases?overdue=true&escalated=true&limit=1000'));
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it('jumps straight to the level reached when it has not run for a while, each level still recorded once', async () => {
    t.clock.set(at('2026-12-07T09:00:00'));
    [resident, community] = await Promise.all([t.login('resident'), t.login('community')]);
    const created = await report(resident);
    expect(await sweep('2026-12-11T09:00:00')).toEqual({ warnings: 1, escalations: 3, supervisions: 1, invitations: 0 });
    expect((await detail(community, created.id)).escalations.map((e: { level: number }) => e.level)).toEqual([1, 2, 3]);
  });

  it('escalates exactly once with several sweepers running at the same time', async () => {
    t.clock.set(at('2026-12-14T09:00:00'));
    [resident] = await Promise.all([t.login('resident')]);
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push((await report(resident, { description: `并发测试 ${i}` })).id);
    const now = at('2026-12-18T09:00:00');
    // Separate connection pools on PostgreSQL, as separate server processes would have.
    const others = currentBackend() === 'postgres' ? await Promise.all([1, 2, 3].map(() => openDatabase({ databaseUrl: t.database.location, poolSize: 3 }))) : [];
    try {
      const sweepers = [t.database.db, ...(others.length ? others.map((o) => o.db) : [t.database.db, t.database.db, t.database.db])];
      // Small batches, so the sweepers take turns claiming.
      const reports = await Promise.all(sweepers.map((db) => sweepCases({ db }, { now, batchSize: 5 })));
      const total = reports.reduce((sum, r) => ({ warnings: sum.warnings + r.warnings, escalations: sum.escalations + r.escalations, supervisions: sum.supervisions + r.supervisions, invitations: 0 }), none);
      expect(total).toEqual({ warnings: ids.length, escalations: 3 * ids.length, supervisions: ids.length, invitations: 0 });
      if (others.length) expect(reports.filter((r) => r.escalations > 0).length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
    const rows = await t.database.db
      .selectFrom('case_escalations')
      .select(['case_id', 'level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('case_id', 'in', ids)
      .groupBy(['case_id', 'level'])
      .execute();
    expect(rows).toHaveLength(3 * ids.length);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const events = await t.database.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', 'in', ids)
      .where('action', 'in', ['escalate', 'supervise', 'deadline_warning'])
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(5 * ids.length);
    expect(await sweepCases({ db: t.database.db }, { now })).toEqual(none);
  });

  it('records a level once even when two sweepers reach the same stage: the unique constraint decides', async () => {
    t.clock.set(at('2026-12-15T09:00:00'));
    resident = await t.login('resident');
    const created = await report(resident);
    const deadline = await t.database.db.selectFrom('case_deadlines').select('id').where('case_id', '=', created.id).executeTakeFirstOrThrow();
    const other = currentBackend() === 'postgres' ? await openDatabase({ databaseUrl: t.database.location, poolSize: 2 }) : null;
    try {
      const row = { case_id: created.id, deadline_id: deadline.id, stage: 'register', level: 1, to_jurisdiction_code: CODES.shangbao, at: at('2026-12-16T09:00:00') };
      const inserted = await Promise.all(
        [t.database.db, other?.db ?? t.database.db].map((db) => db.transaction().execute((trx) => insertEscalation(trx, row))),
      );
      expect(inserted.filter((id) => id !== null)).toHaveLength(1);
    } finally {
      await other?.close();
    }
  });

  it('stops escalating a stage once it is done', async () => {
    t.clock.set(at('2026-12-21T09:00:00'));
    [resident, community] = await Promise.all([t.login('resident'), t.login('community')]);
    const created = await report(resident);
    await sweep('2026-12-21T11:00:00');
    expect((await detail(community, created.id)).escalations).toHaveLength(1);
    t.clock.set(at('2026-12-21T11:05:00'));
    community = await t.login('community');
    await act(community, created.id, { action: 'register' });
    await sweep('2026-12-28T11:00:00');
    expect((await detail(community, created.id)).escalations).toHaveLength(1);
  });

  it('invites a reporter to rate once the delay has passed, once, and never a rated or patrol case', async () => {
    t.clock.set(at('2027-01-04T09:00:00'));
    [resident, community, department, grid] = await Promise.all(['resident', 'community', 'department', 'grid'].map((u) => t.login(u)));
    await sweepCases({ db: t.database.db }, { now: at('2027-01-04T09:00:00') });
    const people = { resident, community, department };
    const unrated = await handled(people);
    const rated = await handled(people);
    ok(await resident.post(`/api/v1/my/cases/${rated.id}/rating`, { overall: 4, solved: true, contacted: true }), 201);
    const patrol = await handled({ ...people, resident: grid }, { channel: 'patrol' });
    // Three natural days after handling.
    const before = await sweepCases({ db: t.database.db }, { now: at('2027-01-07T08:59:00') });
    expect(before.invitations).toBe(0);
    const due = await sweepCases({ db: t.database.db }, { now: at('2027-01-07T09:01:00') });
    expect(due.invitations).toBe(1);
    expect((await sweepCases({ db: t.database.db }, { now: at('2027-01-08T09:00:00') })).invitations).toBe(0);
    t.clock.set(at('2027-01-07T09:05:00'));
    resident = await t.login('resident');
    const mine = ok(await resident.get(`/api/v1/my/cases/${unrated.id}`));
    expect(mine.ratingInvitedAt).toBe(at('2027-01-07T09:01:00').toISOString());
    expect(mine.timeline.at(-1)).toMatchObject({ action: 'rating_invitation', note: '请对办理结果进行评价' });
    const invited = await t.database.db.selectFrom('cases').select(['id', 'rating_invited_at']).where('id', 'in', [rated.id, patrol.id]).execute();
    expect(invited.every((c) => c.rating_invited_at === null)).toBe(true);
  });
});

describe.skipIf(!backendAvailable())('gongzhi cases sweep', () => {
  it('sweeps as of --now, and a second run finds nothing more to do', async () => {
    const target = await createCliDatabase();
    try {
      await target.inspect(async (database) => {
        const clock = fixedClock('2026-11-30T10:00:00+08:00');
        const app = await buildApp({ database, db: database.db, clock, config: loadConfig({ GONGZHI_DATA_DIR: target.location, LOG_LEVEL: 'silent' }), logger: false });
        const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'resident', password: DEMO_PASSWORD } });
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          cookies: { gz_session: login.cookies.find((c) => c.name === 'gz_session')!.value },
          headers: { 'x-csrf-token': login.json().csrfToken },
          payload: { categoryCode: 'SJ0102', description: '垃圾', location: { lon: 120.101, lat: 30.255 }, attributes: { VOLUME: 'small' } },
        });
        expect(created.statusCode).toBe(201);
        await app.close();
      });
      const first = await runCli(['cases', 'sweep', '--now', '2026-12-01T10:00:00+08:00'], target.env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('swept as of 2026-12-01T02:00:00.000Z: 1 warnings, 1 escalations, 0 supervisions, 0 rating invitations');
      const second = await runCli(['cases', 'sweep', '--now', '2026-12-01T10:00:00+08:00'], target.env);
      expect(second.stdout).toContain('0 warnings, 0 escalations');
      const bad = await runCli(['cases', 'sweep', '--now', 'tomorrow'], target.env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--now');
      const stored = await target.inspect((database) =>
        database.db.selectFrom('case_escalations').select((eb) => eb.fn.countAll<number>().as('n')).where(sql<boolean>`true`).executeTakeFirstOrThrow(),
      );
      expect(Number(stored.n)).toBe(1);
    } finally {
      await target.destroy();
    }
  });
});
