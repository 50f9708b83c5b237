// A generated report as the API shows it: the figures it published, each
// column citing the statistical definition version behind it, with the
// manual fields the units have supplied so far filled in.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { jurisdictionsByCodes } from '../org/service.js';
import { departmentsById, type DepartmentView } from './departments.js';
import { describeNames } from './list-metrics.js';
import type { MetricDefinition } from './definition.js';
import { describeDefinition } from './describe.js';
import * as metricRepo from './metric-repo.js';
import type { FigureRow, FigureValue } from './report-plan.js';
import * as repo from './report-repo.js';
import { columnPath, leaves, type Layout } from './template.js';
import { findTemplate } from './template-repo.js';

export interface ReportColumnView {
  key: string;
  label: string;
  /** Headings from the outermost group down to the column. */
  path: string[];
  /** The version behind the column, in words; `ratio` for figures published to two decimals. */
  metric: (repo.CitedVersion & { statement: string; ratio: boolean }) | null;
  manual: { type: 'integer' | 'decimal' | 'text' } | null;
  note: string | null;
}

export interface TaskSummary {
  id: string;
  jurisdictionCode: string;
  jurisdictionName: string;
  status: 'open' | 'submitted';
  submittedAt: string | null;
}

export interface ReportView {
  id: string;
  template: { id: string; code: string; name: string; revision: number; department: DepartmentView | null };
  jurisdiction: { code: string; name: string };
  referenceDate: string;
  period: { start: string; end: string };
  dataAsOf: string;
  generatedAt: string;
  generatedBy: string;
  queryCount: number;
  durationMs: number;
  digest: string;
  layout: Layout;
  columns: ReportColumnView[];
  rows: FigureRow[];
  total: Record<string, FigureValue> | null;
  metricVersions: repo.CitedVersion[];
  tasks: TaskSummary[];
}

export async function presentReport(db: Kysely<DB>, report: repo.ReportRow): Promise<ReportView> {
  const template = (await findTemplate(db, report.template_id))!;
  const departments = await departmentsById(db, [template.department_id]);
  const [jurisdiction] = await jurisdictionsByCodes(db, [report.jurisdiction_code]);
  const cited = new Map(report.metric_versions.map((v) => [v.code, v]));
  const versions = new Map((await metricRepo.versionsByIds(db, report.metric_versions.map((v) => v.versionId))).map((v) => [v.metric_code, v]));
  const names = await describeNames({ db }, report.metric_versions.map((v) => ({ metric_code: v.code, name: v.name })));
  const columns = leaves(report.layout.columns).map((c) => {
    const version = c.metric ? cited.get(c.metric) : undefined;
    const stored = c.metric ? versions.get(c.metric) : undefined;
    return {
      key: c.key,
      label: c.label,
      path: columnPath(report.layout.columns, c.key),
      metric:
        version && stored
          ? { ...version, statement: describeDefinition(stored.definition as MetricDefinition, names), ratio: (stored.definition as MetricDefinition).kind === 'ratio' }
          : null,
      manual: c.manual ?? null,
      note: c.note ?? null,
    };
  });

  const tasks = await repo.tasksFor(db, report.template_id, report.reference_date, taskJurisdictions(report));
  const rows = withAnswers(report, tasks);
  const taskPlaces = await jurisdictionsByCodes(db, tasks.map((t) => t.jurisdiction_code));
  return {
    id: report.id,
    template: { id: template.id, code: template.code, name: template.name, revision: report.template_revision, department: departments.get(template.department_id) ?? null },
    jurisdiction: { code: report.jurisdiction_code, name: jurisdiction?.name ?? report.jurisdiction_code },
    referenceDate: report.reference_date,
    period: { start: report.period_start, end: report.period_end },
    dataAsOf: report.data_as_of.toISOString(),
    generatedAt: report.generated_at.toISOString(),
    generatedBy: report.generated_by,
    queryCount: report.query_count,
    durationMs: report.duration_ms,
    digest: report.figures_digest,
    layout: report.layout,
    columns,
    ...rows,
    metricVersions: report.metric_versions,
    tasks: tasks
      .map((t) => ({
        id: t.id,
        jurisdictionCode: t.jurisdiction_code,
        jurisdictionName: taskPlaces.find((j) => j.code === t.jurisdiction_code)?.name ?? t.jurisdiction_code,
        status: t.status,
        submittedAt: t.submitted_at?.toISOString() ?? null,
      }))
      .sort((a, b) => a.jurisdictionCode.localeCompare(b.jurisdictionCode)),
  };
}

