import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import * as service from './service.js';

const personView = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  sex: z.string().nullable(),
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  phone: z.string().nullable(),
  residenceStatus: z.string(),
  tags: z.array(z.string()),
  disabilityGrade: z.number().nullable(),
  relationToHead: z.string().nullable(),
  householdId: z.string().nullable(),
  address: z.string().nullable(),
  communityCode: z.string().nullable(),
  gridCode: z.string().nullable(),
});

const searchQuery = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  idNumber: z.string().trim().min(1).max(30).optional(),
  phone: z.string().trim().min(1).max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registryRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/people',
      { schema: { tags: ['registry'], querystring: searchQuery, response: { 200: z.object({ items: z.array(personView) }) } } },
      async (request) => ({ items: await service.searchPeople(deps, request.ctx, request.query) }),
    );
    app.get(
      '/api/v1/people/:id',
      { schema: { tags: ['registry'], params: z.object({ id: z.string() }), response: { 200: personView } } },
      async (request) => service.getPerson(deps, request.ctx, request.params.id),
    );
  };
}
