// A report template as the API shows it: its owner, how often it is filed, and
// how many of its fields the registry fills (auto) and how many units type in (manual).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { departmentsById, type DepartmentView } from './departments.js';
import type { ReportFrequency, TemplateStatus } from './schema.js';
import { leaves, metricsOf, type Layout } from './template.js';
import { findTemplate, type TemplateRow } from './template-repo.js';

export interface TemplateView {
  id: string;
  code: string;
  name: string;
  department: DepartmentView | null;
  frequency: ReportFrequency;
  status: TemplateStatus;
  mergedInto: { id: string; code: string; name: string } | null;
  revision: number;
  layout: Layout;
  /** Data columns, and of them those a metric fills and those typed in by hand. */
  fields: number;
  autoFields: number;
  manualFields: number;
  metrics: string[];
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export function fieldCounts(layout: Layout): { fields: number; autoFields: number; manualFields: number } {
  const columns = leaves(layout.columns);
  const auto = columns.filter((c) => c.metric).length;
  return { fields: columns.length, autoFields: auto, manualFields: columns.length - auto };
}

export async function presentTemplates(db: Kysely<DB>, rows: readonly TemplateRow[]): Promise<TemplateView[]> {
  const departments = await departmentsById(db, rows.map((r) => r.department_id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = rows.flatMap((r) => (r.merged_into && !byId.has(r.merged_into) ? [r.merged_into] : []));
  for (const id of missing) {
    const target = await findTemplate(db, id);
    if (target) byId.set(id, target);
  }
  return rows.map((r) => {
    const target = r.merged_into ? byId.get(r.merged_into) : undefined;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      department: departments.get(r.department_id) ?? null,
      frequency: r.frequency,
      status: r.status,
      mergedInto: target ? { id: target.id, code: target.code, name: target.name } : null,
      revision: r.revision,
      layout: r.layout,
      ...fieldCounts(r.layout),
      metrics: metricsOf(r.layout),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      retiredAt: r.retired_at?.toISOString() ?? null,
    };
  });
}

export async function presentTemplate(db: Kysely<DB>, row: TemplateRow): Promise<TemplateView> {
  return (await presentTemplates(db, [row]))[0];
}