/** The units that answer for a report's manual fields: each row's unit, or for category rows the areas it covers. */
export function taskJurisdictions(report: Pick<repo.ReportRow, 'figures' | 'unit_paths'>): string[] {
  const units = report.figures.rows.flatMap((r) => (r.unitCode ? [r.unitCode] : []));
  return units.length ? units : report.unit_paths.map((p) => p.split('.').at(-1)!);
}

/**
 * The stored figures with the units' answers in the manual columns. The
 * total of a numeric manual column adds the unit rows answered so far;
 * category rows may overlap, so their manual columns get no total.
 */
function withAnswers(report: repo.ReportRow, tasks: readonly repo.TaskRow[]): { rows: FigureRow[]; total: Record<string, FigureValue> | null } {
  const manual = leaves(report.layout.columns).filter((c) => c.manual);
  if (manual.length === 0) return { rows: report.figures.rows, total: report.figures.total };
  const byUnit = new Map(tasks.map((t) => [t.jurisdiction_code, t]));
  const categoryTask = tasks.length === 1 ? tasks[0] : undefined;
  const rows = report.figures.rows.map((row) => {
    const task = row.unitCode ? byUnit.get(row.unitCode) : categoryTask;
    const answers = task?.answers[row.key] ?? {};
    const values = { ...row.values };
    for (const c of manual) values[c.key] = answers[c.key] ?? null;
    return { ...row, values };
  });
  const total = report.figures.total ? { ...report.figures.total } : null;
  if (total) {
    const unitRows = rows.every((r) => r.unitCode);
    for (const c of manual) {
      const numbers = rows.map((r) => r.values[c.key]).filter((v): v is number => typeof v === 'number');
      total[c.key] = unitRows && c.manual!.type !== 'text' && numbers.length ? Math.round(numbers.reduce((a, b) => a + b, 0) * 100) / 100 : null;
    }
  }
  return { rows, total };
}

export interface ReportListItem {
  id: string;
  template: { id: string; code: string; name: string };
  jurisdiction: { code: string; name: string };
  referenceDate: string;
  period: { start: string; end: string };
  dataAsOf: string;
  generatedAt: string;
  generatedBy: string;
  durationMs: number;
}

export async function presentReportList(db: Kysely<DB>, rows: readonly repo.ReportListRow[]): Promise<ReportListItem[]> {
  const places = await jurisdictionsByCodes(db, rows.map((r) => r.jurisdiction_code));
  const templates = new Map<string, { id: string; code: string; name: string }>();
  for (const id of new Set(rows.map((r) => r.template_id))) {
    const t = await findTemplate(db, id);
    if (t) templates.set(id, { id: t.id, code: t.code, name: t.name });
  }
  return rows.map((r) => ({
    id: r.id,
    template: templates.get(r.template_id)!,
    jurisdiction: { code: r.jurisdiction_code, name: places.find((p) => p.code === r.jurisdiction_code)?.name ?? r.jurisdiction_code },
    referenceDate: r.reference_date,
    period: { start: r.period_start, end: r.period_end },
    dataAsOf: r.data_as_of.toISOString(),
    generatedAt: r.generated_at.toISOString(),
    generatedBy: r.generated_by,
    durationMs: r.duration_ms,
  }));
}
