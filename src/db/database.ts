import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { citext } from '@electric-sql/pglite/contrib/citext';
import type { DB } from './schema.js';

export type Backend = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  backend: Backend;
  /** Bulk load rows with COPY … FROM STDIN (CSV) on either backend. */
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
  /** Run a script of several statements (migrations, restores). */
  exec(script: string): Promise<void>;
  /** One connection in one transaction, COPY included, for loads too big for row-by-row upkeep: all or nothing. */
  bulkLoad<T>(work: (load: BulkLoad) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface BulkLoad {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  exec(script: string): Promise<void>;
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… ; when absent, the embedded PGlite in `dataDir` is used. */
  databaseUrl?: string;
  dataDir?: string;
  /** Upper bound of pooled connections to a real PostgreSQL server. */
  poolSize?: number;
}

// One set of value conversions for both backends, so a query returns the same
// JavaScript values on PGlite and on PostgreSQL.
const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114 } as const;
const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir ?? './data');
}

async function openPostgres(connectionString: string, max: number): Promise<Database> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID.int8) return toNumber;
      if (oid === OID.date || oid === OID.numeric) return asIs;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  // Connections are kept once opened (min = max): under a steady, moderate load
  // the default 10 s idle timeout closed and reopened them all the time, and each
  // new one costs a backend process and planning the sign-in functions afresh (0340).
  const pool = new pg.Pool({ connectionString, max, min: max, types: types as pg.CustomTypesConfig });
  // An idle connection the server closed (restart, failover, admin kill) is
  // dropped by the pool and replaced on demand; it must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'postgres',
    async copyCsv(table, columns, csv) {
      const client = await pool.connect();
      try {
        await copyInto(client, table, columns, csv);
      } finally {
        client.release();
      }
    },
    async exec(script) {
      await pool.query(script);
    },
    async bulkLoad(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (text, params) => (await client.query(text, params)).rows,
          exec: async (script) => void (await client.query(script)),
          copyCsv: (table, columns, csv) => copyInto(client, table, columns, csv),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const pglite = await PGlite.create({
    dataDir,
    extensions: { ltree, pg_trgm, fuzzystrmatch, pgcrypto, citext },
    parsers: { [OID.int8]: toNumber, [OID.numeric]: asIs, [OID.date]: asIs },
  });
  const pool = new SingleConnectionPool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  let closing: Promise<void> | undefined;
  return {
    db,
    backend: 'pglite',
    async copyCsv(table, columns, csv) {
      await pool.exclusive(() => copyFromBlob(pglite, table, columns, csv));
    },
    async exec(script) {
      await pool.exclusive(() => pglite.exec(script));
    },
    bulkLoad(work) {
      return pool.exclusive(() =>
        pglite.transaction((tx) =>
          work({
            query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
            exec: async (script) => void (await tx.exec(script)),
            copyCsv: (table, columns, csv) => copyFromBlob(tx, table, columns, csv),
          }),
        ),
      );
    },
    // Idempotent, like the PostgreSQL pool's: whoever closes first closes.
    close() {
      closing ??= db.destroy().then(() => pglite.close());
      return closing;
    },
  };
}

async function copyInto(client: pg.PoolClient, table: string, columns: string[], csv: string): Promise<void> {
  const { from } = await import('pg-copy-streams');
  const stream = client.query(from(copyStatement(table, columns)));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(csv);
  });
}

/** PGlite reads COPY data from a blob it is handed as the file /dev/blob. */
async function copyFromBlob(pglite: Pick<PGlite, 'query'>, table: string, columns: string[], csv: string): Promise<void> {
  await pglite.query(copyStatement(table, columns).replace('STDIN', "'/dev/blob'"), [], { blob: new Blob([csv]) });
}

function copyStatement(table: string, columns: string[]): string {
  const ident = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
    return name;
  };
  return `COPY ${ident(table)} (${columns.map(ident).join(', ')}) FROM STDIN WITH (FORMAT csv)`;
}

/**
 * PGlite is a single connection. Kysely's PostgresDialect expects a pg-style
 * pool, so this hands out that one connection to one borrower at a time (a
 * transaction keeps it until it commits) and queues the rest. Written here
 * because no published Kysely dialect supports the PGlite version we pin.
 */
class SingleConnectionPool {
  #queue: Array<() => void> = [];
  #busy = false;

  constructor(private readonly pglite: PGlite) {}

  async connect() {
    await this.#acquire();
    const pglite = this.pglite;
    return {
      query: async (text: string, params: unknown[]) => {
        const result = await pglite.query<Record<string, unknown>>(text, params);
        return { rows: result.rows, rowCount: result.affectedRows ?? 0, command: commandOf(text) };
      },
      release: () => this.#release(),
    };
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  async end() {}

  #acquire(): Promise<void> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  #release() {
    const next = this.#queue.shift();
    if (next) next();
    else this.#busy = false;
  }
}

function commandOf(text: string): string {
  const match = /^\s*(?:with\b[\s\S]*?\)\s*)?(insert|update|delete|merge|commit|rollback)\b/i.exec(text);
  return match ? match[1].toUpperCase() : 'SELECT';
}

export { sql };
