// Recording what happens to a case: one timeline event and one audit entry,
// in the transaction of the change itself.
import type { Clock } from '../../kernel/clock.js';
import type { Insertable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { auditChange, type Acting, type ChangeRecord } from './audit.js';
import * as repo from './case-repo.js';

export interface CaseEvent {
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  /** The actor's relation to the case (reporter, assignee…) or 'system'. */
  role?: string | null;
  note?: string | null;
  /** Shown to reporters and published as an Open311 request update. */
  public?: boolean;
  details?: Record<string, unknown>;
}

export async function recordEvent(db: repo.Db, clock: Clock, who: Acting, caseId: string, event: CaseEvent): Promise<void> {
  const { row, change } = eventRecord(clock.now(), who, caseId, event);
  await repo.insertEvents(db, [row]);
  await auditChange(db, clock, who, change);
}

/** The timeline row and the audit record of an event (for writes that record several at once). */
export function eventRecord(at: Date, who: Acting, caseId: string, event: CaseEvent): { row: Insertable<DB['case_events']>; change: ChangeRecord } {
  return {
    row: {
      case_id: caseId,
      at,
      action: event.action,
      from_status: event.fromStatus ?? null,
      to_status: event.toStatus ?? null,
      actor_kind: who.actor.kind,
      actor_id: who.actor.kind === 'system' ? null : who.actor.id,
      actor_name: who.actor.name,
      actor_role: event.role ?? null,
      note: event.note ?? null,
      public: event.public ?? false,
      details: event.details ? JSON.stringify(event.details) : null,
    },
    change: {
      action: `case.${event.action}`,
      targetType: 'case',
      targetIds: [caseId],
      details: { ...(event.fromStatus !== event.toStatus && event.toStatus ? { from: event.fromStatus, to: event.toStatus } : {}), ...event.details },
    },
  };
}
