// Graceful shutdown of `gongzhi serve`: SIGTERM while requests are in flight
// lets every one of them finish, then closes the database cleanly.
//
// PGlite only: the shutdown code is the same on both backends, but on PostgreSQL
// a process killed mid-request loses only its connections, while on PGlite it
// holds the database itself, and an unclean exit can leave the data directory
// unusable. That is the case worth a real process and a real signal.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/kernel/audit/audit.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { currentBackend } from '../support/database.js';
import { CLI, cliEnvironment, createCliDatabase, type CliDatabase } from '../support/cli.js';

const REQUESTS = 50;

/** `gongzhi serve` as a child process whose output can be waited on. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, 'serve'], { env: cliEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    waiters.forEach((wake) => wake());
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves once the output so far satisfies `test`. */
    waitFor<T>(test: (stdout: string) => T | null | undefined | false): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = test(stdout);
          if (found) resolve(found);
        };
        waiters.push(check);
        void exited.then(({ code }) => reject(new Error(`serve exited (${code}) early:\n${stdout}\n${stderr}`)));
        check();
      });
    },
  };
}

/** Pino's request log lines with this message. */
const logged = (stdout: string, msg: string) => stdout.split('\n').filter((line) => line.includes(`"msg":"${msg}"`)).length;

function login(base: string, agent: http.Agent, username: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}api/v1/auth/login`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
    request.end(JSON.stringify({ username, password: DEMO_PASSWORD }));
  });
}

describe.skipIf(currentBackend() !== 'pglite')('stopping the server', () => {
  let target: CliDatabase;
  let server: ReturnType<typeof serve> | undefined;
  beforeAll(async () => {
    target = await createCliDatabase('demo');
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await target?.destroy();
  });

  it('finishes every request in flight on SIGTERM, exits 0 and leaves the data directory sound', async () => {
    server = serve({ ...target.env, PORT: '0', GONGZHI_SEED_DEMO: 'never', LOG_LEVEL: 'info' });
    const base = await server.waitFor((stdout) => /^ {2}Web UI: +(http:\/\/localhost:\d+\/)$/m.exec(stdout)?.[1]);

    // Keep-alive, as browsers do: idle connections must not hold the shutdown up.
    const agent = new http.Agent({ keepAlive: true });
    const responses = Promise.all(Array.from({ length: REQUESTS }, (_, i) => login(base, agent, DEMO_LOGINS[i % DEMO_LOGINS.length].username)));
    await server.waitFor((stdout) => logged(stdout, 'incoming request') === REQUESTS);
    // Password hashing makes logins slow enough that most are still running now.
    expect(logged(server.output().stdout, 'request completed')).toBeLessThan(REQUESTS);
    server.child.kill('SIGTERM');

    const answered = await responses;
    expect(answered.map((r) => r.status)).toEqual(Array(REQUESTS).fill(200));
    // The keep-alive connections the answers leave open must not hold the exit up.
    expect(await Promise.race([server.exited, sleep(10_000, 'still running 10 s after the last answer')])).toEqual({ code: 0, signal: null });
    expect(server.output().stdout).toContain('"msg":"shutting down: finishing in-flight requests"');
    agent.destroy();

    // Opened again, the data directory holds every login the server answered.
    await target.inspect(async (database) => {
      const sessions = await database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(sessions.n).toBe(REQUESTS);
      const logins = await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'auth.login').executeTakeFirstOrThrow();
      expect(logins.n).toBe(REQUESTS);
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
    });
  }, 120_000);

  it('sweeps cases on its own every GONGZHI_SWEEP_MINUTES, and stops sweeping on SIGTERM', async () => {
    server = serve({ ...target.env, PORT: '0', GONGZHI_SEED_DEMO: 'never', LOG_LEVEL: 'info', GONGZHI_SWEEP_MINUTES: '0.002' });
    await server.waitFor((stdout) => logged(stdout, 'case sweep') >= 2);
    const sweep = JSON.parse(server.output().stdout.split('\n').find((line) => line.includes('"msg":"case sweep"'))!) as { sweep: Record<string, number> };
    expect(Object.keys(sweep.sweep)).toEqual(expect.arrayContaining(['warnings', 'escalations', 'supervisions', 'invitations']));
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output().stdout).not.toContain('"msg":"case sweep failed"');
  }, 120_000);
});
