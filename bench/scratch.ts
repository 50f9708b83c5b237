// What the benchmarks share around their measurements: a scratch database on
// either backend, removed afterwards, and the figures their sections report.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.js';

/** The PostgreSQL server scratch databases are created on and dropped from. */
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `work` on a fresh PGlite data directory, deleted afterwards. */
export async function onScratchPglite<T>(name: string, work: (database: Database) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `gongzhi-bench-${name}-`));
  const database = await openDatabase({ dataDir });
  try {
    return await work(database);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `work` on a fresh database of the PostgreSQL server, dropped afterwards; `url` reaches it from other processes. */
export async function onScratchPostgres<T>(name: string, options: { poolSize: number }, work: (database: Database, url: string) => Promise<T>): Promise<T> {
  const scratch = `gongzhi_bench_${name}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${scratch}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${scratch}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize });
    try {
      return await work(database, url.toString());
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
  }
}

export { percentile } from './percentile.js';

/** The CPU's model name, for a section's machine line. */
export function cpuModel(): string {
  return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
}

/** CPU-seconds these processes of this machine have used so far (from /proc; a process that has ended counts nothing). */
export function cpuSecondsOf(pids: Iterable<number>): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // It ended meanwhile.
    }
  }
  return ticks / 100;
}

/** Every PostgreSQL server process on this machine: the backends, and the WAL writer, checkpointer and the rest. */
export function postgresProcesses(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
      } catch {
        return false;
      }
    });
}
