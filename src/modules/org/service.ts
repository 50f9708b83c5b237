// The rules for jurisdictions, departments, users and API tokens.
import type { Clock } from '../../kernel/clock.js';
import { AppError, errors } from '../../kernel/errors.js';
import { OPERATOR_AT_CLI, authorize, pathWithin, recordRead, requireInScope, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { incompatibleRole, type Role } from '../../kernel/access/roles.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import { configurationVersion, versionedCache } from '../../db/configuration-version.js';
import { boundaryContains, isBoundary, type Point } from '../../lib/geo.js';
import { hashPassword, newTokenSecret, sha256 } from './auth.js';
import * as repo from './repo.js';

export interface OrgDeps {
  db: repo.Db;
  clock: Clock;
}

export type JurisdictionLevel = repo.JurisdictionRow['level'];
const CHILD_LEVEL: Record<JurisdictionLevel, JurisdictionLevel | null> = {
  city: 'district',
  district: 'street',
  street: 'community',
  community: 'grid',
  grid: null,
};

/** Checks a jurisdiction code against its level (GB/T 2260 and the 12-digit statistical code). */
export function jurisdictionCodeProblem(code: string, level: JurisdictionLevel, parentCode: string | null): string | null {
  const expected: Record<JurisdictionLevel, RegExp> = {
    city: /^\d{4}00$/,
    district: /^\d{6}$/,
    street: /^\d{9}$/,
    community: /^\d{12}$/,
    grid: /^\d{12}[0-9A-Za-z]{1,8}$/,
  };
  if (!expected[level].test(code)) return `code ${code} is not a valid ${level} code`;
  if (parentCode && level !== 'district' && !code.startsWith(parentCode)) return `code ${code} does not lie under its parent ${parentCode}`;
  return null;
}

export interface JurisdictionInput {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  boundary?: unknown;
}

/** Insert jurisdictions parent-first, deriving each path from its parent. */
export async function addJurisdictions(db: repo.Db, inputs: JurisdictionInput[]): Promise<void> {
  const paths = new Map<string, string>();
  const rows = [];
  for (const [index, j] of inputs.entries()) {
    const problem = jurisdictionCodeProblem(j.code, j.level, j.parentCode);
    if (problem) throw errors.validation([{ path: `[${index}].code`, message: problem }]);
    let parentPath: string | null = null;
    if (j.parentCode) {
      parentPath = paths.get(j.parentCode) ?? (await repo.findJurisdiction(db, j.parentCode))?.path ?? null;
      if (!parentPath) throw errors.validation([{ path: `[${index}].parentCode`, message: `unknown parent ${j.parentCode}` }]);
    }
    const path = parentPath ? `${parentPath}.${j.code}` : j.code;
    paths.set(j.code, path);
    rows.push({ code: j.code, name: j.name, level: j.level, parent_code: j.parentCode, path, boundary: j.boundary });
  }
  await repo.insertJurisdictions(db, rows);
}

/**
 * The jurisdictions containing a point, outermost first (district, street,
 * community, grid), found by descending the tree through the boundaries; empty
 * when the point lies outside every boundary. Placement is public knowledge
 * (where a pothole is), so it needs no scope. The tree is this process's copy
 * at the configuration version — read here unless the caller has just read it
 * — so placing a point costs that one read.
 */
export async function jurisdictionsAtPoint(db: repo.Db, point: Point, options: { configurationVersion?: string } = {}): Promise<repo.JurisdictionRow[]> {
  const tree = await placementTree(db, options.configurationVersion ?? (await configurationVersion(db)));
  const contains = (j: { boundary: unknown }) => isBoundary(j.boundary) && boundaryContains(j.boundary, point);
  let found = tree.outermost.find(contains);
  let deepest: PlacementNode | undefined;
  while (found) {
    deepest = found;
    // A grid has no smaller places to look in.
    found = CHILD_LEVEL[found.level] ? (tree.children.get(found.code) ?? []).find(contains) : undefined;
  }
  return deepest ? lineageIn(tree, deepest.path) : [];
}

function lineageIn(tree: { byCode: ReadonlyMap<string, repo.JurisdictionRow> }, path: string): repo.JurisdictionRow[] {
  return path.split('.').flatMap((code) => {
    const j = tree.byCode.get(code);
    return j ? [{ code: j.code, name: j.name, level: j.level, parent_code: j.parent_code, path: j.path }] : [];
  });
}

type PlacementNode = repo.JurisdictionRow & { boundary: unknown };

/** The tree as placement walks it: where to start (bounded places whose parent has no boundary), and each place's children, by code. */
const placementTree = versionedCache(async (db) => {
  const rows = await repo.jurisdictionTree(db);
  const byCode = new Map(rows.map((j) => [j.code, j]));
  const children = new Map<string, PlacementNode[]>();
  for (const j of rows) {
    if (!j.parent_code) continue;
    const siblings = children.get(j.parent_code);
    if (siblings) siblings.push(j);
    else children.set(j.parent_code, [j]);
  }
  const outermost = rows.filter((j) => j.boundary !== null && (j.parent_code === null || byCode.get(j.parent_code)?.boundary == null));
  return { byCode, children, outermost };
});

/** Jurisdictions by code (names and levels for labels; no scope: names are public). */
export function jurisdictionsByCodes(db: repo.Db, codes: readonly string[]): Promise<repo.JurisdictionRow[]> {
  return repo.findJurisdictionsByCodes(db, [...new Set(codes)]);
}

/**
 * A jurisdiction and its ancestors, outermost first; empty when the code is
 * unknown. Given the configuration version the caller has just read, the
 * answer comes from this process's copy of the tree, without a query.
 */
export async function jurisdictionLineage(db: repo.Db, code: string, options: { configurationVersion?: string } = {}): Promise<repo.JurisdictionRow[]> {
  if (options.configurationVersion === undefined) {
    const self = await repo.findJurisdiction(db, code);
    return self ? lineageOfPath(db, self.path) : [];
  }
  const tree = await placementTree(db, options.configurationVersion);
  const self = tree.byCode.get(code);
  return self ? lineageIn(tree, self.path) : [];
}

async function lineageOfPath(db: repo.Db, path: string): Promise<repo.JurisdictionRow[]> {
  const codes = path.split('.');
  const rows = await repo.findJurisdictionsByCodes(db, codes);
  return codes.map((c) => rows.find((r) => r.code === c)!).filter(Boolean);
}

/** A department by its code or id, for other modules that name units (no scope: names are not personal data). */
export async function findDepartment(db: repo.Db, codeOrId: string) {
  const found = await repo.findDepartment(db, codeOrId);
  return found ? { id: found.id, code: found.code, name: found.name, kind: found.kind, jurisdictionCode: found.jurisdiction_code, isExternal: found.is_external } : null;
}

/** The registry person a resident's account is, once verified (实名认证); null before. */
export async function personOfResident(db: repo.Db, userId: string): Promise<string | null> {
  return (await repo.findResidentPerson(db, userId))?.person_id ?? null;
}

/** Record that a resident's account is this registry person (after an identity check, or in the demo seed). */
export function linkResidentToPerson(db: repo.Db, link: { userId: string; personId: string; at: Date }): Promise<unknown> {
  return repo.insertResidentPerson(db, { user_id: link.userId, person_id: link.personId, verified_at: link.at });
}

/**
 * A merge of two registry persons: the accounts verified as the merged person
 * become the survivor's; returns those accounts, for the unmerge.
 */
export async function moveResidentsToSurvivor(db: repo.Db, move: { mergedId: string; survivorId: string }): Promise<string[]> {
  const moving = await repo.residentsOfPerson(db, move.mergedId);
  if (moving.length === 0) return [];
  if ((await repo.residentsOfPerson(db, move.survivorId)).length > 0) {
    throw errors.conflict('merge.two_resident_accounts', `Both persons have a verified resident account (实名认证): one person has one account, so settle the accounts before merging`);
  }
  await repo.setResidentsPerson(db, moving, move.survivorId);
  return moving;
}

/** An unmerge: the accounts that moved with the merged person are theirs again. */
export async function returnResidentsToMerged(db: repo.Db, back: { mergedId: string; userIds: readonly string[] }): Promise<void> {
  if (back.userIds.length > 0) await repo.setResidentsPerson(db, back.userIds, back.mergedId);
}

/** Display names of users, for modules that record who did something (e.g. a case's reporter). */
export async function displayNamesOf(db: repo.Db, userIds: readonly string[]): Promise<Map<string, string>> {
  return new Map((await repo.userDisplayNames(db, userIds)).map((u) => [u.id, u.display_name]));
}

export async function listJurisdictions(deps: OrgDeps, ctx: RequestContext) {
  const scope = await authorize(deps, ctx, { permission: 'jurisdiction.read', action: 'jurisdiction.list' });
  return repo.listJurisdictions(deps.db, scope);
}

export async function getJurisdiction(deps: OrgDeps, ctx: RequestContext, code: string) {
  const scope = await authorize(deps, ctx, { permission: 'jurisdiction.read', action: 'jurisdiction.get', target: { type: 'jurisdiction', id: code } });
  const found = await repo.findJurisdiction(deps.db, code);
  if (!found) throw errors.notFound('jurisdiction', code);
  await requireInScope(deps, ctx, scope, found.path, { type: 'jurisdiction', id: code, action: 'jurisdiction.get' });
  return { ...found, childLevel: CHILD_LEVEL[found.level] };
}

/**
 * The polygons of the caller's jurisdiction (or of `root` inside it) and of
 * the areas below it, down to `levelsBelow` levels: what a staff map draws.
 */
export async function boundariesInScope(deps: OrgDeps, ctx: RequestContext, query: { root?: string; levelsBelow: number }) {
  const scope = await authorize(deps, ctx, { permission: 'jurisdiction.read', action: 'jurisdiction.boundaries' });
  let roots = scope.paths;
  if (query.root) {
    const found = await repo.findJurisdiction(deps.db, query.root);
    if (!found) throw errors.notFound('jurisdiction', query.root);
    await requireInScope(deps, ctx, scope, found.path, { type: 'jurisdiction', id: query.root, action: 'jurisdiction.boundaries' });
    roots = [found.path];
  }
  const areas = await Promise.all(roots.map((path) => repo.boundariesUnder(deps.db, path, query.levelsBelow, scope)));
  return areas.flat();
}

/**
 * The polygons of the whole city a jurisdiction lies in, down to `levelsBelow`
 * levels under the city. Public: boundaries and names are no one's personal
 * data, and a resident may report a problem anywhere in the city.
 */
export async function cityBoundaries(db: repo.Db, query: { of: string; levelsBelow: number }) {
  const city = (await jurisdictionLineage(db, query.of))[0];
  if (!city) throw errors.notFound('jurisdiction', query.of);
  return { city: { code: city.code, name: city.name }, areas: await repo.boundariesUnder(db, city.path, query.levelsBelow, null) };
}

export async function listDepartments(deps: OrgDeps, ctx: RequestContext) {
  const scope = await authorize(deps, ctx, { permission: 'department.read', action: 'department.list' });
  return repo.listDepartments(deps.db, scope);
}

export async function listUsers(deps: OrgDeps, ctx: RequestContext, page: { limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'user.read', action: 'user.list' });
  return deps.db.transaction().execute(async (trx) => {
    const users = await repo.listUsersInScope(trx, scope, page);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'user.list', targetType: 'user', targetIds: users.map((u) => u.id) });
    return users;
  });
}

