/**
 * "Who used my data" (PIPL Art. 44–45): a resident sees every recorded read of
 * their own record — when, by which department or office and which account,
 * for what purpose and on what legal basis. Entries are found by the resident's
 * person id (or the id of a record merged into theirs) among the audit entries' targets; what an entry says about anyone
 * else (the other people a search returned, filters, scopes) is never shown.
 */
import { sql } from 'kysely';
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { AppError } from '../../kernel/errors.js';
import { jurisdictionsByCodes, personOfResident } from '../org/service.js';
import { personIdsMergedInto } from '../registry/merges/merge-people.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface OwnDataAccessQuery {
  limit: number;
  /** The id of the last entry of the previous page: newest first. */
  cursor?: number;
}

export interface OwnDataAccess {
  id: number;
  at: Date;
  action: string;
  purpose: string | null;
  /** Who read: the account, and the department it read for, or the office (jurisdiction) it works in. */
  actor: string | null;
  role: string | null;
  department: { code: string; name: string } | null;
  office: string | null;
  legalBasis: string[];
}

export async function ownDataAccess(deps: Deps, ctx: RequestContext, query: OwnDataAccessQuery) {
  const scope = await authorize(deps, ctx, { permission: 'person.read_self', action: 'audit.own_data_access' });
  const personId = ctx.actor?.kind === 'user' ? await personOfResident(deps.db, ctx.actor.id) : null;
  if (!personId) throw new AppError('audit.no_person', 'Your account is not linked to a registry record yet (实名认证): nothing to show', 404);
  // Reads of a record later merged into the resident's are reads of their data too.
  const personIds = await personIdsMergedInto(deps.db, personId);
  let search = deps.db
    .selectFrom('audit_log')
    .select(['id', 'at', 'action', 'purpose', 'actor', 'actor_user_id', 'role', 'scope', 'details'])
    .where('target_type', '=', 'person')
    .where(sql<boolean>`target_ids && ${personIds}::text[]`)
    .where('outcome', '=', 'allowed')
    // The resident's own look at their record is not someone using their data.
    .where((eb) => eb.or([eb('actor_user_id', 'is', null), eb('actor_user_id', '!=', ctx.actor!.id)]))
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor) search = search.where('id', '<', query.cursor);
  const rows = await search.execute();
  const page = rows.slice(0, query.limit);
  const offices = await officeNames(deps, page.map((r) => r.scope));
  await recordRead(deps.db, deps.clock, ctx, { ...scope, purpose: 'self_service' }, { action: 'audit.own_data_access', targetType: 'person', targetIds: [personId] });
  return {
    items: page.map((r): OwnDataAccess => {
      const details = (r.details ?? {}) as { department?: { code: string; name: string }; legalBasis?: string[] };
      return {
        id: r.id,
        at: r.at,
        action: r.action,
        purpose: r.purpose,
        actor: r.actor,
        role: r.role,
        department: details.department ?? null,
        office: details.department ? null : (offices.get(r.scope ?? '') ?? null),
        legalBasis: details.legalBasis ?? [],
      };
    }),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
  };
}

/** The name of the jurisdiction a read was made in (the outermost of its scope): 上保社区, 西湖区. */
async function officeNames(deps: Deps, scopes: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const codeOf = (scope: string) => scope.split(',')[0].split('.').at(-1)!;
  const distinct = [...new Set(scopes.filter((s): s is string => !!s))];
  const names = new Map((await jurisdictionsByCodes(deps.db, distinct.map(codeOf))).map((j) => [j.code, j.name]));
  return new Map(distinct.map((s) => [s, names.get(codeOf(s)) ?? codeOf(s)]));
}
