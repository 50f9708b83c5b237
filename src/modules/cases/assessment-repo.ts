// SQL gathering the facts the assessment counts, for the cases submitted in a period.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AssessmentFacts } from './assessment.js';
import type { Db } from './case-repo.js';
import type { CasesTable } from './schema.js';

type Where = (eb: ExpressionBuilder<DB & { c: CasesTable }, 'c'>) => Expression<SqlBool>;

export async function assessmentFacts(db: Db, where: Where, period: { from: Date; to: Date }): Promise<AssessmentFacts & { unitNames: Map<string, string> }> {
  const cohort = db
    .selectFrom('cases as c')
    .select('c.id')
    .where(where)
    .where('c.submitted_at', '>=', period.from)
    .where('c.submitted_at', '<', period.to);

  const [cases, deadlines, events, ratings] = await Promise.all([
    db
      .selectFrom('cases as c')
      .innerJoin('case_categories as cat', 'cat.code', 'c.category_code')
      .select([
        'c.id',
        'c.category_code',
        'cat.name as category_name',
        'c.community_code',
        'c.street_code',
        'c.unit_name',
        sql<string | null>`CASE WHEN c.unit_department_id IS NOT NULL THEN 'department:' || c.unit_department_id::text
          WHEN c.unit_jurisdiction_code IS NOT NULL THEN 'jurisdiction:' || c.unit_jurisdiction_code END`.as('unit_key'),
      ])
      .where('c.id', 'in', cohort)
      .execute(),
    db
      .selectFrom('case_deadlines')
      .select(['case_id', 'unit_key', 'unit_name', 'stage', 'due_at', 'met_at', 'outcome'])
      .where('case_id', 'in', cohort)
      .where('stage', 'in', ['sign_for', 'handle'])
      .execute(),
    db
      .selectFrom('case_events')
      .select(['case_id', 'action', sql<string | null>`details->>'unitKey'`.as('unit_key')])
      .where('case_id', 'in', cohort)
      .where('action', 'in', ['return', 'close', 'reopen'])
      .execute(),
    db.selectFrom('case_ratings').select(['case_id', 'unit_key', 'overall', 'solved', 'contacted']).where('case_id', 'in', cohort).execute(),
  ]);

  const unitNames = new Map<string, string>();
  for (const d of deadlines) unitNames.set(d.unit_key, d.unit_name);
  for (const c of cases) if (c.unit_key && c.unit_name) unitNames.set(c.unit_key, c.unit_name);
  const unitEvents = (action: string) => events.filter((e) => e.action === action && e.unit_key).map((e) => ({ caseId: e.case_id, unitKey: e.unit_key! }));
  return {
    cases: cases.map((c) => ({
      id: c.id,
      categoryCode: c.category_code,
      categoryName: c.category_name,
      communityCode: c.community_code,
      streetCode: c.street_code,
      unitKey: c.unit_key,
    })),
    // Every dispatch (first, reassigned, sent back, reopened) starts one sign-for clock for the unit.
    dispatches: deadlines.filter((d) => d.stage === 'sign_for').map((d) => ({ caseId: d.case_id, unitKey: d.unit_key })),
    returns: unitEvents('return'),
    closures: unitEvents('close'),
    reopens: unitEvents('reopen'),
    deadlines: deadlines.map((d) => ({
      caseId: d.case_id,
      unitKey: d.unit_key,
      stage: d.stage as 'sign_for' | 'handle',
      dueAt: d.due_at,
      metAt: d.met_at,
      outcome: d.outcome,
    })),
    ratings: ratings.map((r) => ({ caseId: r.case_id, unitKey: r.unit_key, overall: r.overall, solved: r.solved, contacted: r.contacted })),
    unitNames,
  };
}

/** Cases that needed a whistle, per category: a high share means the routine list is wrong for that kind of problem. */
export function whistledCasesByCategory(db: Db, where: Where, period: { from: Date; to: Date }) {
  return db
    .selectFrom('cases as c')
    .innerJoin('case_whistles as w', 'w.case_id', 'c.id')
    .select(['c.category_code', (eb) => eb.fn.count<number>('c.id').distinct().as('cases')])
    .where(where)
    .where('c.submitted_at', '>=', period.from)
    .where('c.submitted_at', '<', period.to)
    .groupBy('c.category_code')
    .execute();
}
