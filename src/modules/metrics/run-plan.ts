// Running a report's queries: all in one repeatable-read transaction, so every
// figure is read from the same snapshot of the registry.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Figures, ReportPlan } from './report-plan.js';

export async function computeFigures(db: Kysely<DB>, plan: ReportPlan): Promise<Figures> {
  if (plan.queries.length === 0) return plan.assemble([]);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // Compiling thirty filter expressions to machine code costs more than it saves on a million rows.
      await sql`SET LOCAL jit = off`.execute(trx);
      // The planner cannot tell that a cube has a few thousand cells rather than one per record;
      // sized for the worst case, it would sort a million rows instead of hashing them.
      await sql`SET LOCAL work_mem = '256MB'`.execute(trx);
      const results = [];
      for (const query of plan.queries) results.push((await query.sql.execute(trx)).rows);
      return plan.assemble(results);
    });
}
