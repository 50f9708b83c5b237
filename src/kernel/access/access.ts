import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { AppError, errors } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { PURPOSES, ROLE_PERMISSIONS, ROLE_PURPOSES, type Permission, type Purpose, type Role } from './roles.js';

/**
 * The one gate to data. A route builds a RequestContext from the session or
 * token; a service asks `authorize` for a Scope before it reads or writes; a
 * repository only accepts a Scope (it cannot be built anywhere else) and
 * filters by it with `withinScope`. Denials are written to the audit log here,
 * and reads of personal data are recorded with `recordRead`.
 */

export interface Grant {
  role: Role;
  jurisdictionCode: string;
  jurisdictionPath: string;
  departmentId: string | null;
}

export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: string;
  name: string;
  /** A signed-in user's name as people see it, when the session that resolved the actor read it. */
  displayName?: string;
  grants: Grant[];
}

export interface RequestContext {
  actor: Actor | null;
  /** What the caller declared it needs the data for (header `x-purpose`). */
  purpose: Purpose | null;
  ip: string | null;
  requestId: string | null;
}

export interface AccessDeps {
  db: Kysely<DB>;
  clock: Clock;
}

const SCOPE_BRAND = Symbol('scope');

/** The jurisdiction subtrees (and departments) an authorised action may touch. */
export interface Scope {
  readonly [SCOPE_BRAND]: true;
  readonly permission: Permission;
  readonly role: Role;
  readonly purpose: Purpose | null;
  readonly paths: readonly string[];
  readonly departmentIds: readonly string[];
  readonly actor: Actor;
}

/** Whoever runs the `gongzhi` CLI on the server: trusted with the whole tree, and named in the audit log. */
export const OPERATOR_AT_CLI: Actor = { kind: 'system', id: 'cli', name: 'operator (cli)', grants: [] };

export interface AuthorizeOptions {
  permission: Permission;
  /** Audit action name for a denial, e.g. `person.list`. */
  action: string;
  /** Personal-data reads must declare a purpose the role may use. */
  needsPurpose?: boolean;
  target?: { type: string; id?: string };
}

export async function authorize(deps: AccessDeps, ctx: RequestContext, options: AuthorizeOptions): Promise<Scope> {
  const actor = ctx.actor;
  if (!actor) throw errors.unauthenticated();
  const grants = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(options.permission));
  const usable = options.needsPurpose
    ? grants.filter((g) => ctx.purpose !== null && ROLE_PURPOSES[g.role].includes(ctx.purpose))
    : grants;
  if (usable.length === 0) {
    const reason =
      grants.length === 0
        ? `Your roles do not allow ${options.permission}`
        : ctx.purpose === null
          ? `Declare a purpose (header x-purpose: one of ${PURPOSES.join(', ')})`
          : `Purpose ${ctx.purpose} is not one your role may use for ${options.permission}`;
    await deny(deps, ctx, options, reason);
    throw new AppError(ctx.purpose === null && grants.length > 0 ? 'access.purpose_required' : 'access.denied', reason, 403);
  }
  return {
    [SCOPE_BRAND]: true,
    permission: options.permission,
    role: usable[0].role,
    purpose: ctx.purpose,
    paths: outermost(usable.map((g) => g.jurisdictionPath)),
    departmentIds: [...new Set(usable.map((g) => g.departmentId).filter((d): d is string => d !== null))],
    actor,
  };
}

/** Whether any of the actor's roles carries the permission (to choose between ways of reading, not to allow one). */
export function holdsPermission(ctx: RequestContext, permission: Permission): boolean {
  return ctx.actor?.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission)) ?? false;
}

/**
 * The scope cut down to the parts that also lie within `paths` (the subtrees of
 * a data-sharing grant, or a jurisdiction the caller asked for); null when
 * nothing of the scope is left.
 */
export function narrowScope(scope: Scope, paths: readonly string[]): Scope | null {
  const narrowed = outermost([
    ...scope.paths.filter((p) => pathWithin(paths, p)),
    ...paths.filter((p) => pathWithin(scope.paths, p)),
  ]);
  return narrowed.length === 0 ? null : { ...scope, paths: narrowed };
}

