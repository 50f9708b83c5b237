// Logical backup and restore that work the same for PGlite and PostgreSQL, so
// an embedded installation can move to a server (and back). A physical dump
// would tie the file to one backend.
//
// The file is gzipped JSON lines:
//   {"format":"gongzhi-backup/1","createdAt":…,"migrations":[…],"tables":{"people":["id",…],…}}
//   {"table":"people","rows":[{…},…]}            as many as needed, in any order
//   {"end":true,"rowCounts":{"people":600,…}}     so a cut-off file is noticed
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';
import { migrationStatus } from './migrate.js';

const FORMAT = 'gongzhi-backup/1';
const PAGE = 2000;

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  /** Each table's stored columns (generated ones are recomputed on restore). */
  tables: Record<string, string[]>;
}

interface Footer {
  end: true;
  rowCounts: Record<string, number>;
}

interface Rows {
  table: string;
  rows: unknown[];
}

/** One line of the file, before it is known which kind it is. */
type Line = Partial<Header & Footer & Rows>;

/**
 * Application tables and their stored columns, in column order. Not the
 * migrations' record, nor the configuration version: that counts changes
 * within one database for the processes using it, and a restore raises it.
 */
export async function tableColumns(db: Kysely<DB>): Promise<Record<string, string[]>> {
  const rows = (
    await sql<{ table_name: string; column_name: string }>`
      SELECT c.relname AS table_name, a.attname AS column_name
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('schema_migrations', 'configuration_version')
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`.execute(db)
  ).rows;
  const tables: Record<string, string[]> = {};
  for (const { table_name, column_name } of rows) (tables[table_name] ??= []).push(column_name);
  return tables;
}

