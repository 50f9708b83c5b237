// SQL for the sweep. Every claim is `FOR UPDATE SKIP LOCKED`: several sweepers
// (one per server process) share the work without waiting on each other, and
// no row is worked on by two of them at once.
import { sql } from 'kysely';
import type { Db } from './case-repo.js';

const OPEN_DEADLINE_COLUMNS = ['d.id', 'd.case_id', 'd.stage', 'd.unit_name', 'd.due_at', 'd.limit_spec', 'd.escalation_level', 'c.jurisdiction_path', 'c.number'] as const;

/** Clocks whose warning time has come, not yet warned about. */
export function claimWarnings(trx: Db, now: Date, limit: number) {
  return trx
    .selectFrom('case_deadlines as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(OPEN_DEADLINE_COLUMNS)
    .where('d.met_at', 'is', null)
    .where('d.warned_at', 'is', null)
    .where('d.warn_at', '<=', now)
    .orderBy('d.warn_at')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
}

export function markWarned(trx: Db, ids: string[], now: Date) {
  return trx.updateTable('case_deadlines').set({ warned_at: now }).where('id', 'in', ids).execute();
}

/** Overdue clocks due for their next escalation level. */
export function claimEscalations(trx: Db, now: Date, limit: number) {
  return trx
    .selectFrom('case_deadlines as d')
    .innerJoin('cases as c', 'c.id', 'd.case_id')
    .select(OPEN_DEADLINE_COLUMNS)
    .where('d.met_at', 'is', null)
    .where('d.next_escalation_at', '<=', now)
    .orderBy('d.next_escalation_at')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
}

/** One escalation; null when another sweeper already recorded this level (the unique constraint decides). */
export async function insertEscalation(
  trx: Db,
  row: { case_id: string; deadline_id: string; stage: string; level: number; to_jurisdiction_code: string; at: Date },
): Promise<string | null> {
  const inserted = await trx
    .insertInto('case_escalations')
    .values(row)
    .onConflict((oc) => oc.columns(['deadline_id', 'level']).doNothing())
    .returning(['id'])
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** The first supervision of a case sets its supervised time; later ones leave it. */
export function markSupervised(trx: Db, caseId: string, now: Date) {
  return trx.updateTable('cases').set({ supervised_at: now }).where('id', '=', caseId).where('supervised_at', 'is', null).execute();
}

export function advanceEscalation(trx: Db, deadlineId: string, level: number, next: Date | null) {
  return trx.updateTable('case_deadlines').set({ escalation_level: level, next_escalation_at: next }).where('id', '=', deadlineId).execute();
}

export function raiseCaseEscalation(trx: Db, caseId: string, level: number, now: Date) {
  return trx
    .updateTable('cases')
    .set({ escalation_level: sql`greatest(escalation_level, ${level})`, updated_at: now })
    .where('id', '=', caseId)
    .execute();
}

/** Handled cases not yet rated in this round and not yet invited; the caller checks the delay on the calendar. */
export function claimUnratedCases(trx: Db, handledBefore: Date, limit: number, afterId: string | null) {
  let query = trx
    .selectFrom('cases as c')
    .select(['c.id', 'c.number', 'c.handled_at', 'c.jurisdiction_path', 'c.channel'])
    .where('c.status', 'in', ['handled', 'verified', 'closed'])
    .where('c.channel', '<>', 'patrol')
    .where('c.rating_invited_at', 'is', null)
    .where('c.handled_at', '<=', handledBefore)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('case_ratings as r').select('r.id').whereRef('r.case_id', '=', 'c.id').whereRef('r.round', '=', 'c.reopen_count'))));
  if (afterId) query = query.where('c.id', '>', afterId);
  return query.orderBy('c.id').limit(limit).forUpdate('c').skipLocked().execute();
}

export function markInvited(trx: Db, caseId: string, now: Date) {
  return trx.updateTable('cases').set({ rating_invited_at: now }).where('id', '=', caseId).where('rating_invited_at', 'is', null).executeTakeFirst();
}
