// Logical backup and restore that work the same for PGlite and PostgreSQL, so
// an embedded installation can move to a server (and back). The file is
// gzipped JSON lines: a header naming the migrations, then each table's rows in
// foreign-key order. A physical dump would tie the file to one backend.
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { Database } from './database.js';
import { migrationStatus } from './migrate.js';

const FORMAT = 'gongzhi-backup/1';
const PAGE = 2000;

interface Header {
  format: string;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

/** Application tables, parents before children (from the catalogue's foreign keys). */
async function tablesInDependencyOrder(database: Database): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations' ORDER BY c.relname`.execute(database.db)
  ).rows.map((r) => r.name);
  const edges = (
    await sql<{ child: string; parent: string }>`
      SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`.execute(database.db)
  ).rows;
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const e of edges) if (e.child === table && e.parent !== table) visit(e.parent);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

export async function backupDatabase(database: Database, file: string, onProgress?: (done: number, total: number) => void) {
  const tables = await tablesInDependencyOrder(database);
  const { applied } = await migrationStatus(database);
  const gzip = createGzip();
  const out = createWriteStream(file);
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  const header: Header = { format: FORMAT, createdAt: new Date().toISOString(), migrations: applied, tables };
  await write(header);
  let rows = 0;
  // One snapshot for the whole backup, so it is consistent across tables.
  await database.db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    for (const [index, table] of tables.entries()) {
      for (let offset = 0; ; offset += PAGE) {
        const page = await sql<{ row: unknown }>`SELECT to_jsonb(t) AS row FROM ${sql.table(table)} t ORDER BY 1 LIMIT ${PAGE} OFFSET ${offset}`.execute(trx);
        if (page.rows.length === 0) break;
        await write({ table, rows: page.rows.map((r) => r.row) });
        rows += page.rows.length;
      }
      onProgress?.(index + 1, tables.length);
    }
  });
  gzip.end();
  await once(out, 'finish');
  return { tables: tables.length, rows };
}

export interface RestoreResult {
  tables: number;
  rows: number;
  refused?: string;
}

export async function restoreDatabase(
  database: Database,
  file: string,
  options: { force: boolean; onProgress?: (done: number, total: number) => void },
): Promise<RestoreResult> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = first.done ? null : (JSON.parse(first.value) as Header);
  if (!header || header.format !== FORMAT) throw new Error(`${file} is not a Gongzhi backup (expected format ${FORMAT})`);
  const { applied } = await migrationStatus(database);
  const unknown = header.migrations.filter((m) => !applied.includes(m));
  if (unknown.length) throw new Error(`The backup needs migrations this version does not have: ${unknown.join(', ')}`);

  const tables = await tablesInDependencyOrder(database);
  const nonEmpty = [];
  for (const table of tables) {
    const row = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS any`.execute(database.db);
    if (row.rows[0].any) nonEmpty.push(table);
  }
  if (nonEmpty.length && !options.force) {
    lines.close();
    return { tables: 0, rows: 0, refused: `the database is not empty (${nonEmpty.join(', ')}); pass --force to replace its contents` };
  }

  let rows = 0;
  const restored = new Set<string>();
  // All or nothing: a failed restore leaves the database as it was.
  await database.db.transaction().execute(async (trx) => {
    if (nonEmpty.length) await sql.raw(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`).execute(trx);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const chunk = JSON.parse(next.value) as { table: string; rows: unknown[] };
      if (!tables.includes(chunk.table)) throw new Error(`The backup has a table this version does not know: ${chunk.table}`);
      await sql`INSERT INTO ${sql.table(chunk.table)} OVERRIDING SYSTEM VALUE
        SELECT * FROM jsonb_populate_recordset(NULL::${sql.table(chunk.table)}, ${JSON.stringify(chunk.rows)}::jsonb)`.execute(trx);
      rows += chunk.rows.length;
      if (!restored.has(chunk.table)) {
        restored.add(chunk.table);
        options.onProgress?.(restored.size, header.tables.length);
      }
    }
    // Identity columns continue after the restored rows.
    const identities = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND is_identity = 'YES'`.execute(trx);
    for (const { table_name, column_name } of identities.rows) {
      await sql`SELECT setval(pg_get_serial_sequence(${table_name}, ${column_name}),
        COALESCE((SELECT max(${sql.ref(column_name)}) FROM ${sql.table(table_name)}), 0) + 1, false)`.execute(trx);
    }
  });
  return { tables: restored.size, rows };
}
