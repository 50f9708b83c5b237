/**
 * Approving a submission: its bound answers go back to the registry through
 * the registry's one write path, as field-visit claims carrying the
 * submission (and so the form) and the worker who collected them. Each bound
 * answer is compared three ways (engine/write-back.ts): with the registry's
 * value when the form was opened and its value now. Where the registry
 * changed in between to something else, the answer is not written: it is
 * queued as a conflict for a reviewer.
 */
import { randomUUID } from 'node:crypto';
import { recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { recordFieldVisit } from '../registry/field-visit.js';
import type { FactValue } from '../registry/schema.js';
import { auditChange, userIdOf } from './audit.js';
import { FormBindings } from './bindings.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import { bindingsToWriteBack, type RegistryWrite } from './engine/index.js';
import { currentRegistryValues } from './prefill.js';
import type { SubmissionView } from './present.js';
import { auditingRefusals } from './refusals.js';
import * as repo from './repo.js';
import type { WriteBackRecord } from './schema.js';
import { authorizeSubmissions, reachableSubmission, submissionView } from './submission-access.js';

export async function approveSubmission(deps: Deps, ctx: RequestContext, id: string, comment: string | null): Promise<SubmissionView> {
  const access = await authorizeSubmissions(deps, ctx, 'form_submission.approve', id);
  if (!access.reviewer) throw errors.denied('Only reviewers approve submissions');
  return auditingRefusals(deps, ctx, access.scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const row = await reachableSubmission(trx, access, id, 'form_submission.approve', true);
      // Four eyes: whoever collected the answers does not also accept them.
      if (row.worker_id === access.scope.actor.id) throw errors.denied('A submission is reviewed by someone other than the worker who filled it');
      if (row.status !== 'submitted') throw errors.conflict('form_submission.not_submitted', `The submission is ${row.status}: only a submitted one can be approved`);
      const form = (await repo.findForm(trx, row.form_id))!;
      const compiled = compiledForm(form);
      const catalogue = await loadCatalogue(trx);
      const bindings = new FormBindings(compiled, catalogue);
      const subject = { type: row.subject_type, id: row.subject_id };
      const current = await currentRegistryValues(trx, catalogue, bindings, subject);
      const plan = bindingsToWriteBack(compiled, row.answers, row.prefill, current);
      const now = deps.clock.now();

      const { claims, record } = claimsOf(bindings, plan.writes);
      if (claims.length) {
        await recordFieldVisit(trx, catalogue, {
          record: subject,
          values: claims,
          submissionId: id,
          workerId: row.worker_id,
          observedAt: row.submitted_at ?? now,
          recordedAt: now,
        });
      }
      await repo.insertConflicts(
        trx,
        plan.conflicts.map((c) => ({
          id: randomUUID(),
          submissionId: id,
          jurisdictionPath: row.jurisdiction_path,
          question: c.question,
          field: c.field,
          answer: c.answer,
          openedValue: c.openedValue,
          currentValue: c.currentValue,
          at: now,
        })),
      );
      record.conflicts = plan.conflicts.length;
      await repo.updateSubmission(trx, id, { status: 'approved', reviewedBy: userIdOf(access.scope.actor) ?? undefined, reviewedAt: now, writeBack: record });
      await repo.insertEvent(trx, { submissionId: id, action: 'approved', actorId: userIdOf(access.scope.actor), actorName: access.scope.actor.name, at: now, comment });
      await auditChange(trx, deps.clock, ctx, access.scope, {
        action: 'form_submission.approve',
        targetType: 'form_submission',
        targetIds: [id],
        details: { [row.subject_type]: row.subject_id, written: record.written.map((w) => w.field), conflicts: plan.conflicts.map((c) => c.field) },
      });
      await recordRead(trx, deps.clock, ctx, access.scope, { action: 'form_submission.approve', targetType: row.subject_type, targetIds: [row.subject_id] });
      return submissionView(trx, deps, access, id, { form, catalogue });
    }),
  );
}

/** The planned writes as registry claims, and the record of what was and was not written. */
function claimsOf(bindings: FormBindings, writes: readonly RegistryWrite[]): { claims: Array<{ field: string; value: FactValue }>; record: WriteBackRecord } {
  const claims: Array<{ field: string; value: FactValue }> = [];
  const record: WriteBackRecord = { written: [], conflicts: 0, notWritten: [] };
  for (const write of writes) {
    const stored = bindings.toRegistry(write.field, write.value);
    // Submission checked that the registry takes the worker's values; what it cannot take now is choices without a code.
    const given = (Array.isArray(write.value) ? write.value : [write.value]).map(String);
    const unmapped = stored.ok ? stored.unmapped : given;
    if (unmapped.length) record.notWritten.push({ question: write.question, field: write.field, values: unmapped });
    if (!stored.ok || stored.value === null) continue;
    claims.push({ field: bindings.fieldOf(write.field)!.key, value: stored.value });
    record.written.push({ question: write.question, field: write.field, value: stored.value });
  }
  return { claims, record };
}