export async function backupDatabase(database: Database, file: string, onProgress?: (done: number, total: number) => void) {
  // Written beside the target and renamed at the end: a failed backup never replaces a good one.
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  await once(out, 'open');
  const gzip = createGzip();
  const written = pipeline(gzip, out);
  written.catch(() => {}); // a write error is reported where `written` is awaited
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await Promise.race([once(gzip, 'drain'), written]);
  };
  try {
    const rowCounts: Record<string, number> = {};
    // One snapshot for the whole backup, so it is consistent across tables.
    await database.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      const tables = await tableColumns(trx);
      const { applied } = await migrationStatus({ ...database, db: trx });
      const header: Header = { format: FORMAT, createdAt: new Date().toISOString(), migrations: applied, tables };
      await write(JSON.stringify(header));
      const names = Object.keys(tables);
      for (const [index, table] of names.entries()) {
        rowCounts[table] = 0;
        // The rows leave the database as JSON text and go into the file untouched.
        await sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM ${sql.table(table)} t`.execute(trx);
        for (;;) {
          const page = await sql<{ row: string }>`FETCH ${sql.lit(PAGE)} FROM backup_rows`.execute(trx);
          if (page.rows.length === 0) break;
          await write(`{"table":${JSON.stringify(table)},"rows":[${page.rows.map((r) => r.row).join(',')}]}`);
          rowCounts[table] += page.rows.length;
        }
        await sql`CLOSE backup_rows`.execute(trx);
        onProgress?.(index + 1, names.length);
      }
    });
    const footer: Footer = { end: true, rowCounts };
    await write(JSON.stringify(footer));
    gzip.end();
    await written;
    await rename(partial, file);
    return { tables: Object.keys(rowCounts).length, rows: sum(rowCounts) };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    await rm(partial, { force: true });
    throw error;
  }
}

export interface RestoreResult {
  tables: number;
  rows: number;
  refused?: string;
}

/**
 * What shows that a database is in use rather than just migrated: every change
 * made through the platform is audited, and nothing happens without users and
 * jurisdictions. Reference data that migrations install does not count.
 */
async function signsOfUse(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<Record<string, number>>`
    SELECT (SELECT count(*) FROM audit_log) AS "audit entries", (SELECT count(*) FROM users) AS users,
      (SELECT count(*) FROM jurisdictions) AS jurisdictions`.execute(db);
  return Object.entries(rows[0]).filter(([, count]) => count > 0).map(([what, count]) => `${count} ${what}`);
}

/**
 * Load a backup in one transaction: all or nothing. The database must be at the
 * backup's migrations, and not in use unless `force`, which replaces its contents.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  options: { force: boolean; onProgress?: (done: number, total: number) => void },
): Promise<RestoreResult> {
  const lines = readBackup(file);
  try {
    const first = await lines.next();
    const header = first.done ? null : first.value.value;
    if (header?.format !== FORMAT || !header.tables || !Array.isArray(header.migrations)) {
      throw new Error(`${file} is not a Gongzhi backup (expected format ${FORMAT})`);
    }
    const { migrations, tables: backedUp } = header;
    const { applied } = await migrationStatus(database);
    const unknown = migrations.filter((m) => !applied.includes(m));
    if (unknown.length) throw new Error(`The backup needs migrations this version does not have: ${unknown.join(', ')}`);
    // Rows from before a migration may not satisfy it (a backfilled column, new reference data).
    const newer = applied.filter((m) => !migrations.includes(m));
    if (newer.length) {
      throw new Error(`The backup was taken before migrations ${newer.join(', ')}: restore it with the version that took it, then upgrade`);
    }
    const tableCount = Object.keys(backedUp).length;

    return await database.db.transaction().execute(async (trx) => {
      const inUse = await signsOfUse(trx);
      if (inUse.length && !options.force) {
        return { tables: 0, rows: 0, refused: `the database is in use (${inUse.join(', ')}); pass --force to replace its contents` };
      }
      // Everything goes, reference data from the migrations included: the backup has its own copy.
      const tables = Object.keys(await tableColumns(trx));
      await sql`TRUNCATE ${sql.join(tables.map((t) => sql.table(t)))} RESTART IDENTITY`.execute(trx);

      // Foreign keys are set aside while loading and put back after, in this
      // transaction: rows may then come in any order (a jurisdiction before its
      // parent), and each key is checked once over the whole table.
      const foreignKeys = (
        await sql<{ table_name: string; name: string; definition: string }>`
          SELECT t.relname AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
          FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
          WHERE c.contype = 'f' AND n.nspname = 'public'`.execute(trx)
      ).rows;
      for (const fk of foreignKeys) await sql`ALTER TABLE ${sql.table(fk.table_name)} DROP CONSTRAINT ${sql.ref(fk.name)}`.execute(trx);
      // Triggers that derive values from other rows (a household's living members, from its people) stay
      // off while loading: the backup holds the derived values as they were.
      for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(trx);

      const rowCounts: Record<string, number> = {};
      let footer: Footer | null = null;
      for await (const { text, value } of lines) {
        if (footer) throw new Error(`${file} is damaged: it continues after its end marker`);
        if (value.end === true) {
          footer = value as Footer;
          continue;
        }
        const { table, rows } = value as Rows;
        const columns = backedUp[table];
        if (!columns) throw new Error(`${file} is damaged: rows of table ${table}, which its header does not list`);
        const list = sql.join(columns.map((c) => sql.ref(c)));
        await sql`INSERT INTO ${sql.table(table)} (${list}) OVERRIDING SYSTEM VALUE
          SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${text}::jsonb -> 'rows')`.execute(trx);
        rowCounts[table] = (rowCounts[table] ?? 0) + rows.length;
        options.onProgress?.(Object.keys(rowCounts).length, tableCount);
      }
      if (!footer) throw new Error(`${file} is incomplete: it ends before its end marker`);
      for (const [table, count] of Object.entries(footer.rowCounts)) {
        if ((rowCounts[table] ?? 0) !== count) throw new Error(`${file} is damaged: ${table} should have ${count} rows, found ${rowCounts[table] ?? 0}`);
      }

      for (const fk of foreignKeys) {
        await sql`ALTER TABLE ${sql.table(fk.table_name)} ADD CONSTRAINT ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(trx);
      }
      for (const table of tables) await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(trx);
      // Running processes' copies of the configuration are of the contents just replaced.
      await sql`UPDATE configuration_version SET version = nextval('configuration_version_numbers')`.execute(trx);
      // Identity columns continue after the restored rows.
      const identities = await sql<{ table_name: string; column_name: string }>`
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND is_identity = 'YES'`.execute(trx);
      for (const { table_name, column_name } of identities.rows) {
        await sql`SELECT setval(pg_get_serial_sequence(${table_name}, ${column_name}),
          COALESCE((SELECT max(${sql.ref(column_name)}) FROM ${sql.table(table_name)}), 0) + 1, false)`.execute(trx);
      }
      options.onProgress?.(tableCount, tableCount);
      return { tables: tableCount, rows: sum(rowCounts) };
    });
  } finally {
    await lines.return(undefined);
  }
}

/** The file's lines, each as text and parsed; anything that is not gzipped JSON lines fails with a message naming the file. */
async function* readBackup(file: string): AsyncGenerator<{ text: string; value: Line }> {
  const gunzip = createGunzip();
  // A read error reaches the lines below through gunzip, which the pipeline destroys with it.
  const reading = pipeline(createReadStream(file), gunzip).catch(() => {});
  let number = 0;
  try {
    for await (const text of createInterface({ input: gunzip, crlfDelay: Infinity })) {
      number++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new BackupFileError(`${file} is not a Gongzhi backup, or is damaged: line ${number} is not JSON`);
      }
      if (value === null || typeof value !== 'object') throw new BackupFileError(`${file} is not a Gongzhi backup, or is damaged: line ${number} is not an object`);
      yield { text, value: value as Line };
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    if (code?.startsWith('Z_')) throw new BackupFileError(`${file} is not a Gongzhi backup, or is damaged: ${message}`);
    throw new BackupFileError(`cannot read ${file}: ${message}`);
  } finally {
    gunzip.destroy();
    await reading;
  }
}

class BackupFileError extends Error {}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