export async function getUser(deps: OrgDeps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'user.read', action: 'user.get', target: { type: 'user', id } });
  return deps.db.transaction().execute(async (trx) => {
    const user = await repo.findUserInScope(trx, scope, id);
    if (!user) throw errors.notFound('user', id);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'user.get', targetType: 'user', targetIds: [user.id] });
    return { ...user, grants: await repo.grantsOf(trx, user.id) };
  });
}

export interface GrantInput {
  role: Role;
  jurisdictionCode: string;
  departmentCode?: string | null;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  grants: GrantInput[];
}

/** Create a user with its grants. `ctx` null means an operator at the CLI, trusted with the whole tree. */
export async function createUser(deps: OrgDeps, ctx: RequestContext | null, input: CreateUserInput): Promise<{ id: string }> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'user.manage', action: 'user.create' }) : null;
  if (input.password.length < 8) throw errors.validation([{ path: 'password', message: 'must be at least 8 characters' }]);
  const held: Role[] = [];
  for (const [index, grant] of input.grants.entries()) {
    const clash = incompatibleRole(held, grant.role);
    if (clash) {
      throw new AppError('user.separation_of_duties', `A user may not hold both ${grant.role} and ${clash}: nobody audits themselves`, 400, {
        issues: [{ path: `grants[${index}].role`, message: `conflicts with ${clash}` }],
      });
    }
    held.push(grant.role);
  }
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findUserByUsername(trx, input.username)) throw errors.conflict('user.username_taken', `Username ${input.username} is taken`);
    const user = await repo.insertUser(trx, { username: input.username, display_name: input.displayName, password_hash: passwordHash });
    await insertGrants(trx, scope?.paths ?? null, { user_id: user.id }, input.grants);
    await auditAdministration(trx, deps.clock, ctx, scope, { action: 'user.create', targetType: 'user', targetId: user.id, details: { username: input.username, roles: held } });
    return user;
  });
}

