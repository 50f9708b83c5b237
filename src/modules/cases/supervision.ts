// 督办: a leader or a street puts a case under supervision; the sweep does the
// same when an overdue stage reaches the top of the chain.
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import type { AppDeps } from '../../app-deps.js';
import { acting } from './audit.js';
import { auditingRefusals, lockVisibleCase } from './case-access.js';
import * as repo from './case-repo.js';
import { FINISHED_STATUSES, type CaseStatus } from './model.js';
import { recordEvent } from './timeline.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function superviseCase(deps: Deps, ctx: RequestContext, caseId: string, input: { note: string }) {
  const scope = await authorize(deps, ctx, { permission: 'case.supervise', action: 'case.supervise', target: { type: 'case', id: caseId } });
  const who = acting(ctx, scope);
  return auditingRefusals(deps.db, deps.clock, who, () =>
    deps.db.transaction().execute(async (trx) => {
      const c = await lockVisibleCase(trx, scope, caseId, 'supervise');
      if (FINISHED_STATUSES.includes(c.status as CaseStatus)) throw errors.conflict('cases.finished', `Case ${c.number} is ${c.status}`);
      const now = deps.clock.now();
      const supervision = await repo.insertSupervision(trx, { case_id: c.id, issued_by: who.actor.name, issued_at: now, note: input.note, escalation_id: null });
      await repo.updateCase(trx, c.id, { supervised_at: c.supervised_at ?? now, updated_at: now });
      await recordEvent(trx, deps.clock, who, c.id, { action: 'supervise', role: 'supervisor', note: input.note, details: { supervisionId: supervision.id } });
      return { supervisionId: supervision.id };
    }),
  );
}
