// HTTP routes of the registry: search, and pages of people, households,
// dwellings and organisations with the provenance and history of their facts.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { shareNote } from '../exchange/sharing/schemas.js';
import { getDwelling } from './dwelling-page.js';
import { getHousehold } from './household-page.js';
import { getOrganisation, searchOrganisations } from './organisation-page.js';
import { getPerson, getPersonHistory } from './person-page.js';
import { searchPeople } from './search-people.js';

const factValue = z.union([z.string(), z.array(z.string())]);
const sourceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  department: z.object({ code: z.string(), name: z.string() }).nullable(),
});
const claimView = z.object({
  value: factValue,
  source: sourceView,
  observedAt: z.string(),
  recordedAt: z.string(),
  derivedFrom: z.string().nullable(),
  evidence: z.object({
    importId: z.string().nullable(),
    fileName: z.string().nullable(),
    row: z.number().nullable(),
    submissionId: z.string().nullable(),
    recordedBy: z.string().nullable(),
  }),
});
const fieldView = z.object({
  field: z.string(),
  name: z.string(),
  nameEn: z.string(),
  sensitivity: z.enum(['public', 'personal', 'sensitive']),
  value: factValue,
  reason: z.enum(['only_source', 'most_trusted_source', 'most_recent', 'union']),
  from: z.array(claimView),
  disagreements: z.array(claimView),
});
const historyView = claimView.extend({ field: z.string(), current: z.boolean(), supersededAt: z.string().nullable() });
const linkedDwelling = z.object({ relation: z.string(), dwellingId: z.string(), address: z.string(), communityCode: z.string() });

const personView = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  sex: z.string().nullable(),
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  phone: z.string().nullable(),
  residenceStatus: z.string().nullable(),
  tags: z.array(z.string()),
  disabilityGrade: z.number().nullable(),
  relationToHead: z.string().nullable(),
  householdId: z.string().nullable(),
  registrationPlace: z.string().nullable(),
  dwellingId: z.string().nullable(),
  address: z.string().nullable(),
  communityCode: z.string().nullable(),
  gridCode: z.string().nullable(),
  /** Present when a department reads under its data-sharing grants. */
  share: shareNote.optional(),
});

const searchQuery = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  idNumber: z.string().trim().min(1).max(30).optional(),
  phone: z.string().trim().min(1).max(30).optional(),
  address: z.string().trim().min(1).max(200).optional(),
  jurisdiction: z.string().trim().min(1).max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registryRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/people',
      {
        schema: {
          tags: ['registry'],
          summary:
            'Search people by name, ID number, phone or address; masked per role and purpose, or for a department (session or API token) per its data-sharing grants',
          querystring: searchQuery,
          response: { 200: z.object({ items: z.array(personView) }) },
        },
      },
      async (request) => ({ items: await searchPeople(deps, request.ctx, request.query) }),
    );
    app.get(
      '/api/v1/people/:id',
      {
        schema: {
          tags: ['registry'],
          summary: "A person's page: current values, their sources and disagreeing sources",
          params: z.object({ id: z.string() }),
          response: { 200: personView.extend({ dwellings: z.array(linkedDwelling), fields: z.array(fieldView) }) },
        },
      },
      async (request) => getPerson(deps, request.ctx, request.params.id),
    );
    app.get(
      '/api/v1/people/:id/history',
      {
        schema: {
          tags: ['registry'],
          summary: 'Everything every source has said about the person, newest first',
          params: z.object({ id: z.string() }),
          response: { 200: z.object({ items: z.array(historyView) }) },
        },
      },
      async (request) => ({ items: await getPersonHistory(deps, request.ctx, request.params.id) }),
    );
    app.get(
      '/api/v1/households/:householdId',
      {
        schema: {
          tags: ['registry'],
          summary: "A household's page: number, type, registered dwelling, members",
          params: z.object({ householdId: z.string() }),
          response: {
            200: z.object({
              id: z.string(),
              householdNumber: z.string().nullable(),
              registrationType: z.string().nullable(),
              headPersonId: z.string().nullable(),
              dwelling: z.object({ id: z.string(), address: z.string().nullable(), communityCode: z.string().nullable() }).nullable(),
              members: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  idNumber: z.string().nullable(),
                  sex: z.string().nullable(),
                  birthDate: z.string().nullable(),
                  relationToHead: z.string().nullable(),
                  residenceStatus: z.string().nullable(),
                }),
              ),
              fields: z.array(fieldView),
              history: z.array(historyView),
            }),
          },
        },
      },
      async (request) => getHousehold(deps, request.ctx, request.params.householdId),
    );
    app.get(
      '/api/v1/dwellings/:dwellingId',
      {
        schema: {
          tags: ['registry'],
          summary: "A dwelling's page: address, use, the people, households and organisations at it",
          params: z.object({ dwellingId: z.string() }),
          response: {
            200: z.object({
              id: z.string(),
              address: z.string(),
              compound: z.string(),
              building: z.string(),
              unit: z.string(),
              room: z.string(),
              communityCode: z.string(),
              gridCode: z.string().nullable(),
              use: z.string().nullable(),
              people: z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  idNumber: z.string().nullable(),
                  residenceStatus: z.string().nullable(),
                  householdId: z.string().nullable(),
                  relations: z.array(z.string()),
                }),
              ),
              households: z.array(z.object({ id: z.string(), householdNumber: z.string().nullable(), registrationType: z.string().nullable(), headPersonId: z.string().nullable() })),
              organisations: z.array(z.object({ id: z.string(), name: z.string(), creditCode: z.string().nullable(), relation: z.string() })),
              fields: z.array(fieldView),
              history: z.array(historyView),
            }),
          },
        },
      },
      async (request) => getDwelling(deps, request.ctx, request.params.dwellingId),
    );
    app.get(
      '/api/v1/organisations',
      {
        schema: {
          tags: ['registry'],
          summary: 'Search organisations by name or unified social credit code',
          querystring: z.object({
            q: z.string().trim().min(1).max(100).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), creditCode: z.string().nullable(), kind: z.string().nullable() })) }) },
        },
      },
      async (request) => ({ items: await searchOrganisations(deps, request.ctx, request.query) }),
    );
    app.get(
      '/api/v1/organisations/:organisationId',
      {
        schema: {
          tags: ['registry'],
          summary: "An organisation's page: credit code, name, legal representative, dwellings",
          params: z.object({ organisationId: z.string() }),
          response: {
            200: z.object({
              id: z.string(),
              name: z.string(),
              creditCode: z.string().nullable(),
              kind: z.string().nullable(),
              legalRepresentative: z.string().nullable(),
              phone: z.string().nullable(),
              dwellings: z.array(linkedDwelling),
              fields: z.array(fieldView),
              history: z.array(historyView),
            }),
          },
        },
      },
      async (request) => getOrganisation(deps, request.ctx, request.params.organisationId),
    );
  };
}
