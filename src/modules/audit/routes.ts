import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { ownDataAccess } from './own-data-access.js';
import { ownDataAccessPage, ownDataAccessQuery } from './schemas.js';
import * as service from './service.js';

const auditQuery = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(['allowed', 'denied']).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().positive().optional(),
});

const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  role: z.string().nullable(),
  scope: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetIds: z.array(z.string()),
  purpose: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  details: z.unknown(),
  hash: z.string(),
});

export function auditRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/audit',
      { schema: { tags: ['audit'], querystring: auditQuery, response: { 200: z.object({ items: z.array(auditEntryView), nextCursor: z.string().nullable() }) } } },
      async (request) => {
        const q = request.query;
        const result = await service.searchAudit(deps, request.ctx, {
          ...q,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        });
        return {
          items: result.items.map((e) => ({
            id: String(e.id),
            at: e.at.toISOString(),
            actor: e.actor,
            role: e.role,
            scope: e.scope,
            action: e.action,
            targetType: e.target_type,
            targetIds: e.target_ids,
            purpose: e.purpose,
            ip: e.ip,
            outcome: e.outcome,
            details: e.details,
            hash: e.hash,
          })),
          nextCursor: result.nextCursor === null ? null : String(result.nextCursor),
        };
      },
    );
    app.get(
      '/api/v1/me/data-access',
      {
        schema: {
          tags: ['audit'],
          summary: 'For a resident: who read their data, when, for what purpose and on what legal basis (PIPL)',
          querystring: ownDataAccessQuery,
          response: { 200: ownDataAccessPage },
        },
      },
      async (request) => {
        const result = await ownDataAccess(deps, request.ctx, request.query);
        return {
          items: result.items.map((e) => ({ ...e, id: String(e.id), at: e.at.toISOString() })),
          nextCursor: result.nextCursor === null ? null : String(result.nextCursor),
        };
      },
    );
    app.post(
      '/api/v1/audit/verify',
      {
        schema: {
          tags: ['audit'],
          response: {
            200: z.object({
              ok: z.boolean(),
              checked: z.number(),
              firstBroken: z.object({ id: z.string(), at: z.string(), reason: z.string() }).nullable(),
            }),
          },
        },
      },
      async (request) => {
        const result = await service.verifyChain(deps, request.ctx);
        return {
          ...result,
          firstBroken: result.firstBroken && { id: String(result.firstBroken.id), at: result.firstBroken.at.toISOString(), reason: result.firstBroken.reason },
        };
      },
    );
  };
}
