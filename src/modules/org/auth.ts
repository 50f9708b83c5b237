// Logging in and out, sessions behind a cookie, API tokens, and turning either
// into the Actor that the access kernel authorises.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { Config } from '../../config.js';
import type { Clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { Actor } from '../../kernel/access/access.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import { groupCommitter, type GroupCommitter } from '../../lib/group-commit.js';
import * as repo from './repo.js';

export interface AuthDeps {
  db: repo.Db;
  clock: Clock;
  config: Pick<Config, 'sessionHours' | 'loginMaxFailures' | 'lockoutMinutes'>;
}

// Verified against when the username is unknown, so a wrong username costs the
// same time as a wrong password and usernames cannot be probed by timing.
const UNKNOWN_USER_HASH = argon2.hash('not-a-real-password', { type: argon2.argon2id });
// Failures from one address across all usernames before it is slowed down.
const MAX_FAILURES_PER_IP_PER_MINUTE = 30;

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  grants: repo.HeldGrant[];
}

export interface LoginResult {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

export async function login(
  deps: AuthDeps,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const now = deps.clock.now();
  const username = input.username.trim();
  if (input.ip && (await repo.recentFailuresFromIp(deps.db, input.ip, new Date(now.getTime() - 60_000))) >= MAX_FAILURES_PER_IP_PER_MINUTE) {
    throw new AppError('auth.rate_limited', 'Too many failed logins from this address; wait a minute and try again', 429);
  }
  const windowStart = new Date(now.getTime() - deps.config.lockoutMinutes * 60_000);
  const failures = await repo.recentFailures(deps.db, username, windowStart);
  if (failures.count >= deps.config.loginMaxFailures && failures.last) {
    const until = new Date(failures.last.getTime() + deps.config.lockoutMinutes * 60_000);
    await audit(deps, { name: username }, 'auth.login', 'denied', input.ip, { reason: 'locked' });
    throw new AppError('auth.locked', `Account temporarily locked after ${failures.count} failed logins; try again after ${until.toISOString()}`, 423, {
      lockedUntil: until.toISOString(),
    });
  }

  const user = await repo.findUserByUsername(deps.db, username);
  const valid = await argon2.verify(user?.password_hash ?? (await UNKNOWN_USER_HASH), input.password);
  if (!user || !valid || user.disabled_at) {
    await repo.recordLoginAttempt(deps.db, { username, ip: input.ip, succeeded: false, at: now });
    await audit(deps, { name: username }, 'auth.login', 'denied', input.ip, { reason: 'invalid_credentials' });
    throw new AppError('auth.invalid_credentials', 'Wrong username or password', 401);
  }

  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3_600_000);
  await deps.db.transaction().execute(async (trx) => {
    await repo.recordLoginAttempt(trx, { username, ip: input.ip, succeeded: true, at: now });
    await repo.insertSession(trx, {
      id_hash: sha256(sessionId),
      user_id: user.id,
      csrf_token: csrfToken,
      ip: input.ip,
      user_agent: input.userAgent,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    });
    await appendAudit(trx, deps.clock, auditEntry({ kind: 'user', id: user.id, name: user.username }, 'auth.login', 'allowed', input.ip));
  });
  return { sessionId, csrfToken, expiresAt, user: await sessionUser(deps.db, user) };
}

export async function logout(deps: AuthDeps, sessionId: string, actor: Actor, ip: string | null): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, sha256(sessionId));
    await appendAudit(trx, deps.clock, auditEntry(actor, 'auth.logout', 'allowed', ip));
  });
}

export interface ResolvedSession {
  actor: Actor;
  user: SessionUser;
  csrfToken: string;
}

/**
 * Every signed-in request looks up its session or token before anything else.
 * Lookups that arrive while one is in flight wait and go together in the next
 * (the group-commit queue, here carrying reads): under load one round trip
 * answers many requests, and a lone request waits for nothing. One reader per
 * database handle and kind of lookup.
 */
function batchedLookup<V>(find: (db: repo.Db, keys: readonly string[]) => Promise<Map<string, V>>) {
  const readers = new WeakMap<repo.Db, GroupCommitter<string, V | null>>();
  return (db: repo.Db, key: string): Promise<V | null> => {
    let reader = readers.get(db);
    if (!reader) {
      reader = groupCommitter(
        async (keys: string[]) => {
          const found = await find(db, [...new Set(keys)]);
          return keys.map((k) => ({ ok: true as const, value: found.get(k) ?? null }));
        },
        { maxBatch: MOST_LOOKUPS_PER_READ, concurrency: READS_IN_FLIGHT },
      );
      readers.set(db, reader);
    }
    return reader.submit(key);
  };
}
const MOST_LOOKUPS_PER_READ = 100;
const READS_IN_FLIGHT = 2;
const findSession = batchedLookup(repo.findSessions);
const findApiToken = batchedLookup(repo.findApiTokens);

/** The session behind a cookie value, or null when it is unknown, expired or its user disabled. */
export async function resolveSession(deps: AuthDeps, sessionId: string): Promise<ResolvedSession | null> {
  const session = await findSession(deps.db, sha256(sessionId));
  const now = deps.clock.now();
  if (!session || session.disabled_at || session.expires_at <= now) return null;
  // Touch at most once a minute: a busy page must not write on every request.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) await repo.touchSession(deps.db, session.id_hash, now);
  const user = { id: session.user_id, username: session.username, displayName: session.display_name, grants: session.grants };
  return {
    actor: { kind: 'user', id: user.id, name: user.username, displayName: user.displayName, grants: user.grants },
    user,
    csrfToken: session.csrf_token,
  };
}

export const TOKEN_PREFIX = 'gz_';

/** The actor behind an API token, or null when unknown, revoked or expired. */
export async function resolveApiToken(deps: AuthDeps, secret: string): Promise<Actor | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const token = await findApiToken(deps.db, sha256(secret));
  const now = deps.clock.now();
  if (!token || token.revoked_at || (token.expires_at && token.expires_at <= now)) return null;
  if (!token.last_used_at || now.getTime() - token.last_used_at.getTime() > 60_000) await repo.touchApiToken(deps.db, token.id, now);
  return { kind: 'token', id: token.id, name: `token:${token.name}`, grants: token.grants };
}

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function sessionUser(db: repo.Db, user: { id: string; username: string; display_name: string }): Promise<SessionUser> {
  return { id: user.id, username: user.username, displayName: user.display_name, grants: await repo.grantsOf(db, user.id) };
}

function auditEntry(actor: Pick<Actor, 'name'> & Partial<Actor>, action: string, outcome: 'allowed' | 'denied', ip: string | null, details?: Record<string, unknown>) {
  return {
    actor: actor.kind ? { kind: actor.kind, id: actor.id!, name: actor.name } : null,
    role: null,
    scope: null,
    action,
    targetType: 'user',
    targetIds: [],
    purpose: null,
    ip,
    requestId: null,
    outcome,
    details: { username: actor.name, ...details },
  } as const;
}

function audit(deps: AuthDeps, actor: Pick<Actor, 'name'>, action: string, outcome: 'allowed' | 'denied', ip: string | null, details?: Record<string, unknown>) {
  return appendAudit(deps.db, deps.clock, auditEntry(actor, action, outcome, ip, details));
}
