// Searching and verifying the audit log (the log itself is written by kernel/audit).
import { sql } from 'kysely';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { appendAudit, verifyAuditChain } from '../../kernel/audit/audit.js';
import type { AppDeps } from '../../app-deps.js';

export interface AuditSearch {
  actor?: string;
  action?: string;
  outcome?: 'allowed' | 'denied';
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** The id of the last entry of the previous page: pages go newest first. */
  cursor?: number;
}

export async function searchAudit(deps: Pick<AppDeps, 'db' | 'clock'>, ctx: RequestContext, search: AuditSearch) {
  const scope = await authorize(deps, ctx, { permission: 'audit.read', action: 'audit.search', needsPurpose: false });
  let query = deps.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(search.limit + 1);
  if (search.actor) query = query.where('actor', 'ilike', `%${search.actor.replace(/[%_\\]/g, '\\$&')}%`);
  if (search.action) query = query.where('action', 'like', `${search.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (search.outcome) query = query.where('outcome', '=', search.outcome);
  if (search.targetId) query = query.where(sql<boolean>`target_ids @> ARRAY[${search.targetId}]::text[]`);
  if (search.from) query = query.where('at', '>=', search.from);
  if (search.to) query = query.where('at', '<', search.to);
  if (search.cursor) query = query.where('id', '<', search.cursor);
  const rows = await query.execute();
  // Searching the log is itself an audited act.
  await appendAudit(deps.db, deps.clock, {
    actor: scope.actor,
    role: scope.role,
    scope: scope.paths.join(','),
    action: 'audit.search',
    targetType: 'audit_log',
    targetIds: [],
    purpose: 'audit',
    ip: ctx.ip,
    requestId: ctx.requestId,
    outcome: 'allowed',
    details: { filters: { ...search, from: search.from?.toISOString(), to: search.to?.toISOString() } },
  });
  const page = rows.slice(0, search.limit);
  return { items: page, nextCursor: rows.length > search.limit ? page[page.length - 1].id : null };
}

export async function verifyChain(deps: Pick<AppDeps, 'db' | 'clock'>, ctx: RequestContext) {
  await authorize(deps, ctx, { permission: 'audit.read', action: 'audit.verify' });
  return verifyAuditChain(deps.db);
}
