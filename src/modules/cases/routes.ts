// HTTP routes of case handling: intake, lists and details, workflow actions,
// attachments, whistles, supervision, ratings and rectifications, a resident's
// own reports, and assessment. Parse, call the service, present.
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app-deps.js';
import { errors } from '../../kernel/errors.js';
import * as assess from './assess.js';
import { DiskAttachmentStore, type AttachmentStore } from './attachment-store.js';
import * as attachments from './attachments.js';
import { caseConfigRoutes } from './config-routes.js';
import * as intake from './intake.js';
import * as queries from './queries.js';
import * as rating from './rating.js';
import { proposeRule } from './rule-proposals.js';
import * as s from './schemas.js';
import { superviseCase } from './supervision.js';
import { transitionCase } from './transitions.js';
import * as whistle from './whistle.js';

/** Attachments live under the data directory unless another store is given (object storage). */
export function casesRoutes(deps: AppDeps, store: AttachmentStore = new DiskAttachmentStore(path.join(deps.config.dataDir, 'attachments'))) {
  const fileDeps = { ...deps, attachments: store };
  return async (instance: FastifyInstance) => {
    // Size and count are checked per upload against the settings, naming the field.
    await instance.register(multipart, { throwFileSizeLimit: false });
    await instance.register(caseConfigRoutes(deps));
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];
    const mine = ['cases: my reports'];

    // ── intake ──────────────────────────────────────────────────────────
    app.post('/api/v1/cases', { schema: { tags, body: s.intakeBody, response: { 201: s.intakeView } } }, async (request, reply) =>
      reply.status(201).send(await intake.createCase(deps, request.ctx, request.body)),
    );

    app.post(
      '/api/v1/cases/with-photos',
      {
        schema: {
          tags,
          consumes: ['multipart/form-data'],
          description: 'A report with its photos in one request: a field `case` holding the JSON of POST /cases, and the photos as files. A refused photo refuses the whole report and nothing is stored.',
          response: { 201: s.intakeView },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw errors.validation([{ path: 'body', message: 'send the report as multipart/form-data: a field `case` (JSON) and the photos' }]);
        const limits = await attachments.attachmentLimits(deps);
        const files: attachments.UploadedFile[] = [];
        let body: unknown;
        for await (const part of request.parts({ limits: { fileSize: limits.maxBytes, files: limits.maxFiles + 1, fields: 5 } })) {
          if (part.type === 'file') {
            files.push({ field: part.fieldname, fileName: part.filename, data: await part.toBuffer(), truncated: part.file.truncated });
          } else if (part.fieldname === 'case') {
            try {
              body = JSON.parse(String(part.value));
            } catch {
              throw errors.validation([{ path: 'case', message: 'must be the report as JSON' }]);
            }
          }
        }
        if (body === undefined) throw errors.validation([{ path: 'case', message: 'required: the report as JSON' }]);
        const parsed = s.intakeBody.safeParse(body);
        if (!parsed.success) throw errors.validation(parsed.error.issues.map((issue) => ({ path: ['case', ...issue.path].join('.'), message: issue.message })));
        return reply.status(201).send(await attachments.createCaseWithPhotos(fileDeps, request.ctx, parsed.data, files));
      },
    );

    app.get('/api/v1/case-duplicates', { schema: { tags, querystring: s.duplicatesQuery, response: { 200: s.duplicatesView } } }, async (request) => {
      const { categoryCode, lon, lat } = request.query;
      return { items: await intake.findPossibleDuplicates(deps, request.ctx, { categoryCode, point: { lon, lat } }) };
    });

    // ── staff ───────────────────────────────────────────────────────────
    app.get('/api/v1/cases', { schema: { tags, querystring: s.caseListQuery, response: { 200: s.caseListView } } }, async (request) => {
      const { submittedFrom, submittedTo, ...query } = request.query;
      return queries.listCases(deps, request.ctx, {
        ...query,
        submittedFrom: submittedFrom ? new Date(submittedFrom) : undefined,
        submittedTo: submittedTo ? new Date(submittedTo) : undefined,
      });
    });

    app.get(
      '/api/v1/case-map',
      {
        schema: {
          tags,
          description: 'Cases submitted in the period, as compact rows [id, categoryCode, status, lon, lat], for a map; only cases with a point.',
          querystring: s.caseMapQuery,
          response: { 200: s.caseMapView },
        },
      },
      async (request) => queries.caseMap(deps, request.ctx, { ...request.query, from: new Date(request.query.from), to: new Date(request.query.to) }),
    );

    app.get('/api/v1/cases/:caseId', { schema: { tags, params: s.caseIdParams, response: { 200: s.caseDetailView } } }, async (request) =>
      queries.getCase(deps, request.ctx, request.params.caseId),
    );

    app.get(
      '/api/v1/cases/:caseId/reporters',
      { schema: { tags, description: 'Personal data: needs x-purpose case_handling; the read is audited.', params: s.caseIdParams, response: { 200: s.reportersView } } },
      async (request) => ({ items: await queries.getReporters(deps, request.ctx, request.params.caseId) }),
    );

    app.post(
      '/api/v1/cases/:caseId/transitions',
      { schema: { tags, params: s.caseIdParams, body: s.transitionBody, response: { 200: s.transitionView } } },
      async (request) => transitionCase(deps, request.ctx, request.params.caseId, request.body),
    );

    app.post('/api/v1/cases/:caseId/attachments', { schema: { tags, consumes: ['multipart/form-data'], params: s.caseIdParams, response: { 201: s.attachmentsCreatedView } } }, async (request, reply) =>
      reply.status(201).send(await upload(request, request.params.caseId, false)),
    );

    app.get('/api/v1/cases/:caseId/attachments/:attachmentId', { schema: { tags, params: s.attachmentParams } }, async (request, reply) =>
      sendAttachment(reply, await attachments.openAttachment(fileDeps, request.ctx, request.params.caseId, request.params.attachmentId, { asReporter: false })),
    );

    app.post(
      '/api/v1/cases/:caseId/whistles',
      { schema: { tags, params: s.caseIdParams, body: s.whistleBody, response: { 201: s.whistleView } } },
      async (request, reply) => reply.status(201).send(await whistle.blowWhistle(deps, request.ctx, request.params.caseId, request.body)),
    );

    app.post('/api/v1/cases/:caseId/summons/:summonsId/report', { schema: { tags, params: s.summonsParams, body: s.noteBody } }, async (request) =>
      whistle.reportToWhistle(deps, request.ctx, request.params.caseId, request.params.summonsId, request.body),
    );

    app.post('/api/v1/cases/:caseId/summons/:summonsId/action', { schema: { tags, params: s.summonsParams, body: s.noteBody } }, async (request) =>
      whistle.recordSummonsAction(deps, request.ctx, request.params.caseId, request.params.summonsId, request.body),
    );

    app.post('/api/v1/cases/:caseId/summons/:summonsId/score', { schema: { tags, params: s.summonsParams, body: s.summonsScoreBody } }, async (request) =>
      whistle.rateSummons(deps, request.ctx, request.params.caseId, request.params.summonsId, request.body),
    );

    app.post(
      '/api/v1/cases/:caseId/rule-proposals',
      { schema: { tags, description: 'The hub street proposes the responsibility rule that would have routed this uncovered case', params: s.caseIdParams, body: s.ruleProposalBody, response: { 201: s.ruleProposalView } } },
      async (request, reply) => reply.status(201).send(await proposeRule(deps, request.ctx, request.params.caseId, request.body)),
    );

    app.post('/api/v1/cases/:caseId/supervisions', { schema: { tags, params: s.caseIdParams, body: s.noteBody } }, async (request, reply) =>
      reply.status(201).send(await superviseCase(deps, request.ctx, request.params.caseId, request.body)),
    );

    app.post(
      '/api/v1/cases/:caseId/ratings',
      { schema: { tags, description: 'A rating taken on a callback to the reporter (offline evaluation).', params: s.caseIdParams, body: s.callbackRatingBody, response: { 201: s.ratingResultView } } },
      async (request, reply) => reply.status(201).send(await rating.recordCallbackRating(deps, request.ctx, request.params.caseId, request.body)),
    );

    app.post('/api/v1/cases/:caseId/rectifications/:rectificationId/rectify', { schema: { tags, params: s.rectificationParams, body: s.noteBody } }, async (request) =>
      rating.rectify(deps, request.ctx, request.params.caseId, request.params.rectificationId, request.body),
    );

    app.post('/api/v1/cases/:caseId/rectifications/:rectificationId/callback', { schema: { tags, params: s.rectificationParams, body: s.callbackBody } }, async (request) =>
      rating.recordCallback(deps, request.ctx, request.params.caseId, request.params.rectificationId, request.body),
    );

    // ── a resident's own reports ────────────────────────────────────────
    app.get('/api/v1/my/cases', { schema: { tags: mine, querystring: s.myCaseListQuery, response: { 200: s.caseListView } } }, async (request) =>
      queries.listMyCases(deps, request.ctx, request.query),
    );

    app.get('/api/v1/my/cases/:caseId', { schema: { tags: mine, params: s.caseIdParams, response: { 200: s.myCaseView } } }, async (request) =>
      queries.getMyCase(deps, request.ctx, request.params.caseId),
    );

    app.post(
      '/api/v1/my/cases/:caseId/transitions',
      { schema: { tags: mine, params: s.caseIdParams, body: s.reporterTransitionBody, response: { 200: s.transitionView } } },
      async (request) => transitionCase(deps, request.ctx, request.params.caseId, request.body),
    );

    app.post(
      '/api/v1/my/cases/:caseId/rating',
      { schema: { tags: mine, params: s.caseIdParams, body: s.ratingBody, response: { 201: s.ratingResultView } } },
      async (request, reply) => reply.status(201).send(await rating.rateCase(deps, request.ctx, request.params.caseId, request.body)),
    );

    app.post('/api/v1/my/cases/:caseId/attachments', { schema: { tags: mine, consumes: ['multipart/form-data'], params: s.caseIdParams, response: { 201: s.attachmentsCreatedView } } }, async (request, reply) =>
      reply.status(201).send(await upload(request, request.params.caseId, true)),
    );

    app.get('/api/v1/my/cases/:caseId/attachments/:attachmentId', { schema: { tags: mine, params: s.attachmentParams } }, async (request, reply) =>
      sendAttachment(reply, await attachments.openAttachment(fileDeps, request.ctx, request.params.caseId, request.params.attachmentId, { asReporter: true })),
    );

    // ── assessment ──────────────────────────────────────────────────────
    app.get('/api/v1/case-assessment', { schema: { tags: ['cases: assessment'], querystring: s.assessmentQuery, response: { 200: s.assessmentView } } }, async (request) =>
      assess.assessCases(deps, request.ctx, { from: new Date(request.query.from), to: new Date(request.query.to), groupBy: request.query.groupBy }),
    );

    app.get(
      '/api/v1/case-assessment/top-problems',
      { schema: { tags: ['cases: assessment'], querystring: s.topProblemsQuery, response: { 200: s.topProblemsView } } },
      async (request) => assess.monthlyTopProblems(deps, request.ctx, request.query),
    );

    /** Read a multipart upload: files (any field name) and an optional `purpose` field. */
    async function upload(request: FastifyRequest, caseId: string, asReporter: boolean) {
      if (!request.isMultipart()) throw errors.validation([{ path: 'body', message: 'send the files as multipart/form-data' }]);
      const limits = await attachments.attachmentLimits(deps);
      const files: attachments.UploadedFile[] = [];
      let purpose: string = 'report';
      for await (const part of request.parts({ limits: { fileSize: limits.maxBytes, files: limits.maxFiles + 1, fields: 5 } })) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          files.push({ field: part.fieldname, fileName: part.filename, data, truncated: part.file.truncated });
        } else if (part.fieldname === 'purpose') {
          purpose = String(part.value);
        }
      }
      if (!(attachments.ATTACHMENT_PURPOSES as readonly string[]).includes(purpose)) {
        throw errors.validation([{ path: 'purpose', message: `one of ${attachments.ATTACHMENT_PURPOSES.join(', ')}` }]);
      }
      return attachments.addAttachments(fileDeps, request.ctx, caseId, { purpose: purpose as attachments.AttachmentPurpose, files, asReporter });
    }
  };
}

function sendAttachment(reply: FastifyReply, file: Awaited<ReturnType<typeof attachments.openAttachment>>) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', file.sizeBytes)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    // The bytes were checked at upload, but a browser must still never run them as a page.
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.stream);
}
