/**
 * Regenerating a report exactly. The report as published is its stored
 * figures, with the definition versions it cites: showing or exporting it
 * again reproduces the same figures and citations. Verification recomputes every figure
 * from the registry as it stands now, with those same versions, reference
 * date, period, layout and rows, and compares: equal figures confirm the
 * report; differences are listed cell by cell, with how much the registry
 * changed after the report's data-as-of time to account for them.
 */
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { registryChangesSince, type RegistryChanges } from '../registry/statistics.js';
import { auditReporting } from './audit.js';
import { figuresDigest } from './generate-report.js';
import { planReport, type FigureValue, type Figures } from './report-plan.js';
import * as repo from './report-repo.js';
import { citedVersions } from './resolve-metrics.js';
import { computeFigures } from './run-plan.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface Difference {
  row: string;
  column: string;
  published: FigureValue;
  now: FigureValue;
}

export interface Verification {
  reportId: string;
  identical: boolean;
  publishedDigest: string;
  recomputedDigest: string;
  differences: Difference[];
  /** Registry changes after the report's data-as-of time within its rows' jurisdictions. */
  changesSince: RegistryChanges;
  durationMs: number;
}

export async function verifyReport(deps: Deps, ctx: RequestContext, id: string): Promise<Verification> {
  const scope = await authorize(deps, ctx, { permission: 'report.generate', action: 'report.verify', target: { type: 'report', id } });
  const report = await repo.findReport(deps.db, scope, id);
  if (!report) throw errors.notFound('report', id);
  const metrics = await citedVersions(deps.db, report.metric_versions);
  const categories = report.layout.rows.kind === 'categories';
  const units = categories ? null : unitsOf(report);
  const plan = planReport({
    layout: report.layout,
    metrics,
    units,
    ctx: { referenceDate: report.reference_date, period: { start: report.period_start, end: report.period_end }, paths: report.unit_paths },
  });
  const started = performance.now();
  const now = await computeFigures(deps.db, plan);
  const durationMs = Math.round(performance.now() - started);
  const recomputedDigest = figuresDigest(now);
  const differences = compare(report.figures, now);
  await auditReporting(deps.db, deps.clock, ctx, scope, { action: 'report.verify', targetType: 'report', targetIds: [id], details: { identical: differences.length === 0 } });
  return {
    reportId: id,
    identical: recomputedDigest === report.figures_digest,
    publishedDigest: report.figures_digest,
    recomputedDigest,
    differences,
    changesSince: await registryChangesSince(deps.db, report.unit_paths, report.data_as_of),
    durationMs,
  };
}

/** The rows' units as the report stored them: row i stands for the unit at unit_paths[i]. */
function unitsOf(report: repo.ReportRow) {
  return report.figures.rows.map((r, i) => ({ code: r.unitCode!, name: r.label, path: report.unit_paths[i] }));
}

export function compare(published: Figures, now: Figures): Difference[] {
  const out: Difference[] = [];
  const rows = [...published.rows.map((r) => [r.key, r.values] as const), ...(published.total ? [['total', published.total] as const] : [])];
  const nowRows = new Map([...now.rows.map((r) => [r.key, r.values] as const), ...(now.total ? [['total', now.total] as const] : [])]);
  for (const [key, values] of rows) {
    const current = nowRows.get(key) ?? {};
    for (const [column, value] of Object.entries(values)) {
      if ((current[column] ?? null) !== value) out.push({ row: key, column, published: value, now: current[column] ?? null });
    }
  }
  return out;
}
