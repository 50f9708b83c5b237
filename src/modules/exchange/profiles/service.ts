// Mapping profiles: read, check, save. A profile is saved only when it is valid
// against the schema, the catalogue and the installation's departments.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../../app-deps.js';
import type { DB } from '../../../db/schema.js';
import { authorize, type RequestContext } from '../../../kernel/access/access.js';
import { AppError, errors } from '../../../kernel/errors.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { auditChange } from '../../registry/audit.js';
import { ensureDataSource } from '../../registry/sources.js';
import { parseProfile, type ProfileIssue } from './parse-profile.js';
import { sourceIdOf, type MappingProfile } from './profile.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface Department {
  id: string;
  code: string;
  kind: string;
  name: string;
}

export type ProfileCheck = { ok: true; profile: MappingProfile; department: Department } | { ok: false; issues: ProfileIssue[] };

/** Check a profile's text against the schema, the catalogue and the departments of this installation. */
export async function checkProfileText(db: Kysely<DB>, text: string): Promise<ProfileCheck> {
  const parsed = parseProfile(text, await loadCatalogue(db));
  if (!parsed.ok) return parsed;
  const department = await db
    .selectFrom('departments')
    .select(['id', 'code', 'kind', 'name'])
    .where('code', '=', parsed.profile.source.department)
    .executeTakeFirst();
  if (!department) {
    return { ok: false, issues: [{ path: 'source.department', line: null, message: `no department with code ${parsed.profile.source.department}` }] };
  }
  return { ok: true, profile: parsed.profile, department };
}

export function profileInvalid(issues: ProfileIssue[]): AppError {
  const lines = issues.map((i) => `${i.path || '(profile)'}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`);
  return new AppError('profile.invalid', `The mapping profile is not valid: ${lines.join('; ')}`, 400, { issues });
}

/** The data source a profile's facts are attributed to. */
export function sourceOfProfile(db: Kysely<DB>, profile: MappingProfile, department: Department) {
  return ensureDataSource(db, { id: sourceIdOf(profile), department, dataset: profile.source.dataset, name: profile.source.name });
}

export async function validateProfile(deps: Deps, ctx: RequestContext, text: string) {
  await authorize(deps, ctx, { permission: 'profile.read', action: 'profile.validate' });
  const check = await checkProfileText(deps.db, text);
  return check.ok ? { ok: true, issues: [] } : { ok: false, issues: check.issues };
}

export async function listProfiles(deps: Deps, ctx: RequestContext) {
  await authorize(deps, ctx, { permission: 'profile.read', action: 'profile.list' });
  return repo.listProfiles(deps.db);
}

export async function getProfile(deps: Deps, ctx: RequestContext, id: string) {
  await authorize(deps, ctx, { permission: 'profile.read', action: 'profile.get', target: { type: 'profile', id } });
  const found = await repo.findProfile(deps.db, id);
  if (!found) throw errors.notFound('profile', id);
  return found;
}

export async function createProfile(deps: Deps, ctx: RequestContext, text: string) {
  const scope = await authorize(deps, ctx, { permission: 'profile.manage', action: 'profile.create' });
  const check = await checkProfileText(deps.db, text);
  if (!check.ok) throw profileInvalid(check.issues);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findProfile(trx, check.profile.id)) throw errors.conflict('profile.exists', `A profile with id ${check.profile.id} exists; change it instead`);
    await sourceOfProfile(trx, check.profile, check.department);
    await repo.insertProfile(trx, { profile: check.profile, text, departmentId: check.department.id, by: userIdOf(ctx), at: deps.clock.now() });
    await auditChange(trx, deps.clock, ctx, scope, { action: 'profile.create', targetType: 'profile', targetIds: [check.profile.id], purpose: 'data_quality' });
    return { id: check.profile.id, version: 1 };
  });
}

export async function replaceProfile(deps: Deps, ctx: RequestContext, id: string, text: string) {
  const scope = await authorize(deps, ctx, { permission: 'profile.manage', action: 'profile.update', target: { type: 'profile', id } });
  const check = await checkProfileText(deps.db, text);
  if (!check.ok) throw profileInvalid(check.issues);
  if (check.profile.id !== id) throw profileInvalid([{ path: 'id', line: null, message: `the profile says id ${check.profile.id}, but is saved as ${id}` }]);
  return deps.db.transaction().execute(async (trx) => {
    if (!(await repo.findProfile(trx, id))) throw errors.notFound('profile', id);
    await sourceOfProfile(trx, check.profile, check.department);
    const version = await repo.updateProfile(trx, { profile: check.profile, text, departmentId: check.department.id, by: userIdOf(ctx), at: deps.clock.now() });
    await auditChange(trx, deps.clock, ctx, scope, { action: 'profile.update', targetType: 'profile', targetIds: [id], purpose: 'data_quality', details: { version } });
    return { id, version };
  });
}

export async function removeProfile(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'profile.manage', action: 'profile.delete', target: { type: 'profile', id } });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.deleteProfile(trx, id))) throw errors.notFound('profile', id);
    await auditChange(trx, deps.clock, ctx, scope, { action: 'profile.delete', targetType: 'profile', targetIds: [id], purpose: 'data_quality' });
  });
}

function userIdOf(ctx: RequestContext): string | null {
  return ctx.actor?.kind === 'user' ? ctx.actor.id : null;
}
