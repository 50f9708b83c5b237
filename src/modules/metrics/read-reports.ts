// Generated reports lying in the caller's scope: the list, and one report exactly as it was published.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import * as repo from './report-repo.js';
import { presentReport, presentReportList } from './report-view.js';
import { findTemplate } from './template-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function listReports(deps: Deps, ctx: RequestContext, filter: { template?: string; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'report.read', action: 'report.list' });
  let templateId: string | undefined;
  if (filter.template) {
    const template = await findTemplate(deps.db, filter.template);
    if (!template) return [];
    templateId = template.id;
  }
  return presentReportList(deps.db, await repo.listReports(deps.db, scope, { templateId, limit: filter.limit, offset: filter.offset }));
}

export async function getReport(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'report.read', action: 'report.get', target: { type: 'report', id } });
  const report = await repo.findReport(deps.db, scope, id);
  if (!report) throw errors.notFound('report', id);
  return presentReport(deps.db, report);
}
