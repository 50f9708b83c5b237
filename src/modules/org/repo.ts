// SQL for jurisdictions, departments, users, grants, sessions, tokens and login attempts.
import { sql, type ExpressionBuilder, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withinScope, type Grant, type Scope } from '../../kernel/access/access.js';
import type { Role } from '../../kernel/access/roles.js';

export type Db = Kysely<DB>;

export interface JurisdictionRow {
  code: string;
  name: string;
  level: DB['jurisdictions']['level'];
  parent_code: string | null;
  path: string;
}

const jurisdictionColumns = ['code', 'name', 'level', 'parent_code', 'path'] as const;

export function listJurisdictions(db: Db, scope: Scope): Promise<JurisdictionRow[]> {
  return db.selectFrom('jurisdictions').select(jurisdictionColumns).where(withinScope(scope, 'path')).orderBy('path').execute();
}

export function findJurisdiction(db: Db, code: string): Promise<(JurisdictionRow & { boundary: unknown }) | undefined> {
  return db.selectFrom('jurisdictions').select([...jurisdictionColumns, 'boundary']).where('code', '=', code).executeTakeFirst();
}

/** Every jurisdiction with its boundary, by code: the tree that points are placed in. */
export function jurisdictionTree(db: Db): Promise<Array<JurisdictionRow & { boundary: unknown }>> {
  return db.selectFrom('jurisdictions').select([...jurisdictionColumns, 'boundary']).orderBy('code').execute();
}

/**
 * Jurisdictions that have a boundary, in the subtree of `rootPath` and at most
 * `levelsBelow` levels under it; cut down to a scope when one is given.
 */
export function boundariesUnder(db: Db, rootPath: string, levelsBelow: number, scope: Scope | null) {
  let query = db
    .selectFrom('jurisdictions')
    .select(['code', 'name', 'level', 'parent_code', 'boundary'])
    .where(sql<boolean>`path <@ ${rootPath}::ltree`)
    .where(sql<boolean>`nlevel(path) <= nlevel(${rootPath}::ltree) + ${levelsBelow}`)
    .where('boundary', 'is not', null);
  if (scope) query = query.where(withinScope(scope, 'path'));
  return query.orderBy('path').execute();
}

export function childJurisdictions(db: Db, parentCode: string) {
  return db.selectFrom('jurisdictions').select([...jurisdictionColumns, 'boundary']).where('parent_code', '=', parentCode).orderBy('code').execute();
}

export function findJurisdictionsByCodes(db: Db, codes: readonly string[]): Promise<JurisdictionRow[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('jurisdictions').select(jurisdictionColumns).where('code', 'in', codes).execute();
}

export async function insertJurisdictions(
  db: Db,
  rows: Array<{ code: string; name: string; level: JurisdictionRow['level']; parent_code: string | null; path: string; boundary?: unknown }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('jurisdictions')
    .values(rows.map((r) => ({ ...r, boundary: r.boundary === undefined ? null : JSON.stringify(r.boundary) })))
    .execute();
}

export function listDepartments(db: Db, scope: Scope) {
  return db
    .selectFrom('departments as d')
    .innerJoin('jurisdictions as j', 'j.code', 'd.jurisdiction_code')
    .select(['d.id', 'd.code', 'd.name', 'd.kind', 'd.jurisdiction_code', 'd.is_external'])
    // Departments sit above communities: anyone whose scope lies under a
    // department's jurisdiction may see it, as may anyone above it.
    .where((eb) =>
      eb.or([
        withinScope(scope, 'j.path'),
        sql<boolean>`j.path @> ANY(${sql.val(`{${scope.paths.join(',')}}`)}::ltree[])`,
      ]),
    )
    .orderBy('d.code')
    .execute();
}

export function findDepartment(db: Db, idOrCode: string) {
  return db
    .selectFrom('departments')
    .selectAll()
    .where((eb) => eb.or([eb('code', '=', idOrCode), eb(sql`id::text`, '=', idOrCode)]))
    .executeTakeFirst();
}

export function insertDepartment(db: Db, row: { code: string; name: string; kind: string; jurisdiction_code: string; is_external: boolean }) {
  return db.insertInto('departments').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function userDisplayNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
}

