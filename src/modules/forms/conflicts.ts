/**
 * Write-back conflicts: approved answers that were not written because the
 * registry changed after the form was opened. A reviewer looks at the three
 * values (the worker's answer, the registry's value then and now) and either
 * records the worker's answer as a field-visit claim (survivorship then
 * decides what the registry shows, as for any source) or keeps the registry's
 * value. Either way the decision is audited.
 */
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { Disclosure } from '../registry/disclosure.js';
import { recordFieldVisit } from '../registry/field-visit.js';
import { auditChange, recordSubjectReads, userIdOf } from './audit.js';
import { FormBindings } from './bindings.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import type { AnswerValue } from './engine/index.js';
import { presentConflict, type ConflictView } from './present.js';
import { auditingRefusals, FormRefusal } from './refusals.js';
import * as repo from './repo.js';
import type { ConflictStatus } from './schema.js';

export async function listConflicts(deps: Deps, ctx: RequestContext, query: { status: ConflictStatus | null; limit: number; offset: number }): Promise<ConflictView[]> {
  const scope = await authorize(deps, ctx, { permission: 'form.review', action: 'form_conflict.list', needsPurpose: true });
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.listConflicts(trx, scope, { ...query, submissionId: null });
    await recordSubjectReads(trx, deps.clock, ctx, scope, 'form_conflict.list', rows);
    const disclosure = Disclosure.forList(await loadCatalogue(trx), scope);
    return rows.map((row) => presentConflict(row, disclosure));
  });
}

export type Resolution = 'record_answer' | 'keep_registry';

export async function resolveConflict(deps: Deps, ctx: RequestContext, id: string, resolution: Resolution, comment: string | null): Promise<ConflictView> {
  const scope = await authorize(deps, ctx, { permission: 'form.review', action: 'form_conflict.resolve', needsPurpose: true, target: { type: 'form_conflict', id } });
  return auditingRefusals(deps, ctx, scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const conflict = await repo.findConflict(trx, scope, id, { forUpdate: true });
      if (!conflict) throw new FormRefusal({ type: 'form_conflict', id }, 'form_conflict.resolve');
      if (conflict.status !== 'open') throw errors.conflict('form_conflict.resolved', 'This conflict has already been settled');
      const now = deps.clock.now();
      const catalogue = await loadCatalogue(trx);
      if (resolution === 'record_answer') {
        const bindings = new FormBindings(compiledForm({ id: conflict.form_id, spec: conflict.spec }), catalogue);
        const stored = bindings.toRegistry(conflict.field, conflict.answer as AnswerValue);
        if (!stored.ok || stored.value === null) throw errors.conflict('form_conflict.not_recordable', 'The registry has no code for this answer');
        await recordFieldVisit(trx, catalogue, {
          record: { type: conflict.subject_type, id: conflict.subject_id },
          values: [{ field: bindings.fieldOf(conflict.field)!.key, value: stored.value }],
          submissionId: conflict.submission_id,
          workerId: conflict.worker_id,
          observedAt: conflict.submitted_at ?? now,
          recordedAt: now,
        });
      }
      const status: ConflictStatus = resolution === 'record_answer' ? 'answer_recorded' : 'registry_kept';
      await repo.resolveConflict(trx, id, { status, by: userIdOf(scope.actor), at: now, comment });
      await auditChange(trx, deps.clock, ctx, scope, {
        action: 'form_conflict.resolve',
        targetType: 'form_conflict',
        targetIds: [id],
        details: { resolution, [conflict.subject_type]: conflict.subject_id, field: conflict.field, comment },
      });
      await recordRead(trx, deps.clock, ctx, scope, { action: 'form_conflict.resolve', targetType: conflict.subject_type, targetIds: [conflict.subject_id] });
      const disclosure = Disclosure.forRecord(catalogue, scope);
      return presentConflict((await repo.findConflict(trx, scope, id))!, disclosure);
    }),
  );
}
