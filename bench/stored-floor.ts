// A second baseline for the import benchmark: how long the database alone takes
// to write what an import stored. After a run, the tables the import wrote are
// dumped (untimed); a fresh registry of the same backend then loads them with
// COPY, in one transaction, with every index, constraint and foreign-key check
// in place, as a load into a live registry must keep them. No parsing, mapping
// or linking is left in it: an import cannot be faster than this on the same
// machine, schema and configuration.
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { tableColumns } from '../src/db/backup.js';
import { migrate } from '../src/db/migrate.js';
import type { Database } from '../src/db/database.js';
import { cpuSecondsOf, postgresProcesses } from './scratch.js';

/** What a department import writes, parents before children. */
export const STORED_TABLES = [
  'dwellings',
  'households',
  'people',
  'person_dwellings',
  'person_link_basis',
  'person_link_keys',
  'source_records',
  'registry_statements',
  'import_rows',
  'linkage_decisions',
  'linkage_reviews',
  'linkage_corrections',
] as const;

interface Manifest {
  /** Every table, in dump order: the stored ones and the rest of the registry they refer to. */
  tables: Array<{ table: string; columns: string[]; rows: number; stored: boolean }>;
}

export interface StoredFloor {
  seconds: number;
  /** CPU time of the database's processes during the load: PostgreSQL's server processes, or this process for PGlite. */
  cpuSeconds: number;
  rows: number;
  tables: Array<{ table: string; rows: number; megabytes: number; seconds: number }>;
}

/** Dump every application table of a PostgreSQL registry as CSV into `dir`, with the rows COPY counted. */
export async function dumpRegistry(database: Database, url: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const tables = await tableColumns(database.db);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const manifest: Manifest = { tables: [] };
    for (const [table, columns] of Object.entries(tables)) {
      const copy = client.query(copyTo(`COPY ${table} (${columns.join(', ')}) TO STDOUT WITH (FORMAT csv)`));
      await pipeline(copy, createWriteStream(path.join(dir, `${table}.csv`)));
      manifest.tables.push({ table, columns, rows: copy.rowCount, stored: (STORED_TABLES as readonly string[]).includes(table) });
    }
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  } finally {
    await client.end();
  }
}

/**
 * Load a dump into a fresh database: the rest of the registry first, untimed and
 * without foreign-key checks; then the stored tables, timed, with them.
 */
export async function loadStored(database: Database, dir: string): Promise<StoredFloor> {
  await migrate(database);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const order = (t: { table: string }) => STORED_TABLES.indexOf(t.table as (typeof STORED_TABLES)[number]);
  const stored = manifest.tables.filter((t) => t.stored).sort((a, b) => order(a) - order(b));
  const floor: StoredFloor = { seconds: 0, cpuSeconds: 0, rows: stored.reduce((sum, t) => sum + t.rows, 0), tables: [] };
  let started = 0;
  let cpuBefore = 0;
  await database.bulkLoad(async (load) => {
    await load.exec('SET LOCAL session_replication_role = replica');
    // The fresh registry's own rows (reference data the migrations install) give way to the dumped registry's.
    for (const t of manifest.tables.filter((t) => !t.stored)) {
      await load.exec(`DELETE FROM ${t.table}`);
      for (const piece of csvPieces(path.join(dir, `${t.table}.csv`))) await load.copyCsv(t.table, t.columns, piece);
    }
    await load.exec('SET LOCAL session_replication_role = origin');
    cpuBefore = databaseCpuSeconds(database);
    started = performance.now();
    for (const t of stored) {
      const file = path.join(dir, `${t.table}.csv`);
      const tableStarted = performance.now();
      for (const piece of csvPieces(file)) await load.copyCsv(t.table, t.columns, piece);
      floor.tables.push({ table: t.table, rows: t.rows, megabytes: statSync(file).size / 1e6, seconds: (performance.now() - tableStarted) / 1000 });
    }
  });
  // The commit is part of the write.
  floor.seconds = (performance.now() - started) / 1000;
  floor.cpuSeconds = databaseCpuSeconds(database) - cpuBefore;
  return floor;
}

/**
 * A CSV file in pieces of about `size` bytes, each ending at a row's end, for
 * COPY to take as they are (a CSV parser would take the rows apart only for
 * them to be joined again). A newline ends a row only outside quotes, and
 * quotes inside a field come doubled, so the count of quote bytes before it
 * tells (UTF-8 never uses the quote's or newline's byte inside a character).
 */
function* csvPieces(file: string, size = 32 << 20): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    // `carry` starts at a row's start, so outside quotes.
    let carry = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.alloc(size);
      const n = readSync(fd, chunk, 0, size, null);
      const data = Buffer.concat([carry, chunk.subarray(0, n)]);
      if (n === 0) {
        if (data.length > 0) yield data.toString('utf8');
        return;
      }
      let cut = 0;
      let inQuotes = false;
      for (let i = 0; i < data.length; i++) {
        if (data[i] === 0x22) inQuotes = !inQuotes;
        else if (data[i] === 0x0a && !inQuotes) cut = i + 1;
      }
      carry = data.subarray(cut);
      if (cut > 0) yield data.subarray(0, cut).toString('utf8');
    }
  } finally {
    closeSync(fd);
  }
}

/** CPU seconds used so far by the database: every PostgreSQL server process on this machine, or this whole process (PGlite runs in it, beside the reading of the dump). */
function databaseCpuSeconds(database: Database): number {
  if (database.backend === 'postgres') return cpuSecondsOf(postgresProcesses());
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
