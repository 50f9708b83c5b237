import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app-deps.js';
import * as service from './service.js';

const entity = z.enum(['person', 'household', 'dwelling', 'organisation']);
const sensitiveCategory = z.enum(['health', 'disability', 'low_income', 'criminal_justice']);

const codeView = z.object({ code: z.string(), label: z.string(), labelEn: z.string(), aliases: z.array(z.string()) });
const tagView = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  sensitiveCategory: sensitiveCategory.nullable(),
  ownerKind: z.string().nullable(),
  aliases: z.array(z.string()),
});
const fieldView = z.object({
  key: z.string(),
  entity,
  role: z.enum(['key', 'fact', 'link']),
  name: z.string(),
  nameEn: z.string(),
  description: z.string(),
  type: z.string(),
  multiple: z.boolean(),
  codeList: z.string().nullable(),
  codes: z.array(codeView).nullable(),
  sensitivity: z.enum(['public', 'personal', 'sensitive']),
  sensitiveCategory: sensitiveCategory.nullable(),
  ownerKind: z.string().nullable(),
  survivorship: z.enum(['trusted_then_recent', 'most_recent', 'union']).nullable(),
  trustedSources: z.array(z.string()),
});

const tagBody = z.object({
  name: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
  description: z.string().max(500).default(''),
  sensitiveCategory: sensitiveCategory.nullable(),
  ownerKind: z.string().max(50).nullable().default(null),
  aliases: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  sort: z.number().int().min(0).max(10_000).default(100),
});

export function catalogueRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/catalogue',
      { schema: { tags: ['catalogue'], summary: 'Field definitions, code lists and the tag dictionary', response: { 200: z.object({ fields: z.array(fieldView), tags: z.array(tagView) }) } } },
      async (request) => service.describeCatalogue(deps, request.ctx),
    );
    app.get(
      '/api/v1/catalogue/table-schema',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'One entity of the catalogue as a Frictionless Table Schema (v2)',
          querystring: z.object({ entity: entity.default('person') }),
          response: {
            200: z.object({
              $schema: z.string(),
              name: z.string(),
              title: z.string(),
              fields: z.array(z.looseObject({ name: z.string(), title: z.string(), type: z.string() })),
              primaryKey: z.array(z.string()),
              missingValues: z.array(z.string()),
            }),
          },
        },
      },
      async (request) => service.tableSchema(deps, request.ctx, request.query.entity),
    );
    app.put(
      '/api/v1/catalogue/tags/:tagCode',
      {
        schema: {
          tags: ['catalogue'],
          summary: 'Add or change a tag of the managed tag dictionary',
          params: z.object({ tagCode: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'lower-case letters, digits and _') }),
          body: tagBody,
          response: { 200: z.object({ code: z.string(), created: z.boolean() }) },
        },
      },
      async (request) => service.saveTag(deps, request.ctx, request.params.tagCode, request.body),
    );
  };
}
