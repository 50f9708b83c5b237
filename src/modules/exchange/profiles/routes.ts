import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app-deps.js';
import * as service from './service.js';

const profileText = z.object({
  /** The profile as YAML or JSON text; comments are kept. */
  text: z.string().min(1).max(200_000),
});
const issueView = z.object({ path: z.string(), line: z.number().nullable(), message: z.string() });
const summaryView = z.object({
  id: z.string(),
  name: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  dataset: z.string(),
  version: z.number(),
  updatedAt: z.string(),
});
const profileParams = z.object({ profileId: z.string().min(1).max(63) });

export function profileRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const summary = (p: Awaited<ReturnType<typeof service.listProfiles>>[number]) => ({
      id: p.id,
      name: p.name,
      departmentCode: p.department_code,
      departmentName: p.department_name,
      dataset: p.dataset,
      version: p.version,
      updatedAt: p.updated_at.toISOString(),
    });

    app.get(
      '/api/v1/mapping-profiles',
      { schema: { tags: ['exchange'], summary: 'Mapping profiles', response: { 200: z.object({ items: z.array(summaryView) }) } } },
      async (request) => ({ items: (await service.listProfiles(deps, request.ctx)).map(summary) }),
    );
    app.get(
      '/api/v1/mapping-profiles/:profileId',
      {
        schema: {
          tags: ['exchange'],
          summary: 'A mapping profile, as written and as validated',
          params: profileParams,
          response: { 200: summaryView.extend({ text: z.string(), profile: z.unknown() }) },
        },
      },
      async (request) => {
        const found = await service.getProfile(deps, request.ctx, request.params.profileId);
        return { ...summary(found), text: found.text, profile: found.document };
      },
    );
    app.post(
      '/api/v1/mapping-profiles/validate',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Check a profile without saving it; every problem names its path and line',
          body: profileText,
          response: { 200: z.object({ ok: z.boolean(), issues: z.array(issueView) }) },
        },
      },
      async (request) => service.validateProfile(deps, request.ctx, request.body.text),
    );
    app.post(
      '/api/v1/mapping-profiles',
      { schema: { tags: ['exchange'], summary: 'Save a new profile', body: profileText, response: { 201: z.object({ id: z.string(), version: z.number() }) } } },
      async (request, reply) => reply.status(201).send(await service.createProfile(deps, request.ctx, request.body.text)),
    );
    app.put(
      '/api/v1/mapping-profiles/:profileId',
      {
        schema: { tags: ['exchange'], summary: 'Replace a profile (its version goes up)', params: profileParams, body: profileText, response: { 200: z.object({ id: z.string(), version: z.number() }) } },
      },
      async (request) => service.replaceProfile(deps, request.ctx, request.params.profileId, request.body.text),
    );
    app.delete(
      '/api/v1/mapping-profiles/:profileId',
      { schema: { tags: ['exchange'], summary: 'Delete a profile; imports keep the copy they used', params: profileParams } },
      async (request, reply) => {
        await service.removeProfile(deps, request.ctx, request.params.profileId);
        return reply.status(204).send();
      },
    );
  };
}
