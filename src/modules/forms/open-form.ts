/**
 * Opening a form on a person: the registry's values for the bound questions
 * are read as the worker may see them and kept with the submission as its
 * pre-fill snapshot, so the page shows them read-only with source and date,
 * and approval can tell later whether the registry changed in between.
 * Opening the same form on the same person again resumes the worker's
 * unfinished submission (a draft, or one returned for changes).
 */
import { randomUUID } from 'node:crypto';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { Disclosure } from '../registry/disclosure.js';
import { findPerson } from '../registry/repo.js';
import { FormBindings } from './bindings.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import { registrySnapshot } from './prefill.js';
import { auditingRefusals, FormRefusal } from './refusals.js';
import * as repo from './repo.js';
import { submissionView } from './submission-access.js';
import type { SubmissionView } from './present.js';

export async function openForm(deps: Deps, ctx: RequestContext, formId: string, personId: string): Promise<{ created: boolean; submission: SubmissionView }> {
  const scope = await authorize(deps, ctx, { permission: 'form.fill', action: 'form.open', needsPurpose: true, target: { type: 'person', id: personId } });
  // A submission belongs to the person who fills it; other systems send data through imports.
  if (scope.actor.kind !== 'user') throw errors.denied('Forms are filled by a signed-in worker, not an API token');
  const access = { scope, reviewer: false };
  return auditingRefusals(deps, ctx, scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const form = await repo.findForm(trx, formId);
      if (!form) throw errors.notFound('form', formId);
      const person = await findPerson(trx, scope, personId);
      if (!person) throw new FormRefusal({ type: 'person', id: personId }, 'form.open');

      const catalogue = await loadCatalogue(trx);
      const open = await repo.findOpenSubmission(trx, formId, personId, scope.actor.id);
      let created = false;
      let submissionId = open?.id;
      if (!submissionId) {
        if (form.status !== 'active') throw errors.conflict('form.retired', `Version ${form.version} of ${form.title} has been replaced; open the current version`);
        const bindings = new FormBindings(compiledForm(form), catalogue);
        const now = deps.clock.now();
        const id = randomUUID();
        created = await repo.insertSubmission(trx, {
          id,
          formId,
          subjectId: personId,
          jurisdictionPath: person.jurisdiction_path,
          prefill: await registrySnapshot(trx, catalogue, bindings, personId, Disclosure.forRecord(catalogue, scope)),
          workerId: scope.actor.id,
          at: now,
        });
        if (created) await repo.insertEvent(trx, { submissionId: id, action: 'opened', actorId: scope.actor.id, actorName: scope.actor.name, at: now, comment: null });
        // Not created: the same worker opened it a moment ago (two taps); theirs is the one to resume.
        submissionId = created ? id : (await repo.findOpenSubmission(trx, formId, personId, scope.actor.id))!.id;
      }
      await recordRead(trx, deps.clock, ctx, scope, { action: 'form.open', targetType: 'person', targetIds: [personId] });
      return { created, submission: await submissionView(trx, deps, access, submissionId, { form, catalogue }) };
    }),
  );
}
