// Where the test databases live: embedded PGlite templates on disk, and on a
// real PostgreSQL server template databases cloned per test file.
import path from 'node:path';
import pg from 'pg';

export const TEST_DATA_DIR = path.resolve(import.meta.dirname, '../../.test-data');
export const TEMPLATES = ['empty', 'demo'] as const;
export type Template = (typeof TEMPLATES)[number];

/** People in the demo template: enough for every query shape, small enough to copy fast. */
export const DEMO_TEMPLATE_PEOPLE = 600;

/**
 * One test run's templates are its own, so two runs on one machine (two
 * terminals, or CI beside a developer) never rebuild each other's templates.
 * The global setup sets the id before any test worker starts.
 */
export function testRunId(): string {
  process.env.GONGZHI_TEST_RUN_ID ??= String(process.pid);
  return process.env.GONGZHI_TEST_RUN_ID;
}

export const runDataDir = () => path.join(TEST_DATA_DIR, `run-${testRunId()}`);
export const pgliteTemplateDir = (template: Template) => path.join(runDataDir(), `template-${template}`);
export const postgresTemplateName = (template: Template) => `gongzhi_template_${template}_${testRunId()}`;

/** The server to test against: DATABASE_URL, or the local one these machines run. */
export function postgresAdminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export function urlForDatabase(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
