// HTTP routes of department-data import: the steps of the import wizard.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../../app-deps.js';
import { errors } from '../../../kernel/errors.js';
import { ImportJobs } from './jobs.js';
import { registryLinker } from '../linking/registry-linker.js';
import type { Linker } from './linker.js';
import type { ImportRow } from './repo.js';
import * as service from './service.js';

/** Department exports run to tens of megabytes; this is well above a million-row CSV's size. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

const importParams = z.object({ importId: z.uuid() });
const profileChoice = z.union([
  z.object({ profileId: z.string().min(1).max(63) }),
  z.object({ text: z.string().min(1).max(200_000) }),
]);
const importView = z.object({
  id: z.string(),
  fileName: z.string(),
  fileSize: z.number(),
  status: z.enum(['uploaded', 'validating', 'validated', 'applying', 'completed', 'failed']),
  jurisdictionCode: z.string(),
  sourceId: z.string().nullable(),
  profileId: z.string().nullable(),
  observedAt: z.string(),
  totalRows: z.number().nullable(),
  validRows: z.number(),
  invalidRows: z.number(),
  warningRows: z.number(),
  appliedRows: z.number(),
  rejectedRows: z.number(),
  heldRows: z.number(),
  /** The current phase's progress: rows validated of all rows, or rows applied of the valid ones. */
  progress: z.object({ done: z.number(), total: z.number() }),
  stats: z.record(z.string(), z.number()),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});

function presentImport(i: Omit<ImportRow, 'profile' | 'header'>) {
  const validating = i.status === 'uploaded' || i.status === 'validating' || (i.status === 'failed' && i.applied_through === 0);
  return {
    id: i.id,
    fileName: i.file_name,
    fileSize: i.file_size,
    status: i.status,
    jurisdictionCode: i.jurisdiction_code,
    sourceId: i.source_id,
    profileId: i.profile_id,
    observedAt: i.observed_at.toISOString(),
    totalRows: i.total_rows,
    validRows: i.valid_rows,
    invalidRows: i.invalid_rows,
    warningRows: i.warning_rows,
    appliedRows: i.applied_rows,
    rejectedRows: i.rejected_rows,
    heldRows: i.held_rows,
    progress: validating
      ? { done: i.valid_rows + i.invalid_rows, total: i.total_rows ?? 0 }
      : { done: i.applied_rows + i.rejected_rows + i.held_rows, total: i.valid_rows },
    stats: i.stats as Record<string, number>,
    error: i.error,
    createdBy: i.created_by_name,
    createdAt: i.created_at.toISOString(),
    updatedAt: i.updated_at.toISOString(),
    completedAt: i.completed_at?.toISOString() ?? null,
  };
}

export interface ImportRoutesOptions {
  /** Which registry person each incoming row is: by ID number, then by score (the registry linker). */
  linker?: Linker;
}

