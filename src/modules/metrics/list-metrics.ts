// The metric list: every statistical definition with all its versions, in
// words and as data, and the duplicates and conflicts among current versions.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { tagDictionary } from '../registry/statistics.js';
import type { MetricDefinition } from './definition.js';
import { describeDefinition, type DescribeNames } from './describe.js';
import { departmentsById, type DepartmentView } from './departments.js';
import { findOverlaps, type Overlap } from './fingerprint.js';
import * as repo from './metric-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface VersionView {
  id: string;
  version: number;
  validFrom: string;
  name: string;
  description: string;
  definition: MetricDefinition;
  /** The definition in words. */
  statement: string;
  fingerprint: string;
  createdAt: string;
  createdBy: string;
}

export interface MetricView {
  code: string;
  department: DepartmentView | null;
  /** The latest version: what the metric is defined as from now on. */
  current: VersionView;
  versions: VersionView[];
  overlaps: Overlap[];
}

export async function listMetrics(deps: Deps, ctx: RequestContext): Promise<{ items: MetricView[]; overlaps: Overlap[] }> {
  await authorize(deps, ctx, { permission: 'metric.read', action: 'metric.list' });
  const rows = await repo.listVersions(deps.db);
  return present(deps, rows);
}

export async function getMetric(deps: Deps, ctx: RequestContext, code: string): Promise<MetricView> {
  await authorize(deps, ctx, { permission: 'metric.read', action: 'metric.get', target: { type: 'metric', id: code } });
  const { items } = await present(deps, await repo.listVersions(deps.db));
  const found = items.find((m) => m.code === code);
  if (!found) throw errors.notFound('metric', code);
  return found;
}

async function present(deps: Deps, rows: repo.VersionRow[]) {
  const byCode = new Map<string, repo.VersionRow[]>();
  for (const row of rows) byCode.set(row.metric_code, [...(byCode.get(row.metric_code) ?? []), row]);
  const latest = [...byCode.values()].map((versions) => versions[0]);
  const overlaps = findOverlaps(latest.map((v) => ({ code: v.metric_code, name: v.name, fingerprint: v.fingerprint, departmentId: v.department_id })));
  const names = await describeNames(deps, latest);
  const departments = await departmentsById(deps.db, latest.map((v) => v.department_id));
  const items = [...byCode.entries()].map(([code, versions]) => {
    const views = versions.map((v) => versionView(v, names));
    return {
      code,
      department: versions[0].department_id ? (departments.get(versions[0].department_id) ?? null) : null,
      current: views[0],
      versions: views,
      overlaps: overlaps.filter((o) => o.metrics.includes(code)),
    };
  });
  return { items, overlaps };
}

export async function describeNames(deps: Pick<AppDeps, 'db'>, latest: ReadonlyArray<{ metric_code: string; name: string }>): Promise<DescribeNames> {
  const tags = await tagDictionary(deps.db);
  const metrics = new Map(latest.map((v) => [v.metric_code, v.name]));
  return { tag: (code) => tags.get(code) ?? code, metric: (code) => metrics.get(code) ?? code };
}

export function versionView(v: repo.VersionRow, names: DescribeNames): VersionView {
  const definition = v.definition as MetricDefinition;
  return {
    id: v.id,
    version: v.version,
    validFrom: v.valid_from,
    name: v.name,
    description: v.description,
    definition,
    statement: describeDefinition(definition, names),
    fingerprint: v.fingerprint,
    createdAt: v.created_at.toISOString(),
    createdBy: v.created_by,
  };
}
