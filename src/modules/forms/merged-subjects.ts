/**
 * When the registry merges two persons into one, the submissions opened on the
 * merged person follow them to the survivor, and go back on an unmerge. Called
 * by record linkage inside its merge transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { errors } from '../../kernel/errors.js';

/** Points the merged person's submissions at the survivor; returns their ids, for the unmerge. */
export async function moveSubmissionsToSurvivor(db: Kysely<DB>, move: { mergedId: string; survivorId: string }): Promise<string[]> {
  // One open submission per form, person and worker: two open ones cannot become one person's silently.
  const clash = await sql<{ form_id: string; worker_id: string }>`
    SELECT m.form_id, m.worker_id FROM form_submissions m JOIN form_submissions s
      ON s.form_id = m.form_id AND s.worker_id = m.worker_id AND s.subject_type = 'person' AND s.subject_id = ${move.survivorId} AND s.status IN ('draft', 'returned')
    WHERE m.subject_type = 'person' AND m.subject_id = ${move.mergedId} AND m.status IN ('draft', 'returned') LIMIT 1`.execute(db);
  if (clash.rows.length > 0) {
    throw errors.conflict(
      'merge.open_submissions',
      `Both persons have an unfinished submission of form ${clash.rows[0].form_id} by the same worker: submit or return one of them before merging`,
    );
  }
  const moved = await db
    .updateTable('form_submissions')
    .set({ subject_id: move.survivorId })
    .where('subject_type', '=', 'person')
    .where('subject_id', '=', move.mergedId)
    .returning('id')
    .execute();
  return moved.map((r) => r.id);
}

/** Gives the merged person back the submissions that moved with them. */
export async function returnSubmissionsToMerged(db: Kysely<DB>, back: { mergedId: string; submissionIds: readonly string[] }): Promise<void> {
  if (back.submissionIds.length === 0) return;
  await db.updateTable('form_submissions').set({ subject_id: back.mergedId }).where('id', 'in', [...back.submissionIds]).execute();
}
