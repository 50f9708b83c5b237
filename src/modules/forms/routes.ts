// HTTP routes of collection forms: publishing and downloading forms, filling
// them on a person, household or dwelling, reviewing submissions and settling write-back conflicts.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app-deps.js';
import { errors } from '../../kernel/errors.js';
import { approveSubmission } from './approve-submission.js';
import { listConflicts, resolveConflict } from './conflicts.js';
import { downloadForm, getForm, listForms } from './form-library.js';
import { getSubmission, listSubmissions, reviewCounts } from './get-submission.js';
import { openForm } from './open-form.js';
import { uploadForm } from './publish-form.js';
import { returnSubmission } from './return-submission.js';
import { saveDraft } from './save-draft.js';
import * as schemas from './schemas.js';
import { submitAnswers } from './submit.js';

/** A form workbook is a few hundred kilobytes at most; this leaves room for images a designer pasted in. */
const MAX_FORM_BYTES = 10 * 1024 * 1024;
/** Answers of one submission, repeats included. */
const MAX_ANSWERS_BYTES = 1024 * 1024;

export function formRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    await instance.register(multipart, { limits: { fileSize: MAX_FORM_BYTES, files: 1 } });
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['forms'];

    app.post(
      '/api/v1/forms',
      {
        schema: {
          tags,
          summary: 'Publish an XLSForm workbook (multipart, field "file"); 400 names the sheet, row and column of every problem',
          querystring: schemas.uploadQuery,
          response: { 201: schemas.publishOutcome, 200: schemas.publishOutcome },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw errors.validation([{ path: 'body', message: 'send the workbook as multipart/form-data in a field named file' }]);
        const file = await request.file();
        if (!file) throw errors.validation([{ path: 'body.file', message: 'no file in the upload' }]);
        const outcome = await uploadForm(deps, request.ctx, { fileName: file.filename, bytes: await file.toBuffer(), departmentCode: request.query.departmentCode });
        return reply.status(outcome.created ? 201 : 200).send(outcome);
      },
    );

    app.get(
      '/api/v1/forms',
      { schema: { tags, summary: 'Published forms (current versions by default)', querystring: schemas.formsQuery, response: { 200: schemas.formListResponse } } },
      async (request) => ({ items: await listForms(deps, request.ctx, { status: request.query.status === 'all' ? null : request.query.status }) }),
    );

    app.get(
      '/api/v1/forms/:formId',
      { schema: { tags, summary: 'A form version with its spec', params: schemas.formIdParams, response: { 200: schemas.formWithSpec } } },
      async (request) => getForm(deps, request.ctx, request.params.formId),
    );

    app.get(
      '/api/v1/forms/:formId/xlsx',
      { schema: { tags, summary: 'Download the form as an XLSForm workbook', params: schemas.formIdParams } },
      async (request, reply) => {
        const file = await downloadForm(deps, request.ctx, request.params.formId);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .send(file.bytes);
      },
    );

    app.post(
      '/api/v1/forms/:formId/submissions',
      {
        schema: {
          tags,
          summary: 'Open the form on a person, household or dwelling (the kind the form is for): registry values pre-filled with source and date; resumes the worker’s unfinished submission',
          params: schemas.formIdParams,
          body: schemas.openBody,
          response: { 201: schemas.submissionView, 200: schemas.submissionView },
        },
      },
      async (request, reply) => {
        const { personId, householdId, dwellingId } = request.body;
        const subject = personId ? { type: 'person' as const, id: personId } : householdId ? { type: 'household' as const, id: householdId } : { type: 'dwelling' as const, id: dwellingId! };
        const { created, submission } = await openForm(deps, request.ctx, request.params.formId, subject);
        return reply.status(created ? 201 : 200).send(submission);
      },
    );

    app.get(
      '/api/v1/form-submissions',
      {
        schema: {
          tags,
          summary: 'Submissions: a reviewer’s jurisdiction, or the caller’s own (mine=true, and always for workers)',
          querystring: schemas.submissionsQuery,
          response: { 200: schemas.submissionListResponse },
        },
      },
      async (request) => ({ items: await listSubmissions(deps, request.ctx, request.query) }),
    );

    app.get(
      '/api/v1/form-submissions/:submissionId',
      { schema: { tags, summary: 'A submission: form, pre-fill, answers, review history', params: schemas.submissionIdParams, response: { 200: schemas.submissionView } } },
      async (request) => getSubmission(deps, request.ctx, request.params.submissionId),
    );

    app.put(
      '/api/v1/form-submissions/:submissionId/answers',
      {
        bodyLimit: MAX_ANSWERS_BYTES,
        schema: { tags, summary: 'Save the draft answers (unchecked)', params: schemas.submissionIdParams, body: schemas.answersBody, response: { 200: schemas.savedDraft } },
      },
      async (request) => saveDraft(deps, request.ctx, request.params.submissionId, request.body.answers),
    );

    app.post(
      '/api/v1/form-submissions/:submissionId/submit',
      {
        bodyLimit: MAX_ANSWERS_BYTES,
        schema: {
          tags,
          summary: 'Submit: the server checks the answers again; 400 form.answers_invalid lists a message per field',
          params: schemas.submissionIdParams,
          body: schemas.answersBody,
          response: { 200: schemas.submissionView },
        },
      },
      async (request) => submitAnswers(deps, request.ctx, request.params.submissionId, request.body.answers),
    );

    app.post(
      '/api/v1/form-submissions/:submissionId/approve',
      {
        schema: {
          tags,
          summary: 'Approve: bound answers are written to the registry with provenance; values changed since opening become conflicts',
          params: schemas.submissionIdParams,
          body: schemas.approveBody,
          response: { 200: schemas.submissionView },
        },
      },
      async (request) => approveSubmission(deps, request.ctx, request.params.submissionId, request.body.comment || null),
    );

    app.post(
      '/api/v1/form-submissions/:submissionId/return',
      {
        schema: { tags, summary: 'Return to the worker with a comment', params: schemas.submissionIdParams, body: schemas.returnBody, response: { 200: schemas.submissionView } },
      },
      async (request) => returnSubmission(deps, request.ctx, request.params.submissionId, request.body.comment),
    );

    app.get(
      '/api/v1/form-review/counts',
      { schema: { tags, summary: 'Submissions waiting for review and open conflicts in the jurisdiction', response: { 200: schemas.reviewCounts } } },
      async (request) => reviewCounts(deps, request.ctx),
    );

    app.get(
      '/api/v1/form-conflicts',
      { schema: { tags, summary: 'Write-back conflicts (open by default)', querystring: schemas.conflictsQuery, response: { 200: schemas.conflictListResponse } } },
      async (request) => {
        const { status, ...page } = request.query;
        return { items: await listConflicts(deps, request.ctx, { status: status === 'all' ? null : status, ...page }) };
      },
    );

    app.post(
      '/api/v1/form-conflicts/:conflictId/resolve',
      {
        schema: {
          tags,
          summary: 'Settle a conflict: record the worker’s answer as a field-visit claim, or keep the registry’s value',
          params: schemas.conflictIdParams,
          body: schemas.resolveBody,
          response: { 200: schemas.conflictView },
        },
      },
      async (request) => resolveConflict(deps, request.ctx, request.params.conflictId, request.body.resolution, request.body.comment || null),
    );
  };
}
