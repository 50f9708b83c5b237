// Generating a department's report for a jurisdiction and a reference date:
// the definition versions in force on that date, compiled into a few
// queries over the registry, the figures stored with everything needed to
// show them again and check them later, and a fill-in task for every unit
// that must still supply a manual field.
import { createHash } from 'node:crypto';
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { actorName, auditReporting } from './audit.js';
import { stableJson } from './fingerprint.js';
import { reportArea } from './report-area.js';
import { planReport } from './report-plan.js';
import * as repo from './report-repo.js';
import { presentReport, type ReportView } from './report-view.js';
import { cite, versionsInForce } from './resolve-metrics.js';
import { chinaDay, isIsoDay, periodOf } from './reference-dates.js';
import { computeFigures } from './run-plan.js';
import { leaves } from './template.js';
import { findTemplate } from './template-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface GenerateInput {
  /** Template id or code. */
  template: string;
  jurisdictionCode: string;
  referenceDate: string;
  /** Start of the period for period (时期) figures; by default the start of the month, quarter … the report is filed for. */
  periodStart?: string;
}

/** `ctx` null: the operator at the CLI (`gongzhi report`), who sees the whole tree. */
export async function generateReport(deps: Deps, ctx: RequestContext | null, input: GenerateInput): Promise<ReportView> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'report.generate', action: 'report.generate', target: { type: 'report_template', id: input.template } }) : null;
  const template = await findTemplate(deps.db, input.template);
  if (!template) throw errors.notFound('report_template', input.template);
  if (template.status !== 'active') throw errors.conflict('report_template.retired', `${template.name} is ${template.status} and is no longer generated`);
  const today = chinaDay(deps.clock.now());
  if (!isIsoDay(input.referenceDate)) throw errors.validation([{ path: 'referenceDate', message: 'a day, YYYY-MM-DD' }]);
  if (input.referenceDate > today) throw errors.validation([{ path: 'referenceDate', message: `the registry cannot tell how things stand on a day after today (${today})` }]);
  const period = input.periodStart ? { start: input.periodStart, end: input.referenceDate } : periodOf(template.frequency, input.referenceDate);
  if (!isIsoDay(period.start) || period.start > period.end) throw errors.validation([{ path: 'periodStart', message: 'a day, YYYY-MM-DD, not after the reference date' }]);

  const area = await reportArea(deps, ctx, scope, input.jurisdictionCode, template.layout.rows);
  const metrics = await versionsInForce(deps.db, template.layout, input.referenceDate);
  const plan = planReport({ layout: template.layout, metrics, units: area.units, ctx: { referenceDate: input.referenceDate, period, paths: area.paths } });
  const dataAsOf = deps.clock.now();
  const started = performance.now();
  const figures = await computeFigures(deps.db, plan);
  const durationMs = Math.round(performance.now() - started);

  return deps.db.transaction().execute(async (trx) => {
    const id = await repo.insertReport(trx, {
      template_id: template.id,
      template_revision: template.revision,
      layout: template.layout,
      jurisdiction_code: area.jurisdiction.code,
      scope_path: area.scopePath,
      unit_paths: area.units ? area.units.map((u) => u.path) : area.paths,
      reference_date: input.referenceDate,
      period_start: period.start,
      period_end: period.end,
      metric_versions: cite(metrics),
      figures,
      figures_digest: figuresDigest(figures),
      data_as_of: dataAsOf,
      generated_by: actorName(scope),
      generated_at: deps.clock.now(),
      query_count: plan.queries.length,
      duration_ms: durationMs,
    });
    const manual = leaves(template.layout.columns).filter((c) => c.manual).map((c) => c.key);
    if (manual.length) {
      const rowKeys = figures.rows.map((r) => r.key);
      const tasks = area.units
        ? area.units.map((u) => ({ jurisdiction_code: u.code, jurisdiction_path: u.path, row_keys: [u.code] }))
        : area.paths.map((p) => ({ jurisdiction_code: p.split('.').at(-1)!, jurisdiction_path: p, row_keys: rowKeys }));
      await repo.upsertTasks(
        trx,
        tasks.map((t) => ({ ...t, template_id: template.id, reference_date: input.referenceDate, column_keys: manual })),
        deps.clock.now(),
      );
    }
    await auditReporting(trx, deps.clock, ctx, scope, {
      action: 'report.generate',
      targetType: 'report',
      targetIds: [id],
      details: { template: template.code, jurisdiction: area.jurisdiction.code, referenceDate: input.referenceDate, units: area.units?.length ?? null },
    });
    return presentReport(trx, (await repo.findReport(trx, null, id))!);
  });
}

/** SHA-256 of the figures in a fixed form: two reports with the same digest published the same numbers. */
export function figuresDigest(figures: unknown): string {
  return createHash('sha256').update(stableJson(figures)).digest('hex');
}
