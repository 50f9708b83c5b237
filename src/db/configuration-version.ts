// Per-process copies of configuration that rarely changes, checked against the
// configuration version (0331-configuration-version.sql) on every use: a change
// made by any process raises the version when it commits, and the next reader
// anywhere loads afresh. Read the version first, then use the copy: loading
// after reading can only label newer contents with an older number, which the
// next read of the version corrects.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/** The current configuration version as an SQL expression, for a query that reads it along with something else. */
export const configurationVersionExpression = sql<string>`(SELECT version::text FROM configuration_version)`;

/** The current configuration version: one indexed single-row read. */
export async function configurationVersion(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ version: string }>`SELECT ${configurationVersionExpression} AS version`.execute(db);
  return rows[0].version;
}

/**
 * A loader whose result is kept per database handle and reused while the
 * version is the one it was loaded at. Concurrent callers at one version share
 * one load; a failed load is not kept.
 */
export function versionedCache<T>(load: (db: Kysely<DB>) => Promise<T>): (db: Kysely<DB>, version: string) => Promise<T> {
  const copies = new WeakMap<Kysely<DB>, { version: string; value: Promise<T> }>();
  return (db, version) => {
    const copy = copies.get(db);
    if (copy?.version === version) return copy.value;
    const value = load(db);
    copies.set(db, { version, value });
    value.catch(() => {
      if (copies.get(db)?.value === value) copies.delete(db);
    });
    return value;
  };
}
