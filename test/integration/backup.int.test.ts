// Logical backup and restore: a round trip keeps every row and the audit chain,
// a restore never silently overwrites data, and a bad file changes nothing.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backupDatabase, restoreDatabase } from '../../src/db/backup.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { appendAudit, verifyAuditChain } from '../../src/kernel/audit/audit.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { createUser } from '../../src/modules/org/service.js';
import { seedDemo } from '../../src/modules/demo/seed.js';
import { runDataDir } from '../support/backends.js';
import { backendAvailable, createTestDatabase, currentBackend, type TestDatabase } from '../support/database.js';
import { createCliDatabase, runCli, type CliDatabase } from '../support/cli.js';

const clock = fixedClock('2026-11-30T10:00:00+08:00');

/** Per table: row count and a digest of every row, independent of the session's time zone and of row order. */
async function fingerprint(database: Database): Promise<Record<string, string>> {
  return database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TIME ZONE 'UTC'`.execute(trx);
    const tables = await sql<{ name: string }>`
      SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'configuration_version') ORDER BY 1`.execute(trx);
    const result: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const { rows } = await sql<{ count: number; digest: string | null }>`
        SELECT count(*) AS count, md5(string_agg(to_jsonb(t)::text, E'\n' ORDER BY to_jsonb(t)::text)) AS digest
        FROM ${sql.table(name)} t`.execute(trx);
      result[name] = `${rows[0].count} rows ${rows[0].digest ?? ''}`;
    }
    return result;
  });
}

async function lastAuditHash(database: Database): Promise<string> {
  return (await database.db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).hash;
}

/** The lines of a backup file, to build damaged copies of it. */
const backupLines = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
const writeBackupLines = (file: string, lines: string[]) => writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));

describe.skipIf(!backendAvailable())('backup and restore', () => {
  let workDir: string;
  let source: TestDatabase;
  let backupFile: string;
  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-backup-'));
    source = await createTestDatabase('demo');
    // Activity beyond the template: a row with an identity key, and a user whose creation is audited.
    await source.db.insertInto('login_attempts').values({ username: 'community', ip: '10.0.0.1', succeeded: true, at: clock.now() }).execute();
    await createUser({ db: source.db, clock }, null, {
      username: 'backed-up',
      displayName: 'Backed Up',
      password: 'Correct-Horse-9',
      grants: [{ role: 'grid_worker', jurisdictionCode: '33010600205102' }],
    });
    backupFile = path.join(workDir, 'demo.backup.gz');
    await backupDatabase(source, backupFile);
  });
  afterAll(async () => {
    await source?.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('restores the demo district into an empty database with every row and the same audit chain', async () => {
    const target = await createTestDatabase('empty');
    try {
      const result = await restoreDatabase(target, backupFile, { force: false });
      const expected = await fingerprint(source);
      expect(result.refused).toBeUndefined();
      expect(await fingerprint(target)).toEqual(expected);
      expect(expected.people).toMatch(/^600 rows /);
      expect(result.rows).toBe(Object.values(expected).reduce((sum, f) => sum + Number(f.split(' ')[0]), 0));

      const chain = await verifyAuditChain(target.db);
      expect(chain).toMatchObject({ ok: true, checked: (await verifyAuditChain(source.db)).checked });
      expect(await lastAuditHash(target)).toBe(await lastAuditHash(source));

      // The restored database carries on: identity keys continue, and so does the chain.
      const next = await target.db.insertInto('login_attempts').values({ username: 'x', ip: null, succeeded: false, at: clock.now() }).returning('id').executeTakeFirstOrThrow();
      const previous = await source.db.selectFrom('login_attempts').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
      expect(next.id).toBe(Number(previous.id) + 1);
      await appendAudit(target.db, clock, {
        actor: null, role: null, scope: null, action: 'test.after_restore', targetType: null, targetIds: [],
        purpose: null, ip: null, requestId: null, outcome: 'allowed',
      });
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
    } finally {
      await target.destroy();
    }
  });

  describe('at the CLI, into a database that already holds data', () => {
    let target: CliDatabase;
    beforeAll(async () => {
      target = await createCliDatabase('demo');
    });
    afterAll(() => target?.destroy());

    it('refuses (exit 3, pointing at --force) and leaves the data as it was; --force replaces it', async () => {
      const before = await target.inspect(fingerprint);
      const refused = await runCli(['restore', backupFile], target.env);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/^refused: the database is in use \(\d+ audit entries, \d+ users, 77 jurisdictions\); pass --force to replace its contents$/m);
      expect(await target.inspect(fingerprint)).toEqual(before);

      const forced = await runCli(['restore', backupFile, '--force'], target.env);
      expect(forced.stderr).toBe('');
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(/^restored \d+ rows in \d+ tables from /m);
      const after = await target.inspect(fingerprint);
      expect(after).not.toEqual(before);
      expect(after).toEqual(await fingerprint(source));
    });

    it('fails (exit 1) on a file that is not a backup, saying so', async () => {
      const notGzip = path.join(workDir, 'notes.txt');
      writeFileSync(notGzip, 'these are not the rows you are looking for\n');
      const result = await runCli(['restore', notGzip, '--force'], target.env);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(`error: ${notGzip} is not a Gongzhi backup, or is damaged: incorrect header check`);
    });
  });

  describe('a file that is not a whole backup', () => {
    let target: TestDatabase;
    let before: Record<string, string>;
    beforeAll(async () => {
      target = await createTestDatabase('demo');
      await target.db.deleteFrom('role_grants').where('role', '=', 'resident').execute();
      before = await fingerprint(target);
    });
    afterAll(() => target?.destroy());

    const damaged: Array<[string, (lines: string[]) => string[] | Buffer, RegExp]> = [
      ['a gzipped file of something else', () => gzipSync('{"name":"package.json"}\n'), /is not a Gongzhi backup \(expected format gongzhi-backup\/1\)$/],
      [
        'a backup from a newer version',
        (lines) => {
          const header = JSON.parse(lines[0]);
          header.migrations.push('9999-from-the-future.sql');
          return [JSON.stringify(header), ...lines.slice(1)];
        },
        /^The backup needs migrations this version does not have: 9999-from-the-future.sql$/,
      ],
      ['a cut-off download', (lines) => gzipSync(`${lines.join('\n')}\n`).subarray(0, 4000), /is not a Gongzhi backup, or is damaged: unexpected end of file$/],
      ['a file that stops before its end marker', (lines) => lines.slice(0, -1), /is incomplete: it ends before its end marker$/],
      ['a file that lost some rows', (lines) => lines.filter((l) => !l.startsWith('{"table":"people"')), /is damaged: people should have 600 rows, found 0$/],
      ['a file with a garbled line', (lines) => [...lines.slice(0, 2), '{"table":"people","rows":[{"id"', ...lines.slice(3)], /is damaged: line 3 is not JSON$/],
      [
        'a consistent-looking file whose people have no households',
        (lines) => {
          const kept = lines.filter((l) => !l.startsWith('{"table":"households"'));
          const footer = JSON.parse(kept.at(-1)!);
          footer.rowCounts.households = 0;
          return [...kept.slice(0, -1), JSON.stringify(footer)];
        },
        /foreign key/,
      ],
    ];

    it.each(damaged)('%s is refused with a clear error, even with force, and nothing changes', async (name, damage, message) => {
      const file = path.join(workDir, `${name.replaceAll(' ', '-')}.gz`);
      const content = damage(backupLines(backupFile));
      if (Buffer.isBuffer(content)) writeFileSync(file, content);
      else writeBackupLines(file, content);
      await expect(restoreDatabase(target, file, { force: true })).rejects.toThrow(message);
      expect(await fingerprint(target)).toEqual(before);
    });
  });

  // Moving an embedded installation onto a server: taken on PGlite, restored on PostgreSQL.
  it.runIf(currentBackend() === 'postgres')('restores a backup taken on PGlite onto PostgreSQL', async () => {
    mkdirSync(runDataDir(), { recursive: true });
    const dataDir = mkdtempSync(path.join(runDataDir(), 'db-pglite-source-'));
    const file = path.join(workDir, 'pglite.backup.gz');
    const target = await createTestDatabase('empty');
    try {
      const embedded = await openDatabase({ dataDir });
      let expected: Record<string, string>;
      let expectedHash: string;
      try {
        await migrate(embedded);
        await seedDemo({ db: embedded.db, database: embedded, clock }, { people: 120, seed: 3 });
        await backupDatabase(embedded, file);
        expected = await fingerprint(embedded);
        expectedHash = await lastAuditHash(embedded);
      } finally {
        await embedded.close();
      }
      expect(embedded.backend).toBe('pglite');
      expect(target.backend).toBe('postgres');
      expect((await restoreDatabase(target, file, { force: false })).refused).toBeUndefined();
      expect(await fingerprint(target)).toEqual(expected);
      expect(expected.people).toMatch(/^120 rows /);
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
      expect(await lastAuditHash(target)).toBe(expectedHash);
    } finally {
      await target.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
