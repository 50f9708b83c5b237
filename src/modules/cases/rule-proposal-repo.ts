// SQL for proposals of new responsibility rules, made by the hub from uncovered cases.
import { sql, type Insertable, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withinScope, type Scope } from '../../kernel/access/access.js';
import type { Db } from './case-repo.js';
import { isUuid } from './case-repo.js';

export function insertProposal(db: Db, row: Insertable<DB['responsibility_rule_proposals']>) {
  return db.insertInto('responsibility_rule_proposals').values(row).returning(['id']).executeTakeFirstOrThrow();
}

function proposalsQuery(db: Db) {
  return db
    .selectFrom('responsibility_rule_proposals as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .innerJoin('case_categories as cat', 'cat.code', 'p.category_code')
    .innerJoin('jurisdictions as j', 'j.code', 'p.jurisdiction_code')
    .leftJoin('departments as d', (join) => join.on(sql<SqlBool>`d.code = p.unit->>'departmentCode'`))
    .leftJoin('jurisdictions as uj', (join) => join.on(sql<SqlBool>`uj.code = p.unit->>'jurisdictionCode'`))
    .leftJoin('responsibility_rules as r', 'r.id', 'p.rule_id')
    .select([
      'p.id',
      'p.case_id',
      'c.number as case_number',
      'p.category_code',
      'cat.name as category_name',
      'p.jurisdiction_code',
      'j.name as jurisdiction_name',
      'p.jurisdiction_path',
      'p.conditions',
      'p.unit',
      'd.name as department_name',
      'uj.name as unit_jurisdiction_name',
      'p.limits',
      'p.reason',
      'p.status',
      'p.proposed_by',
      'p.proposed_at',
      'p.decided_by',
      'p.decided_at',
      'p.decision_note',
      'p.rule_id',
      'r.rule_key',
      'r.version as rule_version',
    ]);
}
export type ProposalRow = Awaited<ReturnType<typeof findProposal>> & {};

export async function findProposal(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return proposalsQuery(db).where('p.id', '=', id).executeTakeFirst();
}

/** The proposal from the case still waiting for a decision, if any. */
export function openProposalOf(db: Db, caseId: string) {
  return db.selectFrom('responsibility_rule_proposals').select('id').where('case_id', '=', caseId).where('status', '=', 'open').executeTakeFirst();
}

/** Proposals for places in the scope, oldest open ones first. */
export function listProposals(db: Db, scope: Scope, filter: { status?: 'open' | 'accepted' | 'declined'; caseId?: string; limit: number; offset: number }) {
  let query = proposalsQuery(db).where(withinScope(scope, 'p.jurisdiction_path'));
  if (filter.status) query = query.where('p.status', '=', filter.status);
  if (filter.caseId) query = isUuid(filter.caseId) ? query.where('p.case_id', '=', filter.caseId) : query.where(sql<boolean>`false`);
  return query.orderBy('p.proposed_at').orderBy('p.id').limit(filter.limit).offset(filter.offset).execute();
}

/** The proposal's status row, locked so that two maintainers cannot both decide it. */
export async function lockProposal(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('responsibility_rule_proposals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function decideProposal(db: Db, id: string, decision: { status: 'accepted' | 'declined'; by: string; at: Date; note: string | null; ruleId: string | null }) {
  return db
    .updateTable('responsibility_rule_proposals')
    .set({ status: decision.status, decided_by: decision.by, decided_at: decision.at, decision_note: decision.note, rule_id: decision.ruleId })
    .where('id', '=', id)
    .execute();
}
