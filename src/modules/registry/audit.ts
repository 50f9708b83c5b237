// Audit entries for changes to registry data and its definitions (tag dictionary,
// mapping profiles, imports). Reads of personal data go through recordRead instead.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { OPERATOR_AT_CLI, type RequestContext, type Scope } from '../../kernel/access/access.js';
import type { Purpose } from '../../kernel/access/roles.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import type { Clock } from '../../kernel/clock.js';

export interface RegistryChange {
  action: string;
  targetType: string;
  targetIds: readonly string[];
  purpose: Purpose;
  details?: Record<string, unknown>;
}

/** `ctx` and `scope` are null for the operator at the CLI. */
export function auditChange(db: Kysely<DB>, clock: Clock, ctx: RequestContext | null, scope: Scope | null, change: RegistryChange) {
  return appendAudit(db, clock, {
    actor: scope?.actor ?? ctx?.actor ?? OPERATOR_AT_CLI,
    role: scope?.role ?? null,
    scope: scope?.paths.join(',') ?? null,
    action: change.action,
    targetType: change.targetType,
    targetIds: change.targetIds,
    purpose: change.purpose,
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    outcome: 'allowed',
    details: change.details,
  });
}
