// Writing a report template as a file (JSON), and changing one: the layout is
// checked against the language, its metrics must exist, and category rows
// may only add conditions that apply to every metric in the row.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { errors, type FieldIssue } from '../../kernel/errors.js';
import { findDepartment } from '../org/service.js';
import { tagDictionary } from '../registry/statistics.js';
import { auditReporting } from './audit.js';
import { metricDefinition, tagsNamed, type MetricDefinition } from './definition.js';
import * as metricRepo from './metric-repo.js';
import type { ReportFrequency } from './schema.js';
import { layoutSchema, leaves, metricsOf, type Layout, type LayoutInput } from './template.js';
import * as repo from './template-repo.js';
import { presentTemplate, type TemplateView } from './template-view.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface TemplateInput {
  code: string;
  name: string;
  departmentCode: string;
  frequency: ReportFrequency;
  /** Checked against the layout language here, so a file read from anywhere can be given. */
  layout: LayoutInput | unknown;
}

/** `ctx` null: the operator at the CLI (the demo seed). */
export async function createTemplate(deps: Deps, ctx: RequestContext | null, input: TemplateInput): Promise<TemplateView> {
  const scope = ctx ? await authorize(deps, ctx, { permission: 'report.design', action: 'report_template.create', target: { type: 'report_template', id: input.code } }) : null;
  const department = await findDepartment(deps.db, input.departmentCode);
  if (!department) throw errors.validation([{ path: 'departmentCode', message: `no department ${input.departmentCode}` }]);
  requireOwnDepartment(scope, department.id);
  const layout = await checkLayout(deps, input.layout);
  return deps.db.transaction().execute(async (trx) => {
    if (await repo.findTemplate(trx, input.code)) throw errors.conflict('report_template.exists', `A report template ${input.code} exists`);
    const row = await repo.insertTemplate(trx, { code: input.code, name: input.name, department_id: department.id, frequency: input.frequency, layout, at: deps.clock.now() });
    await auditReporting(trx, deps.clock, ctx, scope, {
      action: 'report_template.create',
      targetType: 'report_template',
      targetIds: [row.id],
      details: { code: row.code },
    });
    return presentTemplate(trx, row);
  });
}

export interface TemplateChange {
  name?: string;
  frequency?: ReportFrequency;
  layout?: LayoutInput | unknown;
}

export async function changeTemplate(deps: Deps, ctx: RequestContext, id: string, change: TemplateChange): Promise<TemplateView> {
  const scope = await authorize(deps, ctx, { permission: 'report.design', action: 'report_template.change', target: { type: 'report_template', id } });
  const layout = change.layout ? await checkLayout(deps, change.layout) : null;
  return deps.db.transaction().execute(async (trx) => {
    const current = await repo.findTemplate(trx, id);
    if (!current) throw errors.notFound('report_template', id);
    requireOwnDepartment(scope, current.department_id);
    if (current.status !== 'active') throw errors.conflict('report_template.retired', `Report template ${current.code} is ${current.status}; it can no longer change`);
    const row = await repo.updateTemplate(trx, current.id, {
      name: change.name ?? current.name,
      frequency: change.frequency ?? current.frequency,
      layout: layout ?? current.layout,
      at: deps.clock.now(),
    });
    await auditReporting(trx, deps.clock, ctx, scope, { action: 'report_template.change', targetType: 'report_template', targetIds: [row.id], details: { revision: row.revision } });
    return presentTemplate(trx, row);
  });
}

export function requireOwnDepartment(scope: Scope | null, departmentId: string) {
  if (scope?.role === 'department_staff' && !scope.departmentIds.includes(departmentId)) {
    throw errors.denied("Department staff design only their own department's reports");
  }
}

/** The layout with defaults filled in, or the reasons it cannot be generated. */
export async function checkLayout(deps: Pick<AppDeps, 'db'>, input: LayoutInput | unknown): Promise<Layout> {
  const parsed = layoutSchema.safeParse(input);
  if (!parsed.success) throw errors.validation(parsed.error.issues.map((i) => ({ path: ['layout', ...i.path].join('.'), message: i.message })));
  const layout = parsed.data;
  const issues: FieldIssue[] = [];
  const latest = new Map((await metricRepo.latestVersions(deps.db)).map((v) => [v.metric_code, v.definition as MetricDefinition]));
  for (const code of metricsOf(layout)) if (!latest.has(code)) issues.push({ path: 'layout.columns', message: `no metric ${code}` });
  if (layout.rows.kind === 'categories' && issues.length === 0) {
    const subjects = new Set(
      leaves(layout.columns).flatMap((c) => {
        const definition = c.metric ? latest.get(c.metric)! : null;
        if (!definition) return [];
        if (definition.kind === 'measure') return [definition.subject];
        return [definition.numerator, definition.denominator].flatMap((p) => {
          const part = latest.get(p);
          return part?.kind === 'measure' ? [part.subject] : [];
        });
      }),
    );
    const tags = await tagDictionary(deps.db);
    layout.rows.items.forEach((item, i) => {
      for (const subject of subjects) {
        // A row's conditions must make sense for the metric it narrows: checked as that metric's own conditions would be.
        const check = metricDefinition.safeParse({ kind: 'measure', subject, where: item.where });
        if (!check.success) for (const issue of check.error.issues) issues.push({ path: `layout.rows.items.${i}.where`, message: `${subject}: ${issue.message}` });
        else for (const tag of tagsNamed(check.data)) if (!tags.has(tag)) issues.push({ path: `layout.rows.items.${i}.where`, message: `unknown tag ${tag}` });
      }
    });
  }
  if (issues.length) throw errors.validation(issues);
  return layout;
}
