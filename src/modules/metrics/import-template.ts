// Importing a department's existing report spreadsheet as a template: read the
// layout (xlsx-layout.ts), bind columns to metrics — those named by the caller,
// and those whose heading is a metric's name — and either show the result
// (dry run, for binding the rest in the UI) or save it.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import * as metricRepo from './metric-repo.js';
import type { ReportFrequency } from './schema.js';
import { checkLayout, createTemplate } from './save-template.js';
import { bindColumn, leaves, type Column, type Layout } from './template.js';
import type { TemplateView } from './template-view.js';
import { layoutFromGrid, readGrid, suggestBindings, type BindingSuggestion, type ReadLayout } from './xlsx-layout.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface ImportInput {
  bytes: Buffer;
  code: string;
  name?: string;
  departmentCode: string;
  frequency: ReportFrequency;
  headerRows?: [number, number];
  /** Column key → metric code. */
  bindings?: Record<string, string>;
  level?: 'street' | 'community' | 'grid';
  dryRun: boolean;
}

export interface ImportResult {
  detected: ReadLayout['detected'];
  layout: Layout;
  suggestions: BindingSuggestion[];
  template: TemplateView | null;
}

export async function importTemplate(deps: Deps, ctx: RequestContext, input: ImportInput): Promise<ImportResult> {
  await authorize(deps, ctx, { permission: 'report.design', action: 'report_template.import', target: { type: 'report_template', id: input.code } });
  let read: ReadLayout;
  try {
    read = layoutFromGrid(await readGrid(input.bytes), { headerRows: input.headerRows });
  } catch (error) {
    throw errors.validation([{ path: 'file', message: `not a report layout this can read: ${(error as Error).message}` }]);
  }
  const metrics = (await metricRepo.latestVersions(deps.db)).map((v) => ({ code: v.metric_code, name: v.name }));
  const suggestions = suggestBindings(leaves(read.layout.columns), metrics);
  let columns: Column[] = read.layout.columns;
  // Exact names bind themselves; the caller's choices override them.
  for (const s of suggestions) if (s.score === 1) columns = bindColumn(columns, s.column, s.metric);
  for (const [key, metric] of Object.entries(input.bindings ?? {})) {
    if (!leaves(columns).some((c) => c.key === key)) throw errors.validation([{ path: `bindings.${key}`, message: 'the sheet has no such column' }]);
    columns = bindColumn(columns, key, metric || null);
  }
  const layout: Layout = { ...read.layout, columns, rows: input.level ? { kind: 'units', level: input.level } : read.layout.rows };
  if (input.dryRun) {
    await checkLayout(deps, layout);
    return { detected: read.detected, layout, suggestions, template: null };
  }
  const template = await createTemplate(deps, ctx, {
    code: input.code,
    name: input.name || read.detected.title || input.code,
    departmentCode: input.departmentCode,
    frequency: input.frequency,
    layout,
  });
  return { detected: read.detected, layout, suggestions, template };
}
