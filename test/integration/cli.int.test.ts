// The CLI as an operator uses it: real `node bin/gongzhi.js` processes against a
// test database, checked through the API and the database afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { fixedClock } from '../../src/kernel/clock.js';
import type { Database } from '../../src/db/database.js';
import { buildCli } from '../../src/main.js';
import { backendAvailable } from '../support/database.js';
import { createCliDatabase, runCli, type CliDatabase } from '../support/cli.js';

/** Every command path of the CLI, from its definition: [], ['serve'], ['users'], ['users', 'create'], … */
function commandPaths(command: Command, prefix: string[] = []): Array<{ path: string[]; command: Command }> {
  return [{ path: prefix, command }, ...command.commands.flatMap((sub) => commandPaths(sub, [...prefix, sub.name()]))];
}

/** The app over the database the CLI wrote to, for a request or two. */
async function withApp<T>(database: Database, work: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>): Promise<T> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const app = await buildApp({ database, db: database.db, clock: fixedClock('2026-11-30T10:00:00+08:00'), config, logger: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

describe.skipIf(!backendAvailable())('the gongzhi CLI', () => {
  let target: CliDatabase;
  beforeAll(async () => {
    target = await createCliDatabase('demo');
  });
  afterAll(() => target?.destroy());

  it('prints help for the program and every command, naming its options, and exits 0', async () => {
    const commands = commandPaths(buildCli()).filter(({ path }) => path.at(-1) !== 'help');
    expect(commands.map(({ path }) => path.join(' '))).toEqual(
      expect.arrayContaining(['', 'serve', 'migrate', 'seed demo', 'users create', 'tokens create', 'audit verify', 'backup', 'restore']),
    );
    // Every command's help is commander's, the same in-process as in a process of its own: two real
    // processes show that the program prints it and exits 0, the rest are read in-process (a process
    // per command costs seconds of CPU each, for nothing the two do not show).
    for (const path of [[], ['users', 'create']]) {
      const { code, stdout } = await runCli([...path, '--help']);
      expect(code, `gongzhi ${path.join(' ')} --help`).toBe(0);
      expect(stdout).toBe(commands.find((c) => c.path.join(' ') === path.join(' '))!.command.helpInformation());
    }
    for (const { path, command } of commands) {
      const help = command.helpInformation();
      expect(help, `gongzhi ${path.join(' ')} --help`).toContain(`Usage: gongzhi ${path.join(' ')}`.trimEnd());
      for (const option of command.options) expect(help).toContain(option.long!);
      for (const sub of command.commands) expect(help).toContain(sub.name());
    }
  });

  it('creates a user who can then log in through the API', async () => {
    const created = await runCli(
      ['users', 'create', '--username', 'cli-wang', '--password', 'Correct-Horse-9', '--role', 'community_staff', '--scope', '330106002052'],
      target.env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^created user cli-wang \([0-9a-f-]{36}\)$/m);

    const login = await target.inspect((database) =>
      withApp(database, (app) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'cli-wang', password: 'Correct-Horse-9' } })),
    );
    expect(login.statusCode).toBe(200);
    expect(login.json().user.grants).toEqual([expect.objectContaining({ role: 'community_staff', jurisdiction: expect.objectContaining({ code: '330106002052' }) })]);
  });

  it('rejects an unknown role as bad usage (exit 2), naming the option and the roles', async () => {
    const result = await runCli(['users', 'create', '--username', 'x', '--password', 'Correct-Horse-9', '--role', 'mayor', '--scope', '330106'], target.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--role <r>' argument 'mayor' is invalid");
    expect(result.stderr).toContain('community_staff');
  });

  it('rejects an import chunk of no rows as bad usage (exit 2), naming the option', async () => {
    const result = await runCli(['import', '--profile', 'any.yaml', '--chunk-rows', '0', 'any.csv'], target.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--chunk-rows <n>' argument '0' is invalid. must be at least 1");
  });

  it('fails (exit 1) on an unknown jurisdiction, saying which option was wrong, and creates nobody', async () => {
    const result = await runCli(['users', 'create', '--username', 'cli-nobody', '--password', 'Correct-Horse-9', '--role', 'leader', '--scope', '999999'], target.env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('error: --scope: unknown jurisdiction 999999');
    const user = await target.inspect((database) => database.db.selectFrom('users').select('id').where('username', '=', 'cli-nobody').executeTakeFirst());
    expect(user).toBeUndefined();
  });

  it('creates an API token whose secret, printed once, authenticates within its scope', async () => {
    const result = await runCli(['tokens', 'create', '--name', 'hotline', '--role', 'street_staff', '--scope', '330106004'], target.env);
    expect(result.code).toBe(0);
    const secret = /^secret \(shown once\): (\S+)$/m.exec(result.stdout)?.[1];
    expect(secret).toMatch(/^gz_/);

    const [withToken, withWrongToken] = await target.inspect((database) =>
      withApp(database, (app) =>
        Promise.all([
          app.inject({ url: '/api/v1/jurisdictions', headers: { authorization: `Bearer ${secret}` } }),
          app.inject({ url: '/api/v1/jurisdictions', headers: { authorization: `Bearer ${secret}x` } }),
        ]),
      ),
    );
    expect(withToken.statusCode).toBe(200);
    const codes = (withToken.json().items as Array<{ code: string }>).map((j) => j.code);
    expect(codes[0]).toBe('330106004');
    expect(codes.every((code) => code.startsWith('330106004'))).toBe(true);
    expect(withWrongToken.statusCode).toBe(401);
  });

  it('verifies the audit chain: exit 0 when intact, exit 1 naming the entry that was changed', async () => {
    const intact = await runCli(['audit', 'verify'], target.env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit chain intact: \d+ entries$/m);

    // Someone with direct database access edits history behind the trigger's back.
    const tampered = await target.inspect(async (database) => {
      const entry = await database.db.selectFrom('audit_log').select('id').where('action', '=', 'user.create').orderBy('id').executeTakeFirstOrThrow();
      await database.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
        UPDATE audit_log SET actor = 'nobody' WHERE id = ${entry.id};
        ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;`);
      return entry.id;
    });
    const broken = await runCli(['audit', 'verify'], target.env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`audit chain BROKEN at entry ${tampered} `);
    expect(broken.stderr).toContain(`${tampered - 1} entries before it are intact`);
  });

  it('stops with exit 2 on a bad environment variable, naming it', async () => {
    const result = await runCli(['migrate'], { ...target.env, PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Invalid configuration:\n\s+PORT: /);
  });

  it('says an up-to-date database is up to date, applying nothing', async () => {
    const result = await runCli(['migrate'], target.env);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('database is up to date');
  });
});
