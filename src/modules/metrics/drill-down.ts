// The records behind a figure, for staff allowed to see them for the
// statistics purpose: the same compiled definition version, reference date
// and area as the figure, listed from the registry as it stands now, masked
// as statistics lists are (surnames only, ID numbers first 6 + last 4,
// sensitive tags left out), and every record shown written to the audit log.
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { appendAudit } from '../../kernel/audit/audit.js';
import { AppError, errors } from '../../kernel/errors.js';
import { presentForStatistics, type StatisticalRecord, type StatisticalSubject } from '../registry/statistics.js';
import { compileRecordQuery, recordSubjectOf } from './compiler.js';
import type { Condition } from './definition.js';
import { yearsBefore } from './reference-dates.js';
import type { FigureValue } from './report-plan.js';
import * as repo from './report-repo.js';
import { citedVersions } from './resolve-metrics.js';
import { leaves } from './template.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface DrillDownInput {
  row: string;
  column: string;
  /** For a ratio: the records of its numerator (default) or denominator. */
  part?: 'numerator' | 'denominator';
  limit: number;
  offset: number;
}

const TARGET_TYPE: Record<StatisticalSubject, string> = { people: 'person', households: 'household', dwellings: 'dwelling', organisations: 'organisation' };

export interface DrillDownRecord extends Omit<StatisticalRecord, 'birthDate'> {
  /** Age in whole years on the report's reference date (people only). */
  age: number | null;
}

export interface DrillDown {
  metric: { code: string; version: number; name: string };
  subject: StatisticalSubject;
  /** The figure as published. */
  figure: FigureValue;
  /** How many records meet the definition now (the registry may have changed since the report's data-as-of time). */
  total: number;
  records: DrillDownRecord[];
}

export async function drillDown(deps: Deps, ctx: RequestContext, reportId: string, input: DrillDownInput): Promise<DrillDown> {
  const scope = await authorize(deps, ctx, { permission: 'report.drill_down', action: 'report.drill_down', needsPurpose: true, target: { type: 'report', id: reportId } });
  if (scope.purpose !== 'statistics') {
    // Checking a figure is statistics work; a caller handling a case or delivering a service has its own pages for people.
    await appendAudit(deps.db, deps.clock, {
      actor: scope.actor,
      role: scope.role,
      scope: scope.paths.join(','),
      action: 'report.drill_down',
      targetType: 'report',
      targetIds: [reportId],
      purpose: scope.purpose,
      ip: ctx.ip,
      requestId: ctx.requestId,
      outcome: 'denied',
      details: { reason: 'the records behind a figure are shown for the statistics purpose only' },
    });
    throw new AppError('access.denied', 'The records behind a figure are shown for the purpose statistics only (x-purpose: statistics)', 403);
  }
  const report = await repo.findReport(deps.db, scope, reportId);
  if (!report) throw errors.notFound('report', reportId);
  const column = leaves(report.layout.columns).find((c) => c.key === input.column);
  if (!column?.metric) throw errors.validation([{ path: 'column', message: column ? 'a manual column has no records behind it' : `the report has no column ${input.column}` }]);

  const metrics = await citedVersions(deps.db, report.metric_versions);
  const cited = metrics.get(column.metric)!;
  const code = cited.definition.kind === 'ratio' ? (input.part === 'denominator' ? cited.definition.denominator : cited.definition.numerator) : column.metric;
  const measure = metrics.get(code)!;
  if (measure.definition.kind !== 'measure') throw new Error(`metric ${code} cited as a measure is a ratio`);

  const { extra, paths, figure } = where(report, input.row, input.column);
  const ctxSql = { referenceDate: report.reference_date, period: { start: report.period_start, end: report.period_end }, paths };
  const query = compileRecordQuery({ key: code, definition: measure.definition, extra }, ctxSql, input.limit, input.offset);
  const subject = recordSubjectOf(measure.definition);

  return deps.db.transaction().execute(async (trx) => {
    const found = (await query.execute(trx)).rows;
    const records = await presentForStatistics(trx, scope, subject, found.map((r) => r.id));
    await recordRead(trx, deps.clock, ctx, scope, { action: 'report.drill_down', targetType: TARGET_TYPE[subject], targetIds: records.map((r) => r.id) });
    return {
      metric: { code, version: measure.version, name: measure.name },
      subject,
      figure,
      total: found[0]?.total ?? 0,
      records: records.map(({ birthDate, ...r }) => ({ ...r, age: birthDate ? ageOn(birthDate, report.reference_date) : null })),
    };
  });
}

/** A row's area and conditions: a unit row is its unit's subtree; a category row adds its conditions; `total` is the whole report. */
function where(report: repo.ReportRow, rowKey: string, columnKey: string): { extra: readonly Condition[]; paths: string[]; figure: FigureValue } {
  if (rowKey === 'total') {
    if (!report.figures.total) throw errors.validation([{ path: 'row', message: 'the report has no total row' }]);
    return { extra: [], paths: report.unit_paths, figure: report.figures.total[columnKey] ?? null };
  }
  const index = report.figures.rows.findIndex((r) => r.key === rowKey);
  if (index < 0) throw errors.validation([{ path: 'row', message: `the report has no row ${rowKey}` }]);
  const row = report.figures.rows[index];
  const figure = row.values[columnKey] ?? null;
  if (report.layout.rows.kind === 'categories') {
    return { extra: report.layout.rows.items.find((i) => i.key === rowKey)!.where, paths: report.unit_paths, figure };
  }
  return { extra: [], paths: [report.unit_paths[index]], figure };
}

/** Whole years (周岁) on the day: the birthday itself counts. */
export function ageOn(birthDate: string, day: string): number {
  let age = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (yearsBefore(day, age) < birthDate) age -= 1;
  return age;
}
