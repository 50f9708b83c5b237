import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';
import { ADVISORY_LOCKS } from './advisory-locks.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f)).sort();
}

async function ensureLedger(database: Database) {
  await database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
}

export async function migrationStatus(database: Database): Promise<MigrationStatus> {
  const files = await migrationFiles();
  const exists = await sql<{ present: boolean }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`.execute(database.db);
  const applied = exists.rows[0].present
    ? (await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(database.db)).rows.map((r) => r.name)
    : [];
  return { applied, pending: files.filter((f) => !applied.includes(f)) };
}

/** Apply every migration not yet applied, each in its own transaction. Forward only. */
export async function migrate(database: Database, onApplied?: (name: string) => void): Promise<string[]> {
  await ensureLedger(database);
  const done: string[] = [];
  await database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${ADVISORY_LOCKS.migrations})`.execute(conn);
    try {
      const { pending } = await migrationStatus({ ...database, db: conn as typeof database.db });
      for (const name of pending) {
        const script = await readFile(path.join(MIGRATIONS_DIR, name), 'utf8');
        await conn.transaction().execute(async (trx) => {
          for (const statement of splitStatements(script)) await sql.raw(statement).execute(trx);
          await sql`INSERT INTO schema_migrations (name) VALUES (${name})`.execute(trx);
        });
        done.push(name);
        onApplied?.(name);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(${ADVISORY_LOCKS.migrations})`.execute(conn);
    }
  });
  return done;
}

/**
 * Split a migration script into statements so each runs through the same
 * connection and transaction on both backends. Understands quotes, comments and
 * dollar-quoted bodies — the only constructs our migrations use.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < script.length) {
    const rest = script.slice(i);
    const dollar = /^\$[a-zA-Z_]*\$/.exec(rest);
    if (rest.startsWith('--')) {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
      continue;
    }
    if (dollar) {
      const end = script.indexOf(dollar[0], i + dollar[0].length);
      const stop = end === -1 ? script.length : end + dollar[0].length;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    const ch = script[i];
    if (ch === "'") {
      let j = i + 1;
      while (j < script.length && !(script[j] === "'" && script[j + 1] !== "'")) j += script[j] === "'" ? 2 : 1;
      current += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