/** True when `path` lies inside the scope's subtrees. */
export function scopeCovers(scope: Scope, path: string): boolean {
  return pathWithin(scope.paths, path);
}

/** True when `path` equals or descends from one of `paths`. */
export function pathWithin(paths: readonly string[], path: string): boolean {
  return paths.some((p) => path === p || path.startsWith(`${p}.`));
}

/**
 * SQL condition: `column` (an ltree holding a jurisdiction's path) lies within
 * the scope. Written as membership in the scope's jurisdiction paths — a few
 * hundred at most — so a plain B-tree index on the column serves it.
 */
export function withinScope(scope: Scope, column: string): Expression<SqlBool> {
  return withinPaths(scope.paths, column);
}

/**
 * SQL condition: `column` (an ltree holding a jurisdiction's path) lies within
 * the subtrees of `paths` (jurisdiction paths), in the same membership form as
 * withinScope: for queries already narrowed to part of a scope (a report's area).
 */
export function withinPaths(paths: readonly string[], column: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT scope_j.path FROM jurisdictions scope_j WHERE scope_j.path <@ ANY(${sql.val(`{${paths.join(',')}}`)}::ltree[]))`;
}

/** Throw the standard denial (audited) when a single record lies outside the scope. */
export async function requireInScope(
  deps: AccessDeps,
  ctx: RequestContext,
  scope: Scope,
  path: string,
  target: { type: string; id: string; action: string },
): Promise<void> {
  if (scopeCovers(scope, path)) return;
  await deny(deps, ctx, { permission: scope.permission, action: target.action, target }, 'outside your jurisdiction');
  // Same answer as for a record that does not exist: no probing across communities.
  throw errors.notFound(target.type, target.id);
}

/** Record that personal data of these records was shown, with the declared purpose. */
export async function recordRead(
  db: Kysely<DB>,
  clock: Clock,
  ctx: RequestContext,
  scope: Scope,
  read: { action: string; targetType: string; targetIds: readonly string[]; details?: Record<string, unknown> },
): Promise<void> {
  if (read.targetIds.length === 0) return;
  await appendAudit(db, clock, {
    actor: scope.actor,
    role: scope.role,
    scope: scope.paths.join(','),
    action: read.action,
    targetType: read.targetType,
    targetIds: read.targetIds,
    purpose: scope.purpose,
    ip: ctx.ip,
    requestId: ctx.requestId,
    outcome: 'allowed',
    details: read.details,
  });
}

/** Record a denial decided outside `authorize` (a data-sharing grant that does not cover the request). */
export function recordDenial(
  deps: AccessDeps,
  ctx: RequestContext,
  denial: { permission: Permission; action: string; target?: { type: string; id?: string }; reason: string; details?: Record<string, unknown> },
): Promise<void> {
  return deny(deps, ctx, denial, denial.reason, denial.details);
}

async function deny(
  deps: AccessDeps,
  ctx: RequestContext,
  options: Pick<AuthorizeOptions, 'permission' | 'action' | 'target'>,
  reason: string,
  details?: Record<string, unknown>,
) {
  await appendAudit(deps.db, deps.clock, {
    actor: ctx.actor,
    role: null,
    scope: null,
    action: options.action,
    targetType: options.target?.type ?? null,
    targetIds: options.target?.id ? [options.target.id] : [],
    purpose: ctx.purpose,
    ip: ctx.ip,
    requestId: ctx.requestId,
    outcome: 'denied',
    details: { permission: options.permission, reason, ...details },
  });
}

/** Drop paths already covered by another path in the list. */
function outermost(paths: string[]): string[] {
  const unique = [...new Set(paths)].sort((a, b) => a.length - b.length);
  return unique.filter((p, i) => !unique.slice(0, i).some((q) => p.startsWith(`${q}.`)));
}

export { PURPOSES, ROLE_PERMISSIONS, ROLE_PURPOSES };
export type { Permission, Purpose, Role };
