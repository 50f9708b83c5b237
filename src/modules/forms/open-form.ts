/**
 * Opening a form on a person, a household or a dwelling (whichever the form
 * is for): the registry's values for the bound questions are read as the
 * worker may see them and kept with the submission as its pre-fill snapshot,
 * so the page shows them read-only with source and date, and approval can
 * tell later whether the registry changed in between. Opening the same form
 * on the same record again resumes the worker's unfinished submission (a
 * draft, or one returned for changes).
 */
import { randomUUID } from 'node:crypto';
import { authorize, recordRead, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { Disclosure } from '../registry/disclosure.js';
import { findDwelling, findHousehold, findPerson } from '../registry/repo.js';
import { FormBindings } from './bindings.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import { registrySnapshot } from './prefill.js';
import { auditingRefusals, FormRefusal } from './refusals.js';
import * as repo from './repo.js';
import type { Subject } from './repo.js';
import { submissionView } from './submission-access.js';
import type { SubmissionView } from './present.js';

export async function openForm(deps: Deps, ctx: RequestContext, formId: string, subject: Subject): Promise<{ created: boolean; submission: SubmissionView }> {
  const scope = await authorize(deps, ctx, { permission: 'form.fill', action: 'form.open', needsPurpose: true, target: subject });
  // A submission belongs to the person who fills it; other systems send data through imports.
  if (scope.actor.kind !== 'user') throw errors.denied('Forms are filled by a signed-in worker, not an API token');
  const access = { scope, reviewer: false };
  return auditingRefusals(deps, ctx, scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const form = await repo.findForm(trx, formId);
      if (!form) throw errors.notFound('form', formId);
      if (form.subject_type !== subject.type) {
        throw errors.validation([{ path: `body.${subject.type}Id`, message: `${form.title} is filled on a ${form.subject_type}: send ${form.subject_type}Id` }]);
      }
      const record = await findSubject(trx, scope, subject);
      if (!record) throw new FormRefusal(subject, 'form.open');

      const catalogue = await loadCatalogue(trx);
      const open = await repo.findOpenSubmission(trx, formId, subject, scope.actor.id);
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
          subject,
          jurisdictionPath: record.jurisdiction_path,
          prefill: await registrySnapshot(trx, catalogue, bindings, subject, Disclosure.forRecord(catalogue, scope)),
          workerId: scope.actor.id,
          at: now,
        });
        if (created) await repo.insertEvent(trx, { submissionId: id, action: 'opened', actorId: scope.actor.id, actorName: scope.actor.name, at: now, comment: null });
        // Not created: the same worker opened it a moment ago (two taps); theirs is the one to resume.
        submissionId = created ? id : (await repo.findOpenSubmission(trx, formId, subject, scope.actor.id))!.id;
      }
      await recordRead(trx, deps.clock, ctx, scope, { action: 'form.open', targetType: subject.type, targetIds: [subject.id] });
      return { created, submission: await submissionView(trx, deps, access, submissionId, { form, catalogue }) };
    }),
  );
}

/** The record within the scope, with where the registry places it. */
function findSubject(db: Parameters<typeof findPerson>[0], scope: Scope, subject: Subject): Promise<{ jurisdiction_path: string } | undefined> {
  switch (subject.type) {
    case 'person':
      return findPerson(db, scope, subject.id);
    case 'household':
      return findHousehold(db, scope, subject.id);
    case 'dwelling':
      return findDwelling(db, scope, subject.id);
  }
}
