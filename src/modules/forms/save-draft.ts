/**
 * Saving a draft: the page saves the answers as the worker types, so a form
 * survives a reload or a lost connection. The answers are stored as the
 * engine reads them (types normalised, answers to questions that are no
 * longer relevant removed), unchecked: a draft may be incomplete.
 */
import type { RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import { evaluateForm, type Answers } from './engine/index.js';
import { auditingRefusals } from './refusals.js';
import * as repo from './repo.js';
import { authorizeSubmissions, reachableSubmission } from './submission-access.js';
import type { SubmissionRow } from './repo.js';

/** Only the worker changes the answers, and only until they submit (or after a return). */
export function requireEditable(row: SubmissionRow, actorId: string): void {
  if (row.worker_id !== actorId) throw errors.denied('Only the worker who opened the form changes its answers');
  if (row.status !== 'draft' && row.status !== 'returned') {
    throw errors.conflict('form_submission.not_editable', `The submission is ${row.status}; its answers can no longer change`);
  }
}

export async function saveDraft(deps: Deps, ctx: RequestContext, id: string, answers: unknown): Promise<{ savedAt: string; answers: Answers }> {
  const access = await authorizeSubmissions(deps, ctx, 'form_submission.save', id);
  return auditingRefusals(deps, ctx, access.scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const row = await reachableSubmission(trx, access, id, 'form_submission.save', true);
      requireEditable(row, access.scope.actor.id);
      const form = (await repo.findForm(trx, row.form_id))!;
      const state = evaluateForm(compiledForm(form), answers, { clock: deps.clock, prefill: row.prefill });
      const now = deps.clock.now();
      await repo.updateSubmission(trx, id, { answers: state.answers, savedAt: now });
      return { savedAt: now.toISOString(), answers: state.answers };
    }),
  );
}
