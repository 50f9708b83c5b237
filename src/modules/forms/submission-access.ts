/**
 * Who reaches which submission. A submission carries personal data (the
 * pre-fill and the answers), so every call declares a purpose. A worker sees
 * their own submissions; a reviewer sees every submission on people placed in
 * their jurisdiction except other workers' drafts. Anything else is answered
 * like a submission that does not exist.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { authorize, ROLE_PERMISSIONS, type Permission, type RequestContext, type Scope } from '../../kernel/access/access.js';
import type { Catalogue } from '../registry/catalogue/catalogue.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { Disclosure } from '../registry/disclosure.js';
import { FormBindings } from './bindings.js';
import { compiledForm } from './compiled-forms.js';
import type { Deps } from './deps.js';
import { prefillLabels, presentConflict, presentSubmission, rightsOf, type SubmissionView } from './present.js';
import { FormRefusal } from './refusals.js';
import * as repo from './repo.js';

export interface SubmissionAccess {
  scope: Scope;
  /** True when the caller reviews: every submission in the scope, not only their own. */
  reviewer: boolean;
}

function holds(ctx: RequestContext, permission: Permission): boolean {
  return ctx.actor?.grants.some((grant) => ROLE_PERMISSIONS[grant.role].includes(permission)) ?? false;
}

export async function authorizeSubmissions(deps: Deps, ctx: RequestContext, action: string, submissionId?: string): Promise<SubmissionAccess> {
  const reviewer = holds(ctx, 'form.review');
  const scope = await authorize(deps, ctx, {
    permission: reviewer ? 'form.review' : 'form.fill',
    action,
    needsPurpose: true,
    target: submissionId ? { type: 'form_submission', id: submissionId } : undefined,
  });
  return { scope, reviewer };
}

export function viewerOf(access: SubmissionAccess): repo.Viewer {
  return { id: access.scope.actor.id, reviewer: access.reviewer };
}

/** The submission as the caller may reach it, optionally locked for the rest of the transaction. */
export async function reachableSubmission(db: Kysely<DB>, access: SubmissionAccess, id: string, action: string, forUpdate = false): Promise<repo.SubmissionRow> {
  const row = await repo.findSubmission(db, access.scope, viewerOf(access), id, { forUpdate });
  if (!row) throw new FormRefusal({ type: 'form_submission', id }, action);
  return row;
}

/**
 * Everything the submission page shows. Reads personal data: the caller records the read.
 * A caller that has the form and the catalogue at hand passes them on.
 */
export async function submissionView(
  db: Kysely<DB>,
  deps: Deps,
  access: SubmissionAccess,
  id: string,
  loaded: { form?: repo.FormRow; catalogue?: Catalogue } = {},
): Promise<SubmissionView> {
  const row = (await repo.findSubmission(db, access.scope, viewerOf(access), id))!;
  const form = loaded.form?.id === row.form_id ? loaded.form : (await repo.findForm(db, row.form_id))!;
  const catalogue = loaded.catalogue ?? (await loadCatalogue(db));
  const disclosure = Disclosure.forRecord(catalogue, access.scope);
  const bindings = new FormBindings(compiledForm(form), catalogue);
  const conflicts = access.reviewer ? await repo.listConflicts(db, access.scope, { status: null, submissionId: id, limit: 100, offset: 0 }) : [];
  return presentSubmission(row, {
    spec: form.spec,
    events: await repo.eventsOf(db, id),
    labels: prefillLabels(form.spec, bindings, row.prefill),
    conflicts: conflicts.map((c) => presentConflict(c, disclosure)),
    rights: rightsOf(row, access.scope, access.reviewer),
    disclosure,
    now: deps.clock.now(),
  });
}
