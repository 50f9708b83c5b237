// Build the migrated (and demo-seeded) templates once per run, so each test
// file starts from a copy in milliseconds instead of migrating from scratch.
import { mkdirSync, rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { fixedClock } from '../../src/kernel/clock.js';
import { seedDemo } from '../../src/modules/demo/seed.js';
import {
  DEMO_TEMPLATE_PEOPLE,
  TEMPLATES,
  runDataDir,
  pgliteTemplateDir,
  postgresReachable,
  postgresTemplateName,
  urlForDatabase,
  testRunId,
  withAdminClient,
  type Template,
} from './backends.js';

export const TEMPLATE_CLOCK_START = '2026-11-02T09:00:00+08:00';

async function fill(database: Database, template: Template) {
  await migrate(database);
  if (template === 'demo') {
    await seedDemo({ db: database.db, database, clock: fixedClock(TEMPLATE_CLOCK_START) }, { people: DEMO_TEMPLATE_PEOPLE, seed: 7 });
  }
}

export default async function setup(project: TestProject) {
  const backend = project.config.env?.GONGZHI_TEST_BACKEND;
  testRunId();
  if (backend === 'postgres') {
    if (!(await postgresReachable())) {
      if (process.env.CI === 'true') throw new Error('CI=true but PostgreSQL is not reachable: the PostgreSQL suite is mandatory in CI');
      console.warn('PostgreSQL is not reachable: the postgres project is skipped (set DATABASE_URL or start the local server)');
      project.provide('postgresAvailable', false);
      return;
    }
    project.provide('postgresAvailable', true);
    const dropTemplates = () =>
      withAdminClient(async (client) => {
        for (const template of TEMPLATES) await client.query(`DROP DATABASE IF EXISTS ${postgresTemplateName(template)} WITH (FORCE)`);
      });
    for (const template of TEMPLATES) {
      const name = postgresTemplateName(template);
      await withAdminClient(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${name}`);
      });
      const database = await openDatabase({ databaseUrl: urlForDatabase(name), poolSize: 2 });
      try {
        await fill(database, template);
      } finally {
        await database.close();
      }
    }
    return dropTemplates;
  }
  mkdirSync(runDataDir(), { recursive: true });
  for (const template of TEMPLATES) {
    const dir = pgliteTemplateDir(template);
    rmSync(dir, { recursive: true, force: true });
    const database = await openDatabase({ dataDir: dir });
    try {
      await fill(database, template);
    } finally {
      await database.close();
    }
  }
  return () => rmSync(runDataDir(), { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}