export async function createApiToken(
  deps: OrgDeps,
  ctx: RequestContext | null,
  input: { name: string; grants: GrantInput[]; expiresAt: Date | null },
): Promise<{ id: string; secret: string }> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'token.manage', action: 'token.create' }) : null;
  const secret = newTokenSecret();
  return deps.db.transaction().execute(async (trx) => {
    const token = await repo.insertApiToken(trx, {
      name: input.name,
      token_hash: sha256(secret),
      created_by: ctx?.actor?.kind === 'user' ? ctx.actor.id : null,
      expires_at: input.expiresAt,
    });
    await insertGrants(trx, scope?.paths ?? null, { api_token_id: token.id }, input.grants);
    await auditAdministration(trx, deps.clock, ctx, scope, {
      action: 'token.create',
      targetType: 'api_token',
      targetId: token.id,
      details: { name: input.name, roles: input.grants.map((g) => g.role) },
    });
    return { id: token.id, secret };
  });
}

function auditAdministration(
  trx: repo.Db,
  clock: Clock,
  ctx: RequestContext | null,
  scope: Scope | null,
  change: { action: string; targetType: string; targetId: string; details: Record<string, unknown> },
) {
  return appendAudit(trx, clock, {
    actor: ctx?.actor ?? OPERATOR_AT_CLI,
    role: scope?.role ?? null,
    scope: scope?.paths.join(',') ?? null,
    action: change.action,
    targetType: change.targetType,
    targetIds: [change.targetId],
    purpose: 'administration',
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    outcome: 'allowed',
    details: change.details,
  });
}

