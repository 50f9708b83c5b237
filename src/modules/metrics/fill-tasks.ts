// Fill-in tasks: what the registry cannot answer, asked of exactly the units
// whose rows need it. A unit sees its own tasks, answers every manual field of
// its rows, and may correct its answers later; the report shows them as they arrive.
import type { AppDeps } from '../../app-deps.js';
import { authorize, type RequestContext } from '../../kernel/access/access.js';
import { errors, type FieldIssue } from '../../kernel/errors.js';
import { jurisdictionsByCodes } from '../org/service.js';
import { actorName, auditReporting } from './audit.js';
import * as repo from './report-repo.js';
import { columnPath, leaves } from './template.js';
import { findTemplate } from './template-repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface TaskView {
  id: string;
  template: { id: string; code: string; name: string };
  referenceDate: string;
  jurisdiction: { code: string; name: string };
  status: 'open' | 'submitted';
  rows: Array<{ key: string; label: string }>;
  columns: Array<{ key: string; label: string; path: string[]; type: 'integer' | 'decimal' | 'text' }>;
  answers: repo.TaskRow['answers'];
  submittedAt: string | null;
  submittedBy: string | null;
}

export async function listTasks(deps: Deps, ctx: RequestContext, filter: { status?: 'open' | 'submitted'; limit: number; offset: number }): Promise<TaskView[]> {
  const scope = await authorize(deps, ctx, { permission: 'report.fill', action: 'report_task.list' });
  return present(deps, await repo.listTasks(deps.db, scope, filter));
}

export async function getTask(deps: Deps, ctx: RequestContext, id: string): Promise<TaskView> {
  const scope = await authorize(deps, ctx, { permission: 'report.fill', action: 'report_task.get', target: { type: 'report_task', id } });
  const task = await repo.findTask(deps.db, scope, id);
  if (!task) throw errors.notFound('report_task', id);
  return (await present(deps, [task]))[0];
}

export async function submitAnswers(deps: Deps, ctx: RequestContext, id: string, answers: Record<string, Record<string, number | string>>): Promise<TaskView> {
  const scope = await authorize(deps, ctx, { permission: 'report.fill', action: 'report_task.submit', target: { type: 'report_task', id } });
  return deps.db.transaction().execute(async (trx) => {
    const task = await repo.findTask(trx, scope, id);
    if (!task) throw errors.notFound('report_task', id);
    const [view] = await present({ db: trx, clock: deps.clock }, [task]);
    const clean = checkAnswers(view, answers);
    await repo.saveAnswers(trx, id, clean, actorName(scope), deps.clock.now());
    await auditReporting(trx, deps.clock, ctx, scope, { action: 'report_task.submit', targetType: 'report_task', targetIds: [id], details: { template: view.template.code, jurisdiction: task.jurisdiction_code } });
    return (await present({ db: trx, clock: deps.clock }, [(await repo.findTask(trx, scope, id))!]))[0];
  });
}

/** Every manual field of every row answered, each in its type; nothing else. */
export function checkAnswers(task: Pick<TaskView, 'rows' | 'columns'>, answers: Record<string, Record<string, number | string>>): repo.TaskRow['answers'] {
  const issues: FieldIssue[] = [];
  const clean: repo.TaskRow['answers'] = {};
  const rowKeys = new Set(task.rows.map((r) => r.key));
  for (const key of Object.keys(answers)) if (!rowKeys.has(key)) issues.push({ path: `answers.${key}`, message: 'not a row of this task' });
  for (const row of task.rows) {
    clean[row.key] = {};
    const given = answers[row.key] ?? {};
    for (const key of Object.keys(given)) if (!task.columns.some((c) => c.key === key)) issues.push({ path: `answers.${row.key}.${key}`, message: 'not a field of this task' });
    for (const column of task.columns) {
      const value = given[column.key];
      const path = `answers.${row.key}.${column.key}`;
      if (value === undefined || value === null || value === '') issues.push({ path, message: `${row.label} · ${column.label}: required` });
      else if (column.type === 'text') {
        if (typeof value !== 'string' || value.length > 500) issues.push({ path, message: 'text of at most 500 characters' });
        else clean[row.key][column.key] = value.trim();
      } else if (typeof value !== 'number' || !Number.isFinite(value) || (column.type === 'integer' && !Number.isInteger(value))) {
        issues.push({ path, message: column.type === 'integer' ? 'a whole number' : 'a number' });
      } else clean[row.key][column.key] = value;
    }
  }
  if (issues.length) throw errors.validation(issues);
  return clean;
}

async function present(deps: Deps, tasks: readonly repo.TaskRow[]): Promise<TaskView[]> {
  const places = await jurisdictionsByCodes(deps.db, tasks.flatMap((t) => [t.jurisdiction_code, ...t.row_keys]));
  const nameOf = (code: string) => places.find((p) => p.code === code)?.name ?? code;
  const out: TaskView[] = [];
  for (const task of tasks) {
    const template = (await findTemplate(deps.db, task.template_id))!;
    const { layout } = template;
    const categories = layout.rows.kind === 'categories' ? layout.rows.items : null;
    const manual = new Map(leaves(layout.columns).filter((c) => c.manual).map((c) => [c.key, c]));
    out.push({
      id: task.id,
      template: { id: template.id, code: template.code, name: template.name },
      referenceDate: task.reference_date,
      jurisdiction: { code: task.jurisdiction_code, name: nameOf(task.jurisdiction_code) },
      status: task.status,
      rows: task.row_keys.map((key) => ({ key, label: categories?.find((i) => i.key === key)?.label ?? nameOf(key) })),
      columns: task.column_keys.flatMap((key) => {
        const column = manual.get(key);
        return column ? [{ key, label: column.label, path: columnPath(layout.columns, key), type: column.manual!.type }] : [];
      }),
      answers: task.answers,
      submittedAt: task.submitted_at?.toISOString() ?? null,
      submittedBy: task.submitted_by,
    });
  }
  return out;
}
