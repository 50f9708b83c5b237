import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { AuditLogTable, DB } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';

/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE) and
 * tamper-evident — every entry's SHA-256 covers its content and the previous
 * entry's hash, so changing or removing any row breaks the chain from there on.
 * Entries are appended under a transaction-scoped advisory lock, so several
 * server processes still produce one unbroken chain.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  kind: 'user' | 'token' | 'system';
  id: string;
  name: string;
}

export interface AuditEntryInput {
  actor: AuditActor | null;
  role: string | null;
  scope: string | null;
  action: string;
  targetType: string | null;
  targetIds: readonly string[];
  purpose: string | null;
  ip: string | null;
  requestId: string | null;
  outcome: 'allowed' | 'denied';
  details?: Record<string, unknown>;
}

/** An entry as stored, less its own hash (which is computed from the rest). */
export type StoredAuditEntry = Omit<Selectable<AuditLogTable>, 'hash' | 'details'> & { details: unknown };

/** Append one entry. Joins the caller's transaction when given one. */
export async function appendAudit(db: Kysely<DB>, clock: Clock, input: AuditEntryInput): Promise<number> {
  const entry = storedEntry(input, clock.now());
  // The lock, the last entry and the insert in one round trip (see audit_log_append in 0310-cases-throughput.sql).
  const write = async (trx: Kysely<DB>) => {
    const { rows } = await sql<{ id: number }>`SELECT audit_log_append(${ADVISORY_LOCKS.auditChain}, ${canonicalPieces(entry)}, ${entry.at}, ${entry.actor_user_id},
      ${entry.actor_token_id}, ${entry.actor}, ${entry.role}, ${entry.scope}, ${entry.action}, ${entry.target_type}, ${entry.target_ids}, ${entry.purpose},
      ${entry.ip}, ${entry.request_id}, ${entry.outcome}, ${entry.details === null ? null : JSON.stringify(entry.details)}) AS id`.execute(trx);
    return rows[0].id;
  };
  return db.isTransaction ? write(db) : db.transaction().execute(write);
}

/**
 * The statement that appends several entries, in order (audit_log_append_many
 * in 0341-audit-append-many.sql): run it alone inside a transaction, or as the
 * last part of a statement that makes the changes it records — a write and
 * its audit in one round trip, committed together.
 */
export function auditAppendStatement(clock: Clock, inputs: readonly AuditEntryInput[]): RawBuilder<{ first_id: number }> {
  const at = clock.now();
  const entries = inputs.map((input) => {
    const entry = storedEntry(input, at);
    return { ...entry, at: at.toISOString(), canonical: canonicalPieces(entry) };
  });
  return sql<{ first_id: number }>`SELECT audit_log_append_many(${ADVISORY_LOCKS.auditChain}, ${JSON.stringify(entries)}::jsonb) AS first_id`;
}

function storedEntry(input: AuditEntryInput, at: Date): Omit<StoredAuditEntry, 'id' | 'prev_hash'> {
  return {
    at,
    actor_user_id: input.actor?.kind === 'user' ? input.actor.id : null,
    actor_token_id: input.actor?.kind === 'token' ? input.actor.id : null,
    actor: input.actor?.name ?? null,
    role: input.role,
    scope: input.scope,
    action: input.action,
    target_type: input.targetType,
    target_ids: [...input.targetIds],
    purpose: input.purpose,
    ip: input.ip,
    request_id: input.requestId,
    outcome: input.outcome,
    // Stored as jsonb: hash exactly what a round trip gives back.
    details: input.details ? JSON.parse(JSON.stringify(input.details)) : null,
  };
}

/**
 * The entry's canonical JSON (what auditHash hashes) cut around the two values
 * only the database knows when it appends: before the id, between the id and
 * the previous hash, and after it.
 */
function canonicalPieces(entry: Omit<StoredAuditEntry, 'id' | 'prev_hash'>): string[] {
  // Placeholders no entry can contain by chance.
  const id = `id-${randomUUID()}`;
  const previous = `prev-${randomUUID()}`;
  const text = canonicalJson({ ...entry, at: entry.at.toISOString(), id, prev_hash: previous });
  const [head, rest] = text.split(JSON.stringify(id));
  const [middle, tail] = rest.split(previous);
  return [head, middle, tail];
}

export function auditHash(entry: StoredAuditEntry): string {
  return createHash('sha256').update(canonicalJson({ ...entry, at: entry.at.toISOString() })).digest('hex');
}

/** JSON with object keys sorted, so a jsonb round trip hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; at: Date; reason: 'hash' | 'link' | 'gap' } | null;
}

/** Walk the chain in id order, in pages, and name the first entry that does not hold. */
export async function verifyAuditChain(db: Kysely<DB>, onProgress?: (checked: number, total: number) => void): Promise<ChainVerification> {
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  let previousHash = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('id', '>=', expectedId).orderBy('id').limit(5000).execute();
    if (page.length === 0) break;
    for (const row of page) {
      const { hash, ...entry } = row;
      const broken = (reason: 'hash' | 'link' | 'gap') => ({ ok: false, checked, firstBroken: { id: row.id, at: row.at, reason } });
      if (row.id !== expectedId) return broken('gap');
      if (row.prev_hash !== previousHash) return broken('link');
      if (auditHash(entry as StoredAuditEntry) !== hash) return broken('hash');
      previousHash = hash;
      expectedId++;
      checked++;
    }
    onProgress?.(checked, total);
  }
  return { ok: true, checked, firstBroken: null };
}