export function importRoutes(deps: AppDeps, options: ImportRoutesOptions = {}) {
  return async (instance: FastifyInstance) => {
    const jobs = new ImportJobs();
    const services = { db: deps.db, clock: deps.clock, jobs, linker: options.linker ?? registryLinker() };
    instance.addHook('onClose', () => jobs.drain());
    await instance.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/v1/imports',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Upload a department file (multipart, field "file"): CSV in UTF-8/GB18030 or XLSX',
          consumes: ['multipart/form-data'],
          querystring: z.object({
            jurisdictionCode: z.string().min(1).max(20).optional(),
            /** When the data was true according to the department (its export date); default now. */
            observedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
          }),
          response: { 201: importView },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw errors.validation([{ path: 'body', message: 'send the file as multipart/form-data in a field named file' }]);
        const file = await request.file();
        if (!file) throw errors.validation([{ path: 'body.file', message: 'no file in the upload' }]);
        const { jurisdictionCode, observedAt } = request.query;
        const created = await service.uploadImport(deps, request.ctx, {
          fileName: file.filename,
          bytes: await file.toBuffer(),
          jurisdictionCode,
          observedAt: observedAt ? new Date(observedAt.length === 10 ? `${observedAt}T00:00:00+08:00` : observedAt) : undefined,
        });
        return reply.status(201).send(presentImport(created));
      },
    );

    app.get(
      '/api/v1/imports',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Imports within your jurisdiction, newest first',
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) }),
          response: { 200: z.object({ items: z.array(importView) }) },
        },
      },
      async (request) => ({ items: (await service.listImports(deps, request.ctx, request.query)).map(presentImport) }),
    );

    app.get(
      '/api/v1/imports/:importId',
      { schema: { tags: ['exchange'], summary: 'Status and progress of an import (poll while it runs)', params: importParams, response: { 200: importView } } },
      async (request) => presentImport(await service.getImport(deps, request.ctx, request.params.importId)),
    );

    app.post(
      '/api/v1/imports/:importId/preview',
      {
        schema: {
          tags: ['exchange'],
          summary: 'The first rows as read and as a profile (saved or draft) maps them; changes nothing',
          params: importParams,
          body: z.intersection(profileChoice, z.object({ rows: z.number().int().min(1).max(200).default(20) })),
          response: {
            200: z.object({
              header: z.array(z.string()),
              missingColumns: z.array(z.string()),
              rows: z.array(z.object({ row: z.number(), cells: z.array(z.string().nullable()), record: z.unknown(), issues: z.array(z.unknown()) })),
            }),
          },
        },
      },
      async (request) => {
        const { rows, ...choice } = request.body;
        return service.previewImport(deps, request.ctx, request.params.importId, choice, rows);
      },
    );

    app.post(
      '/api/v1/imports/:importId/validate',
      {
        schema: { tags: ['exchange'], summary: 'Validate every row with a profile, in the background', params: importParams, body: profileChoice, response: { 202: importView } },
      },
      async (request, reply) => reply.status(202).send(presentImport(await service.startValidation(services, request.ctx, request.params.importId, request.body))),
    );

    app.post(
      '/api/v1/imports/:importId/apply',
      { schema: { tags: ['exchange'], summary: 'Apply the valid rows to the registry, in the background; resumes after a crash', params: importParams, response: { 202: importView } } },
      async (request, reply) => reply.status(202).send(presentImport(await service.startApply(services, request.ctx, request.params.importId))),
    );

    app.get(
      '/api/v1/imports/:importId/issues',
      {
        schema: {
          tags: ['exchange'],
          summary: 'The problems found, one line per problem, a page of rows at a time',
          params: importParams,
          querystring: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: { 200: z.object({ columns: z.array(z.string()), lines: z.array(z.array(z.union([z.string(), z.number(), z.null()]))), nextAfter: z.number().nullable() }) },
        },
      },
      async (request) => {
        const result = await service.importIssues(deps, request.ctx, request.params.importId, request.query);
        return { ...result, lines: result.lines.map((line) => line.map((cell) => (cell instanceof Date ? cell.toISOString() : cell))) };
      },
    );

    app.get(
      '/api/v1/imports/:importId/error-report',
      {
        schema: {
          tags: ['exchange'],
          summary: 'Download the error report: XLSX (problems and quarantined rows) or CSV',
          params: importParams,
          querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx'), encoding: z.enum(['utf-8', 'gb18030']).default('utf-8') }),
        },
      },
      async (request, reply) => {
        const report = await service.errorReport(deps, request.ctx, request.params.importId, request.query.format, request.query.encoding);
        return reply
          .header('content-type', request.query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : `text/csv; charset=${request.query.encoding}`)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(report.fileName)}`)
          .send(report.bytes);
      },
    );

    app.get(
      '/api/v1/imports/:importId/changes',
      {
        schema: {
          tags: ['exchange'],
          summary: 'What the import changed: every fact it added, with the value it replaced; page on with after=nextAfter',
          params: importParams,
          querystring: z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  statementId: z.number(),
                  row: z.number().nullable(),
                  entityType: z.string(),
                  entityId: z.string(),
                  field: z.string(),
                  before: z.unknown(),
                  after: z.unknown(),
                  change: z.enum(['added', 'changed', 'stale']),
                  derivedFrom: z.string().nullable(),
                }),
              ),
              nextAfter: z.number().nullable(),
            }),
          },
        },
      },
      async (request) => service.importChanges(deps, request.ctx, request.params.importId, request.query),
    );
  };
}
