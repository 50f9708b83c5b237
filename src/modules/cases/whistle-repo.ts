// SQL for whistles (吹哨) and the summons of departments they send.
import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isUuid, type Db } from './case-repo.js';

export function insertWhistle(db: Db, row: Insertable<DB['case_whistles']>) {
  return db.insertInto('case_whistles').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function insertSummons(db: Db, row: Insertable<DB['case_summons']>) {
  return db.insertInto('case_summons').values(row).returning(['id']).executeTakeFirstOrThrow();
}

export function whistlesOf(db: Db, caseId: string) {
  return db.selectFrom('case_whistles').selectAll().where('case_id', '=', caseId).orderBy('blown_at').execute();
}

export function summonsOf(db: Db, caseId: string) {
  return db
    .selectFrom('case_summons as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .selectAll('s')
    .select(['d.name as department_name', 'd.code as department_code'])
    .where('s.case_id', '=', caseId)
    .orderBy('d.code')
    .execute();
}

/** One summons with its whistle, locked: reports, actions and scores are one at a time. */
export async function lockSummons(db: Db, caseId: string, summonsId: string) {
  if (!isUuid(summonsId)) return undefined;
  return db
    .selectFrom('case_summons as s')
    .innerJoin('case_whistles as w', 'w.id', 's.whistle_id')
    .selectAll('s')
    .select(['w.jurisdiction_code as whistle_jurisdiction_code'])
    .where('s.case_id', '=', caseId)
    .where('s.id', '=', summonsId)
    .forUpdate('s')
    .executeTakeFirst();
}

export function updateSummons(db: Db, id: string, changes: Updateable<DB['case_summons']>) {
  return db.updateTable('case_summons').set(changes).where('id', '=', id).execute();
}
