// Audit entries for changes to forms and submissions: publishing, submitting,
// review decisions, conflict resolutions. Reads go through recordRead.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { OPERATOR_AT_CLI, recordRead, type Actor, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import type { Clock } from '../../kernel/clock.js';
import type { SubjectType } from './schema.js';

export interface FormChange {
  action: string;
  targetType: 'form' | 'form_submission' | 'form_conflict';
  targetIds: readonly string[];
  details?: Record<string, unknown>;
}

/** Inside the caller's transaction. `ctx` and `scope` are null for the operator (CLI, demo seed). */
export async function auditChange(db: Kysely<DB>, clock: Clock, ctx: RequestContext | null, scope: Scope | null, change: FormChange): Promise<void> {
  await appendAudit(db, clock, {
    actor: scope?.actor ?? ctx?.actor ?? OPERATOR_AT_CLI,
    role: scope?.role ?? null,
    scope: scope?.paths.join(',') ?? null,
    action: change.action,
    targetType: change.targetType,
    targetIds: change.targetIds,
    purpose: scope?.purpose ?? ctx?.purpose ?? null,
    ip: ctx?.ip ?? null,
    requestId: ctx?.requestId ?? null,
    outcome: 'allowed',
    details: change.details,
  });
}

/** The user behind an action, for columns that name a user; API tokens and the operator have none. */
export function userIdOf(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** Record that the records these submissions were filled on were shown: one read per kind of record. */
export async function recordSubjectReads(
  db: Kysely<DB>,
  clock: Clock,
  ctx: RequestContext,
  scope: Scope,
  action: string,
  subjects: ReadonlyArray<{ subject_type: SubjectType; subject_id: string }>,
): Promise<void> {
  const byType = new Map<SubjectType, Set<string>>();
  for (const s of subjects) byType.set(s.subject_type, (byType.get(s.subject_type) ?? new Set()).add(s.subject_id));
  // An empty page is still a read of the list.
  if (byType.size === 0) byType.set('person', new Set());
  for (const [type, ids] of byType) await recordRead(db, clock, ctx, scope, { action, targetType: type, targetIds: [...ids] });
}
