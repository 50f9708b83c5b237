// HTTP routes of data sharing: grants management (data steward, system
// administrator), a department's own grants, and the bulk export in the
// department's format. Departments read people through the registry routes
// (/api/v1/people, /api/v1/people/:id) with a session or an API token; the
// sharing gate decides what they see there.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app-deps.js';
import { exportForDepartment } from './export.js';
import { createGrant, grantableFields, listGrants, ownGrants, revokeGrant } from './manage-grants.js';
import * as s from './schemas.js';

export function sharingRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/sharing/grants',
      {
        schema: {
          tags: ['sharing'],
          summary: 'Data-sharing grants: which department may read which fields, for what purpose and legal basis, where, until when',
          querystring: s.grantListQuery,
          response: { 200: z.object({ items: z.array(s.grantView) }) },
        },
      },
      async (request) => ({ items: await listGrants(deps, request.ctx, request.query) }),
    );
    app.post(
      '/api/v1/sharing/grants',
      { schema: { tags: ['sharing'], summary: 'Grant a department access to fields of people in a jurisdiction subtree', body: s.createGrantBody, response: { 201: z.object({ id: z.string() }) } } },
      async (request, reply) => {
        const body = request.body;
        const created = await createGrant(deps, request.ctx, { ...body, validFrom: new Date(body.validFrom), validUntil: new Date(body.validUntil) });
        return reply.status(201).send(created);
      },
    );
    app.post(
      '/api/v1/sharing/grants/:grantId/revoke',
      { schema: { tags: ['sharing'], summary: 'Revoke a grant (kept, with the reason, for the audit trail)', params: s.grantParams, body: s.revokeGrantBody, response: { 200: s.grantView } } },
      async (request) => revokeGrant(deps, request.ctx, request.params.grantId, request.body.reason),
    );
    app.get(
      '/api/v1/sharing/grants/own',
      { schema: { tags: ['sharing'], summary: "The caller's department's grants", response: { 200: z.object({ items: z.array(s.grantView) }) } } },
      async (request) => ({ items: await ownGrants(deps, request.ctx) }),
    );
    app.get(
      '/api/v1/sharing/fields',
      { schema: { tags: ['sharing'], summary: 'The fields a grant may name', response: { 200: z.object({ items: z.array(s.grantableFieldView) }) } } },
      async (request) => ({ items: await grantableFields(deps, request.ctx) }),
    );
    app.get(
      '/api/v1/sharing/export',
      {
        schema: {
          tags: ['sharing'],
          summary: "Export the people a department's grants cover, in its own format (its mapping profile in reverse): CSV with BOM or XLSX",
          querystring: s.exportQuery,
        },
      },
      async (request, reply) => {
        const file = await exportForDepartment(deps, request.ctx, request.query);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .header('x-row-count', String(file.rowCount))
          .send(file.body);
      },
    );
  };
}
