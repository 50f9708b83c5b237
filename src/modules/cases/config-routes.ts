// HTTP routes configuring case handling: taxonomy, responsibility list, working calendars, settings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import * as calendars from './calendars.js';
import * as caseSettings from './case-settings.js';
import * as list from './responsibility-list.js';
import * as proposals from './rule-proposals.js';
import * as s from './schemas.js';
import * as taxonomy from './taxonomy.js';

export function caseConfigRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases: configuration'];

    app.get(
      '/api/v1/case-categories',
      { schema: { tags, querystring: z.object({ includeInactive: z.enum(['true', 'false']).default('false') }), response: { 200: z.object({ items: z.array(s.categoryView) }) } } },
      async (request) => ({ items: await taxonomy.listCategories(deps, request.ctx, { includeInactive: request.query.includeInactive === 'true' }) }),
    );

    app.put(
      '/api/v1/case-categories/:categoryCode',
      { schema: { tags, params: s.categoryParams, body: s.categoryBody } },
      async (request, reply) => {
        await taxonomy.saveCategories(deps, request.ctx, [{ ...request.body, code: request.params.categoryCode }]);
        return reply.status(204).send();
      },
    );

    app.get(
      '/api/v1/responsibility-rules',
      { schema: { tags, querystring: s.ruleListQuery, response: { 200: z.object({ items: z.array(s.ruleView) }) } } },
      async (request) => ({ items: await list.listRules(deps, request.ctx, request.query) }),
    );

    app.post('/api/v1/responsibility-rules', { schema: { tags, body: s.ruleBody, response: { 201: s.ruleView } } }, async (request, reply) => {
      const { effectiveFrom, ...rule } = request.body;
      return reply.status(201).send(await list.createRule(deps, request.ctx, { ...rule, effectiveFrom: effectiveFrom ? new Date(effectiveFrom) : undefined }));
    });

    app.put(
      '/api/v1/responsibility-rules/:ruleKey',
      { schema: { tags, params: s.ruleParams, body: s.ruleBody, response: { 200: s.ruleView } } },
      async (request) => {
        const { effectiveFrom, ...rule } = request.body;
        return list.reviseRule(deps, request.ctx, request.params.ruleKey, { ...rule, effectiveFrom: effectiveFrom ? new Date(effectiveFrom) : undefined });
      },
    );

    app.delete('/api/v1/responsibility-rules/:ruleKey', { schema: { tags, params: s.ruleParams } }, async (request, reply) => {
      await list.retireRule(deps, request.ctx, request.params.ruleKey);
      return reply.status(204).send();
    });

    app.get(
      '/api/v1/rule-proposals',
      { schema: { tags, description: 'Proposals of new rules from uncovered cases, for places in the caller\'s jurisdiction', querystring: s.ruleProposalListQuery, response: { 200: z.object({ items: z.array(s.ruleProposalView) }) } } },
      async (request) => ({ items: await proposals.listProposals(deps, request.ctx, request.query) }),
    );

    app.post(
      '/api/v1/rule-proposals/:proposalId/accept',
      { schema: { tags, description: 'Adds the proposed rule to the list from now on (new cases only)', params: s.ruleProposalParams, body: s.acceptProposalBody, response: { 200: s.ruleProposalView } } },
      async (request) => proposals.acceptProposal(deps, request.ctx, request.params.proposalId, request.body),
    );

    app.post(
      '/api/v1/rule-proposals/:proposalId/decline',
      { schema: { tags, params: s.ruleProposalParams, body: s.declineProposalBody, response: { 200: s.ruleProposalView } } },
      async (request) => proposals.declineProposal(deps, request.ctx, request.params.proposalId, request.body),
    );

    app.get(
      '/api/v1/working-calendars',
      { schema: { tags, response: { 200: z.object({ items: z.array(s.calendarSummaryView) }) } } },
      async (request) => ({ items: await calendars.listCalendars(deps, request.ctx) }),
    );

    app.get(
      '/api/v1/working-calendars/:code',
      { schema: { tags, params: z.object({ code: z.string().max(40) }), response: { 200: s.calendarView } } },
      async (request) => calendars.getCalendar(deps, request.ctx, request.params.code),
    );

    app.put(
      '/api/v1/working-calendars/:code',
      { schema: { tags, params: z.object({ code: z.string().max(40) }), body: s.calendarBody } },
      async (request, reply) => {
        await calendars.putCalendar(deps, request.ctx, { ...request.body, jurisdictionCode: request.params.code });
        return reply.status(204).send();
      },
    );

    app.get('/api/v1/case-settings', { schema: { tags, response: { 200: s.settingsView } } }, async (request) => caseSettings.getSettings(deps, request.ctx));

    app.patch('/api/v1/case-settings', { schema: { tags, body: s.settingsPatch, response: { 200: s.settingsView } } }, async (request) =>
      caseSettings.updateSettings(deps, request.ctx, request.body),
    );
  };
}