export function insertUser(db: Db, row: { username: string; display_name: string; password_hash: string }) {
  return db.insertInto('users').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function insertGrant(
  db: Db,
  row: { user_id?: string; api_token_id?: string; role: Role; jurisdiction_code: string; department_id: string | null },
) {
  return db.insertInto('role_grants').values(row).execute();
}

export type HeldGrant = Grant & { jurisdictionName: string; jurisdictionLevel: string; departmentName: string | null };

export async function grantsOf(db: Db, userId: string): Promise<HeldGrant[]> {
  const rows = await grantRows(db).where('g.user_id', '=', userId).execute();
  return rows.map(heldGrant);
}

function grantRows(db: Db) {
  return db
    .selectFrom('role_grants as g')
    .innerJoin('jurisdictions as j', 'j.code', 'g.jurisdiction_code')
    .leftJoin('departments as d', 'd.id', 'g.department_id')
    .select(['g.role', 'g.jurisdiction_code', 'j.path', 'j.name as jurisdiction_name', 'j.level', 'g.department_id', 'd.name as department_name'])
    .orderBy('g.created_at')
    .orderBy('g.id');
}

function heldGrant(r: { role: string; jurisdiction_code: string; path: string; jurisdiction_name: string; level: string; department_id: string | null; department_name: string | null }): HeldGrant {
  return {
    role: r.role as Role,
    jurisdictionCode: r.jurisdiction_code,
    jurisdictionPath: r.path,
    jurisdictionName: r.jurisdiction_name,
    jurisdictionLevel: r.level,
    departmentId: r.department_id,
    departmentName: r.department_name,
  };
}

/** Subquery: a grant of user `u` on a jurisdiction inside the scope. */
function grantInScope(eb: ExpressionBuilder<DB & { u: DB['users'] }, 'u'>, scope: Scope) {
  return eb
    .selectFrom('role_grants as g')
    .innerJoin('jurisdictions as j', 'j.code', 'g.jurisdiction_code')
    .whereRef('g.user_id', '=', 'u.id')
    .where(withinScope(scope, 'j.path'));
}

/** Users holding at least one grant inside the scope. */
export function listUsersInScope(db: Db, scope: Scope, options: { limit: number; offset: number }) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled_at', 'u.created_at'])
    .where((eb) => eb.exists(grantInScope(eb, scope)))
    .orderBy('u.username')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export function findUserInScope(db: Db, scope: Scope, id: string) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.display_name', 'u.disabled_at', 'u.created_at'])
    .where(sql`u.id::text`, '=', id)
    .where((eb) => eb.exists(grantInScope(eb, scope)))
    .executeTakeFirst();
}

export function insertSession(db: Db, row: Insertable<DB['sessions']>) {
  return db.insertInto('sessions').values(row).execute();
}

/**
 * Sessions with their users and the users' grants, by the hashes of their
 * ids: every signed-in request reads one, so the lookups of requests that
 * arrive together go in one round trip (auth.ts), each answered by a function
 * whose plan every connection keeps (0340-sign-in-lookups.sql).
 */
export async function findSessions(db: Db, idHashes: readonly string[]) {
  const { rows } = await sql<{
    id_hash: string;
    user_id: string;
    csrf_token: string;
    expires_at: Date;
    last_seen_at: Date;
    username: string;
    display_name: string;
    disabled_at: Date | null;
    grants: Array<Parameters<typeof heldGrant>[0]>;
  }>`SELECT s.* FROM unnest(${idHashes}::text[]) AS wanted(id_hash) CROSS JOIN LATERAL session_with_grants(wanted.id_hash) s`.execute(db);
  return new Map(rows.map((row) => [row.id_hash, { ...row, grants: row.grants.map(heldGrant) }]));
}

export function touchSession(db: Db, idHash: string, at: Date) {
  return db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export function deleteSession(db: Db, idHash: string) {
  return db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export function deleteExpiredSessions(db: Db, now: Date) {
  return db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export function recordLoginAttempt(db: Db, row: { username: string; ip: string | null; succeeded: boolean; at: Date }) {
  return db.insertInto('login_attempts').values(row).execute();
}

/** Failures for a username since its last success, within the window. */
export async function recentFailures(db: Db, username: string, since: Date): Promise<{ count: number; last: Date | null }> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('at').as('last')])
    .where('username', '=', username)
    .where('succeeded', '=', false)
    .where('at', '>=', since)
    .where((eb) =>
      eb(
        'at',
        '>',
        eb.fn.coalesce(
          eb.selectFrom('login_attempts').select((e) => e.fn.max('at').as('m')).where('username', '=', username).where('succeeded', '=', true),
          sql<Date>`'-infinity'::timestamptz`,
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), last: row.last ? new Date(row.last) : null };
}

export async function recentFailuresFromIp(db: Db, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function insertApiToken(db: Db, row: { name: string; token_hash: string; created_by: string | null; expires_at: Date | null }) {
  return db.insertInto('api_tokens').values(row).returning(['id']).executeTakeFirstOrThrow();
}

/** API tokens with their grants, by the hashes of their secrets, in one round trip as sessions are (0340-sign-in-lookups.sql). */
export async function findApiTokens(db: Db, tokenHashes: readonly string[]) {
  const { rows } = await sql<{
    token_hash: string;
    id: string;
    name: string;
    expires_at: Date | null;
    revoked_at: Date | null;
    last_used_at: Date | null;
    grants: Array<Parameters<typeof heldGrant>[0]>;
  }>`SELECT wanted.token_hash, t.* FROM unnest(${tokenHashes}::text[]) AS wanted(token_hash) CROSS JOIN LATERAL api_token_with_grants(wanted.token_hash) t`.execute(db);
  return new Map(rows.map(({ token_hash, ...row }) => [token_hash, { ...row, grants: row.grants.map(heldGrant) }]));
}

export function touchApiToken(db: Db, id: string, at: Date) {
  return db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function findResidentPerson(db: Db, userId: string) {
  return db.selectFrom('resident_people').select(['person_id', 'verified_at']).where('user_id', '=', userId).executeTakeFirst();
}

export function insertResidentPerson(db: Db, row: { user_id: string; person_id: string; verified_at: Date }) {
  return db.insertInto('resident_people').values(row).execute();
}

export async function residentsOfPerson(db: Db, personId: string): Promise<string[]> {
  return (await db.selectFrom('resident_people').select('user_id').where('person_id', '=', personId).execute()).map((r) => r.user_id);
}

export function setResidentsPerson(db: Db, userIds: readonly string[], personId: string) {
  return db.updateTable('resident_people').set({ person_id: personId }).where('user_id', 'in', [...userIds]).execute();
}
