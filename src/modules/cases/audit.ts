// Who did something in case handling, for the timeline and the audit log:
// a person through the API, another system through a token, an operator at
// the CLI, or the sweep.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { OPERATOR_AT_CLI, type Actor, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { appendAudit, type AuditEntryInput } from '../../kernel/audit/audit.js';
import type { Clock } from '../../kernel/clock.js';

export interface Acting {
  actor: Actor;
  ctx: RequestContext | null;
  scope: Scope | null;
}

/** `ctx` null: the operator at the CLI (or the demo seed), trusted with the whole tree. */
export function acting(ctx: RequestContext | null, scope: Scope | null): Acting {
  return { actor: scope?.actor ?? ctx?.actor ?? OPERATOR_AT_CLI, ctx, scope };
}

/** The sweep: warnings, escalations and invitations happen to cases without anyone asking. */
export const SWEEP: Acting = { actor: { kind: 'system', id: 'case-sweep', name: 'case sweep', grants: [] }, ctx: null, scope: null };

export interface ChangeRecord {
  action: string;
  targetType: string;
  targetIds: readonly string[];
  details?: Record<string, unknown>;
}

/** Audit a change, inside the caller's transaction. */
export async function auditChange(db: Kysely<DB>, clock: Clock, who: Acting, change: ChangeRecord): Promise<void> {
  await appendAudit(db, clock, changeEntry(who, change));
}

/** The audit entry of a change (for writes that append several at once). */
export function changeEntry(who: Acting, change: ChangeRecord): AuditEntryInput {
  return {
    actor: who.actor,
    role: who.scope?.role ?? null,
    scope: who.scope?.paths.join(',') ?? null,
    action: change.action,
    targetType: change.targetType,
    targetIds: change.targetIds,
    purpose: who.scope?.purpose ?? who.ctx?.purpose ?? null,
    ip: who.ctx?.ip ?? null,
    requestId: who.ctx?.requestId ?? null,
    outcome: 'allowed',
    details: change.details,
  };
}
