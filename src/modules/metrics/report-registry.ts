/**
 * The report registry (报表清单): every report departments send down, with
 * owner, frequency and fields, and for each community how many reports and
 * fields reach it, how many of those fields the registry fills, and the clerk
 * time that saves.
 *
 * The estimate is stated, not measured: each auto-filled field of each filing
 * would otherwise take a clerk `minutesPerField` minutes (default 3: find the
 * records, count, type the number, check it), and a report is filed as often
 * as its frequency says (monthly 12 times a year …; ad hoc once).
 */
import type { AppDeps } from '../../app-deps.js';
import { authorize, pathWithin, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { listJurisdictions } from '../org/repo.js';
import { findDepartment, jurisdictionsByCodes } from '../org/service.js';
import { FILINGS_PER_YEAR } from './reference-dates.js';
import { reportCounts } from './report-repo.js';
import { leaves, type Layout } from './template.js';
import * as repo from './template-repo.js';
import { presentTemplate, presentTemplates, type TemplateView } from './template-view.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export const DEFAULT_MINUTES_PER_FIELD = 3;

export async function listTemplates(deps: Deps, ctx: RequestContext): Promise<Array<TemplateView & { generated: number }>> {
  await authorize(deps, ctx, { permission: 'report.read', action: 'report_template.list' });
  const rows = await repo.listTemplates(deps.db);
  const counts = await reportCounts(deps.db);
  return (await presentTemplates(deps.db, rows)).map((t) => ({ ...t, generated: counts.get(t.id) ?? 0 }));
}

export async function getTemplate(deps: Deps, ctx: RequestContext, id: string): Promise<TemplateView> {
  await authorize(deps, ctx, { permission: 'report.read', action: 'report_template.get', target: { type: 'report_template', id } });
  const row = await repo.findTemplate(deps.db, id);
  if (!row) throw errors.notFound('report_template', id);
  return presentTemplate(deps.db, row);
}

/** What one filing of a report asks of one community: its row, or for category reports the whole table. */
export function fieldsPerFiling(layout: Layout): { auto: number; manual: number } {
  const columns = leaves(layout.columns);
  const rows = layout.rows.kind === 'categories' ? layout.rows.items.length : 1;
  const auto = columns.filter((c) => c.metric).length * rows;
  return { auto, manual: columns.length * rows - auto };
}

export interface CommunityWorkload {
  code: string;
  name: string;
  reports: number;
  filingsPerYear: number;
  autoFields: number;
  manualFields: number;
  /** Fields per year: each report's fields times its filings. */
  autoFieldsPerYear: number;
  manualFieldsPerYear: number;
  minutesSavedPerYear: number;
}

export interface Workload {
  minutesPerField: number;
  assumption: string;
  communities: CommunityWorkload[];
  templates: { active: number; retired: number; merged: number };
}

/**
 * Per community in the caller's scope. A report reaches a community when it
 * is active, its department's jurisdiction contains the community, and its
 * rows are communities, grids or categories (a report by street is filed by
 * the streets).
 */
export async function communityWorkload(deps: Deps, ctx: RequestContext, minutesPerField = DEFAULT_MINUTES_PER_FIELD): Promise<Workload> {
  const scope = await authorize(deps, ctx, { permission: 'report.read', action: 'report_registry.communities' });
  const communities = (await listJurisdictions(deps.db, scope)).filter((j) => j.level === 'community');
  const templates = await repo.listTemplates(deps.db);
  const active = templates.filter((t) => t.status === 'active' && !(t.layout.rows.kind === 'units' && t.layout.rows.level === 'street'));
  const areaOf = new Map<string, string | null>();
  for (const departmentId of new Set(active.map((t) => t.department_id))) {
    const department = await findDepartment(deps.db, departmentId);
    const [place] = department ? await jurisdictionsByCodes(deps.db, [department.jurisdictionCode]) : [];
    areaOf.set(departmentId, place?.path ?? null);
  }
  const rows = communities.map((community) => {
    const reaching = active.filter((t) => {
      const area = areaOf.get(t.department_id);
      return area !== null && area !== undefined && pathWithin([area], community.path);
    });
    const sum = (f: (t: (typeof reaching)[number]) => number) => reaching.reduce((n, t) => n + f(t), 0);
    const autoFieldsPerYear = sum((t) => fieldsPerFiling(t.layout).auto * FILINGS_PER_YEAR[t.frequency]);
    return {
      code: community.code,
      name: community.name,
      reports: reaching.length,
      filingsPerYear: sum((t) => FILINGS_PER_YEAR[t.frequency]),
      autoFields: sum((t) => fieldsPerFiling(t.layout).auto),
      manualFields: sum((t) => fieldsPerFiling(t.layout).manual),
      autoFieldsPerYear,
      manualFieldsPerYear: sum((t) => fieldsPerFiling(t.layout).manual * FILINGS_PER_YEAR[t.frequency]),
      minutesSavedPerYear: autoFieldsPerYear * minutesPerField,
    };
  });
  return {
    minutesPerField,
    assumption: `每个自动生成的字段每次填报节省 ${minutesPerField} 分钟（查找、统计、录入、核对）；年填报次数：月报 12、季报 4、半年报 2、年报 1、不定期 1。`,
    communities: rows,
    templates: {
      active: templates.filter((t) => t.status === 'active').length,
      retired: templates.filter((t) => t.status === 'retired').length,
      merged: templates.filter((t) => t.status === 'merged').length,
    },
  };
}
