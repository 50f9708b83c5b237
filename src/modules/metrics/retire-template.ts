// Cutting the report list down (减负): a report may be retired, or merged into
// another — its fields the other lacks are added to the other's layout under
// a heading named after it, and it is no longer filed.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { auditReporting } from './audit.js';
import { stableJson } from './fingerprint.js';
import { requireOwnDepartment } from './save-template.js';
import { leaves, type Column, type Layout, type LeafColumn } from './template.js';
import * as repo from './template-repo.js';
import { presentTemplate, type TemplateView } from './template-view.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function retireTemplate(deps: Deps, ctx: RequestContext, id: string): Promise<TemplateView> {
  const scope = await authorize(deps, ctx, { permission: 'report.design', action: 'report_template.retire', target: { type: 'report_template', id } });
  return deps.db.transaction().execute(async (trx) => {
    const template = await activeTemplate(trx, id);
    requireOwnDepartment(scope, template.department_id);
    await repo.retireTemplate(trx, template.id, { status: 'retired', mergedInto: null, at: deps.clock.now() });
    await auditReporting(trx, deps.clock, ctx, scope, { action: 'report_template.retire', targetType: 'report_template', targetIds: [template.id], details: { code: template.code } });
    return presentTemplate(trx, (await repo.findTemplate(trx, template.id))!);
  });
}

/** Merge `id` into `intoId`; answers the template that remains. */
export async function mergeTemplate(deps: Deps, ctx: RequestContext, id: string, intoId: string): Promise<TemplateView> {
  const scope = await authorize(deps, ctx, { permission: 'report.design', action: 'report_template.merge', target: { type: 'report_template', id } });
  return deps.db.transaction().execute(async (trx) => {
    const source = await activeTemplate(trx, id);
    const target = await activeTemplate(trx, intoId);
    if (source.id === target.id) throw errors.validation([{ path: 'into', message: 'a report cannot be merged into itself' }]);
    requireOwnDepartment(scope, source.department_id);
    requireOwnDepartment(scope, target.department_id);
    if (stableJson(source.layout.rows) !== stableJson(target.layout.rows)) {
      throw errors.conflict('report_template.rows_differ', `${source.name} and ${target.name} have different rows; only reports with the same rows can be merged`);
    }
    const merged = mergeLayouts(target.layout, source.layout, source.name);
    const at = deps.clock.now();
    const remaining = await repo.updateTemplate(trx, target.id, { name: target.name, frequency: target.frequency, layout: merged.layout, at });
    await repo.retireTemplate(trx, source.id, { status: 'merged', mergedInto: target.id, at });
    await auditReporting(trx, deps.clock, ctx, scope, {
      action: 'report_template.merge',
      targetType: 'report_template',
      targetIds: [source.id, target.id],
      details: { from: source.code, into: target.code, columnsAdded: merged.added },
    });
    return presentTemplate(trx, remaining);
  });
}

async function activeTemplate(db: Deps['db'], id: string) {
  const template = await repo.findTemplate(db, id);
  if (!template) throw errors.notFound('report_template', id);
  if (template.status !== 'active') throw errors.conflict('report_template.retired', `Report template ${template.code} is ${template.status}`);
  return template;
}

/**
 * The target's layout with the source's columns it lacks (by metric, or by
 * label for manual fields) appended under one heading; keys are renamed where
 * they would clash. Pure.
 */
export function mergeLayouts(target: Layout, source: Layout, heading: string): { layout: Layout; added: string[] } {
  const existing = leaves(target.columns);
  const metrics = new Set(existing.flatMap((c) => (c.metric ? [c.metric] : [])));
  const manualLabels = new Set(existing.filter((c) => c.manual).map((c) => c.label));
  const keys = new Set(existing.map((c) => c.key));
  const added: LeafColumn[] = [];
  for (const column of leaves(source.columns)) {
    if (column.metric ? metrics.has(column.metric) : manualLabels.has(column.label)) continue;
    let key = column.key;
    for (let n = 2; keys.has(key); n++) key = `${column.key}_${n}`;
    keys.add(key);
    added.push({ ...column, key });
  }
  if (added.length === 0) return { layout: target, added: [] };
  const group: Column = { label: heading, children: added };
  return {
    layout: { ...target, columns: [...target.columns, group], notes: [...target.notes, ...source.notes.filter((n) => !target.notes.includes(n))] },
    added: added.map((c) => c.key),
  };
}
