// The real app over a per-file test database, driven in-process with inject().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { createTestDatabase, currentBackend, type TestDatabase } from './database.js';
import type { Template } from './backends.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  /** Where the app keeps its files (case attachments under attachments/). */
  dataDir: string;
  /** Log in through the API and return a caller that sends the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Caller>;
  close(): Promise<void>;
}

export interface Caller {
  request(options: InjectOptions & { purpose?: string }): Promise<LightMyRequestResponse>;
  get(url: string, purpose?: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  userId: string;
}

export async function createTestApp(options: { template?: Template; now?: string } = {}): Promise<TestApp> {
  const database = await createTestDatabase(options.template ?? 'demo');
  const clock = fixedClock(options.now ?? '2026-11-30T10:00:00+08:00');
  // Files (case attachments) live under the data directory: PGlite's own, or a
  // temporary one beside a PostgreSQL database (whose location is a URL).
  const dataDir = currentBackend() === 'postgres' ? mkdtempSync(path.join(tmpdir(), 'gongzhi-files-')) : database.location;
  const config = loadConfig({ GONGZHI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = await buildApp({ database, db: database.db, clock, config, logger: false });
  await app.ready();
  return {
    app,
    database,
    clock,
    dataDir,
    async login(username, password = DEMO_PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'gz_session')!;
      const body = response.json() as { csrfToken: string; user: { id: string } };
      const request = ({ purpose, headers, ...rest }: InjectOptions & { purpose?: string }) =>
        app.inject({
          ...rest,
          cookies: { gz_session: cookie.value },
          headers: { 'x-csrf-token': body.csrfToken, ...(purpose ? { 'x-purpose': purpose } : {}), ...headers },
        });
      return {
        userId: body.user.id,
        request,
        get: (url, purpose) => request({ method: 'GET', url, purpose }),
        post: (url, payload) => request({ method: 'POST', url, payload: payload as InjectOptions['payload'] }),
      };
    },
    async close() {
      await app.close();
      await database.destroy();
      if (dataDir !== database.location) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
