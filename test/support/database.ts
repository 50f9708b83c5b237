// A fresh, migrated database per test file, on the backend the project names.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { runDataDir, pgliteTemplateDir, postgresTemplateName, urlForDatabase, withAdminClient, type Template } from './backends.js';

export type TestBackend = 'pglite' | 'postgres';

export function currentBackend(): TestBackend {
  return process.env.GONGZHI_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';
}

/** False only when the postgres project runs outside CI with no server to talk to. */
export function backendAvailable(): boolean {
  return currentBackend() === 'pglite' || inject('postgresAvailable') === true;
}

export interface TestDatabase extends Database {
  /** postgres://… for the postgres backend, the data directory for PGlite. */
  location: string;
  destroy(): Promise<void>;
}

export async function createTestDatabase(template: Template = 'demo'): Promise<TestDatabase> {
  if (currentBackend() === 'postgres') {
    const name = `gongzhi_test_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${postgresTemplateName(template)}`));
    const location = urlForDatabase(name);
    const database = await openDatabase({ databaseUrl: location, poolSize: 5 });
    return {
      ...database,
      location,
      async destroy() {
        await database.close();
        await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const dir = mkdtempSync(path.join(runDataDir(), `db-${template}-`));
  cpSync(pgliteTemplateDir(template), dir, { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  return {
    ...database,
    location: dir,
    async destroy() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
