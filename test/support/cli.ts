// Driving the real CLI (`node bin/gongzhi.js …`) against a test database, as an
// operator would, and looking at that database in-process between commands.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/database.js';
import { createTestDatabase, currentBackend, type TestDatabase } from './database.js';
import type { Template } from './backends.js';

export const CLI = path.resolve(import.meta.dirname, '../../bin/gongzhi.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The configuration the tests do not choose is removed from the environment
 * (the postgres project itself may run with DATABASE_URL set).
 */
export function cliEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|PORT|HOST|LOG_LEVEL|GONGZHI_.*)$/.test(name)),
  );
  return { ...inherited, LOG_LEVEL: 'silent', ...env };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cliEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A test database handed over to CLI processes: its location, and a way to look inside between commands. */
export interface CliDatabase {
  location: string;
  /** DATABASE_URL or GONGZHI_DATA_DIR, whichever the backend needs. */
  env: Record<string, string>;
  /** Open the database for `work` and close it again: PGlite is one process's database, so never while the CLI runs. */
  inspect<T>(work: (database: Database) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

export async function createCliDatabase(template: Template = 'demo'): Promise<CliDatabase> {
  const test: TestDatabase = await createTestDatabase(template);
  await test.close();
  const { location } = test;
  const onPostgres = currentBackend() === 'postgres';
  return {
    location,
    env: onPostgres ? { DATABASE_URL: location } : { GONGZHI_DATA_DIR: location },
    async inspect(work) {
      const database = await openDatabase(onPostgres ? { databaseUrl: location, poolSize: 2 } : { dataDir: location });
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },
    destroy: () => test.destroy(),
  };
}
