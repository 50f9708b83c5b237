// Returning a submission to its worker with a comment saying what to change;
// the worker edits it and submits again.
import { recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { auditChange, userIdOf } from './audit.js';
import type { Deps } from './deps.js';
import type { SubmissionView } from './present.js';
import { auditingRefusals } from './refusals.js';
import * as repo from './repo.js';
import { authorizeSubmissions, reachableSubmission, submissionView } from './submission-access.js';

export async function returnSubmission(deps: Deps, ctx: RequestContext, id: string, comment: string): Promise<SubmissionView> {
  const access = await authorizeSubmissions(deps, ctx, 'form_submission.return', id);
  if (!access.reviewer) throw errors.denied('Only reviewers return submissions');
  return auditingRefusals(deps, ctx, access.scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const row = await reachableSubmission(trx, access, id, 'form_submission.return', true);
      // Four eyes: whoever collected the answers does not also accept them.
      if (row.worker_id === access.scope.actor.id) throw errors.denied('A submission is reviewed by someone other than the worker who filled it');
      if (row.status !== 'submitted') throw errors.conflict('form_submission.not_submitted', `The submission is ${row.status}: only a submitted one can be returned`);
      const now = deps.clock.now();
      await repo.updateSubmission(trx, id, { status: 'returned', reviewedBy: userIdOf(access.scope.actor) ?? undefined, reviewedAt: now });
      await repo.insertEvent(trx, { submissionId: id, action: 'returned', actorId: userIdOf(access.scope.actor), actorName: access.scope.actor.name, at: now, comment });
      await auditChange(trx, deps.clock, ctx, access.scope, { action: 'form_submission.return', targetType: 'form_submission', targetIds: [id], details: { comment } });
      await recordRead(trx, deps.clock, ctx, access.scope, { action: 'form_submission.return', targetType: row.subject_type, targetIds: [row.subject_id] });
      return submissionView(trx, deps, access, id);
    }),
  );
}
