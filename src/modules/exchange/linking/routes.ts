// HTTP routes of record linkage: the data steward's review queue, merges and unmerges, correction lists.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app-deps.js';
import * as corrections from './corrections.js';
import * as merges from './merges.js';
import * as review from './review.js';
import * as s from './schemas.js';

export function linkingRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/v1/linkage/reviews',
      { schema: { tags: ['linkage'], summary: 'The review queue: pairs the linker was unsure about, strongest first (purpose data_quality)', querystring: s.reviewListQuery, response: { 200: z.object({ items: z.array(s.reviewView) }) } } },
      async (request) => ({ items: await review.listReviews(deps, request.ctx, request.query) }),
    );

    app.get(
      '/api/v1/linkage/reviews/:reviewId',
      { schema: { tags: ['linkage'], summary: 'One pair side by side, with the explanation of its score', params: s.reviewParams, response: { 200: s.reviewView } } },
      async (request) => review.getReview(deps, request.ctx, request.params.reviewId),
    );

    app.post(
      '/api/v1/linkage/reviews/:reviewId/decision',
      { schema: { tags: ['linkage'], summary: 'Decide a pair: the same person (the row is applied to them) or not the same', params: s.reviewParams, body: s.reviewDecisionBody, response: { 200: s.decidedReviewView } } },
      async (request) => review.decideReview(deps, request.ctx, request.params.reviewId, request.body),
    );

    app.get(
      '/api/v1/linkage/merges',
      { schema: { tags: ['linkage'], summary: 'Merge history, newest first; personId narrows it to one person', querystring: s.mergeListQuery, response: { 200: z.object({ items: z.array(s.mergeView) }) } } },
      async (request) => ({ items: await merges.listMerges(deps, request.ctx, request.query) }),
    );

    app.post(
      '/api/v1/linkage/merges',
      { schema: { tags: ['linkage'], summary: 'Merge two registry persons into one (undoable)', body: s.mergeBody, response: { 201: s.mergeView } } },
      async (request, reply) => reply.status(201).send(await merges.mergePersons(deps, request.ctx, request.body)),
    );

    app.get(
      '/api/v1/linkage/merges/:mergeId',
      { schema: { tags: ['linkage'], summary: 'One merge: who merged and unmerged whom, when and why', params: s.mergeParams, response: { 200: s.mergeView } } },
      async (request) => merges.getMerge(deps, request.ctx, request.params.mergeId),
    );

    app.post(
      '/api/v1/linkage/merges/:mergeId/unmerge',
      { schema: { tags: ['linkage'], summary: 'Undo a merge: both persons, their facts and links as before', params: s.mergeParams, body: s.unmergeBody, response: { 200: s.mergeView } } },
      async (request) => merges.unmergePersons(deps, request.ctx, request.params.mergeId, request.body),
    );

    app.get(
      '/api/v1/linkage/corrections',
      { schema: { tags: ['linkage'], summary: 'The correction list (校核纠错) per source department (purpose data_quality)', querystring: s.correctionListQuery, response: { 200: z.object({ items: z.array(s.correctionView) }) } } },
      async (request) => ({ items: await corrections.listCorrections(deps, request.ctx, request.query) }),
    );

    app.get(
      '/api/v1/linkage/corrections/sources',
      { schema: { tags: ['linkage'], summary: 'Source departments with a correction list, with how many findings each', response: { 200: z.object({ items: z.array(s.correctionSourceView) }) } } },
      async (request) => ({ items: await corrections.listCorrectionSources(deps, request.ctx) }),
    );

    app.get(
      '/api/v1/linkage/corrections/export',
      { schema: { tags: ['linkage'], summary: "A source's correction list as CSV or XLSX in the department's own format", querystring: s.correctionExportQuery } },
      async (request, reply) => {
        const file = await corrections.exportCorrections(deps, request.ctx, request.query);
        return reply
          .header('content-type', request.query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : `text/csv; charset=${file.encoding ?? 'utf-8'}`)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .send(file.bytes);
      },
    );
  };
}
