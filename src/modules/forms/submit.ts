/**
 * Submitting: the server checks the answers again with the same engine the
 * page used, against the stored pre-fill (required, types, choices,
 * constraints, relevance, recomputed calculations), and checks that every
 * bound answer is one the registry can take (a phone that is a phone). A
 * refused submission keeps its answers as a draft and comes back with a
 * message per field.
 */
import { recordRead, type RequestContext } from '../../kernel/access/access.js';
import { AppError } from '../../kernel/errors.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { auditChange, userIdOf } from './audit.js';
import { FormBindings } from './bindings.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import { isEmptyAnswer } from './engine/answers.js';
import { evaluateForm, type AnswerValue, type Answers, type FieldError, type FormItem } from './engine/index.js';
import type { SubmissionView } from './present.js';
import { auditingRefusals } from './refusals.js';
import * as repo from './repo.js';
import { requireEditable } from './save-draft.js';
import { authorizeSubmissions, reachableSubmission, submissionView } from './submission-access.js';

export async function submitAnswers(deps: Deps, ctx: RequestContext, id: string, answers: unknown): Promise<SubmissionView> {
  const access = await authorizeSubmissions(deps, ctx, 'form_submission.submit', id);
  const outcome = await auditingRefusals(deps, ctx, access.scope, () =>
    deps.db.transaction().execute(async (trx): Promise<{ refused: FieldError[] } | { view: SubmissionView }> => {
      const row = await reachableSubmission(trx, access, id, 'form_submission.submit', true);
      requireEditable(row, access.scope.actor.id);
      const form = (await repo.findForm(trx, row.form_id))!;
      const compiled = compiledForm(form);
      const state = evaluateForm(compiled, answers, { clock: deps.clock, prefill: row.prefill });
      const catalogue = await loadCatalogue(trx);
      const bindings = new FormBindings(compiled, catalogue);
      const problems = [...state.errors, ...registryProblems(bindings, state.items, state.answers)];
      const now = deps.clock.now();
      if (problems.length) {
        // Nothing the worker typed is lost: the answers stay as the draft.
        await repo.updateSubmission(trx, id, { answers: state.answers, savedAt: now });
        return { refused: problems };
      }
      await repo.updateSubmission(trx, id, { answers: state.answers, status: 'submitted', savedAt: now, submittedAt: now });
      await repo.insertEvent(trx, { submissionId: id, action: 'submitted', actorId: userIdOf(access.scope.actor), actorName: access.scope.actor.name, at: now, comment: null });
      await auditChange(trx, deps.clock, ctx, access.scope, { action: 'form_submission.submit', targetType: 'form_submission', targetIds: [id], details: { form: form.id, person: row.subject_id } });
      await recordRead(trx, deps.clock, ctx, access.scope, { action: 'form_submission.submit', targetType: row.subject_type, targetIds: [row.subject_id] });
      return { view: await submissionView(trx, deps, access, id, { form, catalogue }) };
    }),
  );
  if ('refused' in outcome) {
    const errors = outcome.refused;
    throw new AppError(
      'form.answers_invalid',
      `${errors.length} answer${errors.length === 1 ? ' needs' : 's need'} attention: ${errors.map((e) => `${e.path}: ${e.message.en}`).join('; ')}`,
      400,
      { errors },
    );
  }
  return outcome.view;
}

/** Bound answers the worker gave that the registry could not store. Pre-filled ones are the registry's own. */
function registryProblems(bindings: FormBindings, items: readonly FormItem[], answers: Answers): FieldError[] {
  const readOnly = new Set(topLevelQuestions(items).filter((q) => q.readOnly).map((q) => q.name));
  const problems: FieldError[] = [];
  for (const binding of bindings.bindings()) {
    const question = bindings.questionOf(binding)!;
    // A bound question is never in a repeat, so its answer is a single value.
    const answer = answers[question.name] as AnswerValue | null | undefined;
    if (readOnly.has(question.name) || answer === undefined || answer === null || isEmptyAnswer(answer)) continue;
    const stored = bindings.toRegistry(binding, answer);
    if (!stored.ok) problems.push({ path: question.name, code: 'constraint', message: stored.message });
  }
  return problems;
}

/** Bound questions are never inside repeats, so groups are the only nesting to look through. */
function topLevelQuestions(items: readonly FormItem[]): Array<Extract<FormItem, { kind: 'question' }>> {
  return items.flatMap((item) => (item.kind === 'question' ? [item] : item.kind === 'group' ? topLevelQuestions(item.items) : []));
}
