// SQL for ratings (好差评) and the rectifications a negative rating opens.
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isUuid, type Db } from './case-repo.js';

export function insertRating(db: Db, row: Insertable<DB['case_ratings']>) {
  return db.insertInto('case_ratings').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function ratingsOf(db: Db, caseId: string) {
  return db.selectFrom('case_ratings').selectAll().where('case_id', '=', caseId).orderBy('at').execute();
}

export function findRating(db: Db, caseId: string, round: number, reporterId: string) {
  return db.selectFrom('case_ratings').select('id').where('case_id', '=', caseId).where('round', '=', round).where('reporter_id', '=', reporterId).executeTakeFirst();
}

export function insertRectification(db: Db, row: Insertable<DB['case_rectifications']>) {
  return db.insertInto('case_rectifications').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function rectificationsOf(db: Db, caseId: string) {
  return db.selectFrom('case_rectifications').selectAll().where('case_id', '=', caseId).orderBy('opened_at').execute();
}

export async function lockRectification(db: Db, caseId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('case_rectifications').selectAll().where('case_id', '=', caseId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateRectification(db: Db, id: string, changes: Updateable<DB['case_rectifications']>) {
  return db.updateTable('case_rectifications').set(changes).where('id', '=', id).execute();
}
