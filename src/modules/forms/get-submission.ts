// One submission with its form, pre-fill, answers and review history; and the
// lists of submissions: a worker's own, a reviewer's queue.
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { loadCatalogue } from '../registry/catalogue/repo.js';
import { Disclosure } from '../registry/disclosure.js';
import type { Deps } from './deps.js';
import { presentSubmissionSummary } from './present.js';
import { recordSubjectReads } from './audit.js';
import { auditingRefusals } from './refusals.js';
import * as repo from './repo.js';
import type { SubmissionStatus } from './schema.js';
import { authorizeSubmissions, reachableSubmission, submissionView, viewerOf } from './submission-access.js';

export async function getSubmission(deps: Deps, ctx: RequestContext, id: string) {
  const access = await authorizeSubmissions(deps, ctx, 'form_submission.get', id);
  return auditingRefusals(deps, ctx, access.scope, () =>
    deps.db.transaction().execute(async (trx) => {
      const row = await reachableSubmission(trx, access, id, 'form_submission.get');
      await recordRead(trx, deps.clock, ctx, access.scope, { action: 'form_submission.get', targetType: row.subject_type, targetIds: [row.subject_id] });
      return submissionView(trx, deps, access, id);
    }),
  );
}

export interface SubmissionQuery {
  status: SubmissionStatus[];
  /** Only the caller's own, even for a reviewer. */
  mine: boolean;
  formId?: string;
  limit: number;
  offset: number;
}

export async function listSubmissions(deps: Deps, ctx: RequestContext, query: SubmissionQuery) {
  const access = await authorizeSubmissions(deps, ctx, 'form_submission.list');
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.listSubmissions(trx, access.scope, viewerOf(access), {
      statuses: query.status,
      mine: query.mine,
      formId: query.formId ?? null,
      limit: query.limit,
      offset: query.offset,
    });
    await recordSubjectReads(trx, deps.clock, ctx, access.scope, 'form_submission.list', rows);
    const disclosure = Disclosure.forList(await loadCatalogue(trx), access.scope);
    return rows.map((row) => presentSubmissionSummary(row, disclosure));
  });
}

/** How much waits for the reviewer: counts only, so no personal data and no purpose. */
export async function reviewCounts(deps: Deps, ctx: RequestContext) {
  const scope = await authorize(deps, ctx, { permission: 'form.review', action: 'form_submission.counts' });
  return repo.reviewCounts(deps.db, scope);
}