async function insertGrants(
  trx: repo.Db,
  grantorPaths: readonly string[] | null,
  holder: { user_id: string } | { api_token_id: string },
  grants: GrantInput[],
) {
  for (const [index, grant] of grants.entries()) {
    const jurisdiction = await repo.findJurisdiction(trx, grant.jurisdictionCode);
    if (!jurisdiction) throw errors.validation([{ path: `grants[${index}].jurisdictionCode`, message: `unknown jurisdiction ${grant.jurisdictionCode}` }]);
    if (grantorPaths && !pathWithin(grantorPaths, jurisdiction.path)) {
      throw errors.denied(`You may only grant roles inside your own jurisdiction (grants[${index}].jurisdictionCode)`);
    }
    let departmentId: string | null = null;
    if (grant.departmentCode) {
      const department = await repo.findDepartment(trx, grant.departmentCode);
      if (!department) throw errors.validation([{ path: `grants[${index}].departmentCode`, message: `unknown department ${grant.departmentCode}` }]);
      departmentId = department.id;
    } else if (grant.role === 'department_staff') {
      throw errors.validation([{ path: `grants[${index}].departmentCode`, message: 'department staff need a department' }]);
    }
    await repo.insertGrant(trx, { ...holder, role: grant.role, jurisdiction_code: grant.jurisdictionCode, department_id: departmentId });
  }
}
