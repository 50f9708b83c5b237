// HTTP routes of one-table reporting: metrics (统计口径), report templates and
// the report registry (报表清单), generated reports with export and
// drill-down, and the units' fill-in tasks.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { errors } from '../../kernel/errors.js';
import { createMetric, reviseMetric } from './define-metric.js';
import { drillDown } from './drill-down.js';
import { getTask, listTasks, submitAnswers } from './fill-tasks.js';
import { generateReport } from './generate-report.js';
import { importTemplate } from './import-template.js';
import { getMetric, listMetrics } from './list-metrics.js';
import { getReport, listReports } from './read-reports.js';
import { exportFileName, reportCsv, reportXlsx } from './report-export.js';
import { communityWorkload, DEFAULT_MINUTES_PER_FIELD, getTemplate, listTemplates } from './report-registry.js';
import { mergeTemplate, retireTemplate } from './retire-template.js';
import { changeTemplate, createTemplate } from './save-template.js';
import * as s from './schemas.js';
import { verifyReport } from './verify-report.js';

const tags = ['reporting'];
/** A department's report spreadsheet: a few hundred kilobytes at most. */
const MAX_LAYOUT_BYTES = 5 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function metricsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    await instance.register(multipart, { limits: { fileSize: MAX_LAYOUT_BYTES, files: 1 } });
    const app = instance.withTypeProvider<ZodTypeProvider>();

    // Statistical definitions (统计口径)
    app.get(
      '/api/v1/metrics',
      { schema: { tags, summary: 'Every metric with its versions, and the duplicates and conflicts among current versions', response: { 200: s.metricList } } },
      async (request) => listMetrics(deps, request.ctx),
    );
    app.get(
      '/api/v1/metrics/:metricCode',
      { schema: { tags, summary: 'One metric with all its statistical definition versions', params: s.metricParams, response: { 200: s.metricView } } },
      async (request) => getMetric(deps, request.ctx, request.params.metricCode),
    );
    app.post(
      '/api/v1/metrics',
      { schema: { tags, summary: 'Declare a metric (its first version); the answer names duplicates and conflicts', body: s.metricBody, response: { 201: s.definedVersion } } },
      async (request, reply) => reply.status(201).send(await createMetric(deps, request.ctx, request.body)),
    );
    app.post(
      '/api/v1/metrics/:metricCode/versions',
      {
        schema: {
          tags,
          summary: 'Change a metric: a new version valid from a later day; reports already generated keep the version they cite',
          params: s.metricParams,
          body: s.versionBody,
          response: { 201: s.definedVersion },
        },
      },
      async (request, reply) => reply.status(201).send(await reviseMetric(deps, request.ctx, request.params.metricCode, request.body)),
    );

    // Report templates and the report registry (报表清单)
    app.get(
      '/api/v1/report-templates',
      { schema: { tags, summary: 'The report registry: every report with owner, frequency, fields auto-filled and manual', response: { 200: z.object({ items: z.array(s.templateView.extend({ generated: z.number() })) }) } } },
      async (request) => ({ items: await listTemplates(deps, request.ctx) }),
    );
    app.get(
      '/api/v1/report-templates/:templateId',
      { schema: { tags, summary: 'One report template with its layout', params: s.templateParams, response: { 200: s.templateView } } },
      async (request) => getTemplate(deps, request.ctx, request.params.templateId),
    );
    app.post(
      '/api/v1/report-templates',
      { schema: { tags, summary: 'Create a report template from a layout written as JSON', body: s.templateBody, response: { 201: s.templateView } } },
      async (request, reply) => reply.status(201).send(await createTemplate(deps, request.ctx, request.body)),
    );
    app.put(
      '/api/v1/report-templates/:templateId',
      { schema: { tags, summary: 'Change a template (name, frequency, layout, column bindings)', params: s.templateParams, body: s.templateChange, response: { 200: s.templateView } } },
      async (request) => changeTemplate(deps, request.ctx, request.params.templateId, request.body),
    );
    app.post(
      '/api/v1/report-templates/import',
      {
        schema: {
          tags,
          summary: "Read a department's XLSX report layout (multipart, field \"file\") as a template: headers, merged cells, notes; dryRun=true only shows it",
          consumes: ['multipart/form-data'],
          querystring: s.importQuery,
          response: { 200: s.importResult, 201: s.importResult },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw errors.validation([{ path: 'body', message: 'send the spreadsheet as multipart/form-data in a field named file' }]);
        const file = await request.file();
        if (!file) throw errors.validation([{ path: 'body.file', message: 'no file in the upload' }]);
        const bytes = await file.toBuffer();
        if (file.file.truncated) throw errors.validation([{ path: 'body.file', message: `larger than ${MAX_LAYOUT_BYTES / 1024 / 1024} MB` }]);
        const result = await importTemplate(deps, request.ctx, { ...request.query, bytes });
        return reply.status(result.template ? 201 : 200).send(result);
      },
    );
    app.post(
      '/api/v1/report-templates/:templateId/retire',
      { schema: { tags, summary: 'Retire a report: it is no longer filed', params: s.templateParams, response: { 200: s.templateView } } },
      async (request) => retireTemplate(deps, request.ctx, request.params.templateId),
    );
    app.post(
      '/api/v1/report-templates/:templateId/merge',
      {
        schema: {
          tags,
          summary: 'Merge a report into another with the same rows: its missing fields join the other, and it is no longer filed',
          params: s.templateParams,
          body: z.object({ into: z.string().min(1).max(63) }),
          response: { 200: s.templateView },
        },
      },
      async (request) => mergeTemplate(deps, request.ctx, request.params.templateId, request.body.into),
    );
    app.get(
      '/api/v1/report-registry/communities',
      {
        schema: {
          tags,
          summary: 'Per community: reports and fields auto-filled vs manual, and the clerk time saved (assumption stated)',
          querystring: z.object({ minutesPerField: z.coerce.number().min(0.5).max(60).default(DEFAULT_MINUTES_PER_FIELD) }),
          response: { 200: s.workload },
        },
      },
      async (request) => communityWorkload(deps, request.ctx, request.query.minutesPerField),
    );

    // Generated reports
    app.post(
      '/api/v1/reports',
      { schema: { tags, summary: 'Generate a report for a jurisdiction and reference date (only the rows your scope covers)', body: s.generateBody, response: { 201: s.reportView } } },
      async (request, reply) => reply.status(201).send(await generateReport(deps, request.ctx, request.body)),
    );
    app.get(
      '/api/v1/reports',
      {
        schema: {
          tags,
          summary: 'Generated reports within your jurisdiction, newest first',
          querystring: s.page.extend({ template: z.string().min(1).max(63).optional() }),
          response: { 200: z.object({ items: z.array(s.reportListItem) }) },
        },
      },
      async (request) => ({ items: await listReports(deps, request.ctx, request.query) }),
    );
    app.get(
      '/api/v1/reports/:reportId',
      { schema: { tags, summary: 'A generated report exactly as published, each column citing its definition version', params: s.reportParams, response: { 200: s.reportView } } },
      async (request) => getReport(deps, request.ctx, request.params.reportId),
    );
    app.get(
      '/api/v1/reports/:reportId/export',
      {
        schema: {
          tags,
          summary: "The report in the department's layout: XLSX (merged headers, totals, notes, 口径说明 sheet) or CSV (UTF-8 with BOM)",
          params: s.reportParams,
          querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
        },
      },
      async (request, reply) => {
        const report = await getReport(deps, request.ctx, request.params.reportId);
        const { format } = request.query;
        const body = format === 'xlsx' ? await reportXlsx(report) : reportCsv(report);
        return reply
          .header('content-type', format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(report, format))}`)
          .send(body);
      },
    );
    app.get(
      '/api/v1/reports/:reportId/records',
      {
        schema: {
          tags,
          summary: 'The records behind a figure (x-purpose: statistics): masked, and every record shown is audited',
          params: s.reportParams,
          querystring: s.drillQuery,
          response: { 200: s.drillDown },
        },
      },
      async (request) => drillDown(deps, request.ctx, request.params.reportId, request.query),
    );
    app.post(
      '/api/v1/reports/:reportId/verify',
      {
        schema: {
          tags,
          summary: 'Recompute the report with the definition versions it cites and compare with the published figures',
          params: s.reportParams,
          response: { 200: s.verification },
        },
      },
      async (request) => verifyReport(deps, request.ctx, request.params.reportId),
    );

    // Fill-in tasks for manual fields
    app.get(
      '/api/v1/report-tasks',
      {
        schema: {
          tags,
          summary: 'Manual fields your units must still supply (and those supplied)',
          querystring: s.page.extend({ status: z.enum(['open', 'submitted']).optional() }),
          response: { 200: z.object({ items: z.array(s.taskView) }) },
        },
      },
      async (request) => ({ items: await listTasks(deps, request.ctx, request.query) }),
    );
    app.get(
      '/api/v1/report-tasks/:taskId',
      { schema: { tags, summary: 'One fill-in task', params: s.taskParams, response: { 200: s.taskView } } },
      async (request) => getTask(deps, request.ctx, request.params.taskId),
    );
    app.post(
      '/api/v1/report-tasks/:taskId/answers',
      { schema: { tags, summary: 'Answer every manual field of the task (again, to correct it)', params: s.taskParams, body: s.answersBody, response: { 200: s.taskView } } },
      async (request) => submitAnswers(deps, request.ctx, request.params.taskId, request.body.answers),
    );
  };
}
