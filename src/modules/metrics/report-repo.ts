// SQL over generated reports and fill-in tasks. Reads take a Scope (or the
// operator's null): a report is shown only where the scope covers all its rows.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withinScope, type Scope } from '../../kernel/access/access.js';
import type { Figures } from './report-plan.js';
import type { Layout } from './template.js';

export type Db = Kysely<DB>;

/** A definition version a report used, as the report cites it. */
export interface CitedVersion {
  code: string;
  version: number;
  versionId: string;
  validFrom: string;
  name: string;
  fingerprint: string;
}

export interface ReportRow {
  id: string;
  template_id: string;
  template_revision: number;
  layout: Layout;
  jurisdiction_code: string;
  scope_path: string;
  unit_paths: string[];
  reference_date: string;
  period_start: string;
  period_end: string;
  metric_versions: CitedVersion[];
  figures: Figures;
  figures_digest: string;
  data_as_of: Date;
  generated_by: string;
  generated_at: Date;
  query_count: number;
  duration_ms: number;
}

export async function insertReport(db: Db, row: Omit<ReportRow, 'id'>): Promise<string> {
  const inserted = await db
    .insertInto('generated_reports')
    .values({
      ...row,
      layout: JSON.stringify(row.layout),
      metric_versions: JSON.stringify(row.metric_versions),
      figures: JSON.stringify(row.figures),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findReport(db: Db, scope: Scope | null, id: string): Promise<ReportRow | undefined> {
  let query = db.selectFrom('generated_reports').selectAll().where('id', '=', id);
  if (scope) query = query.where(withinScope(scope, 'scope_path'));
  return (await query.executeTakeFirst()) as ReportRow | undefined;
}

export interface ReportListRow {
  id: string;
  template_id: string;
  jurisdiction_code: string;
  reference_date: string;
  period_start: string;
  period_end: string;
  data_as_of: Date;
  generated_by: string;
  generated_at: Date;
  duration_ms: number;
}

export async function listReports(db: Db, scope: Scope, filter: { templateId?: string; limit: number; offset: number }): Promise<ReportListRow[]> {
  let query = db
    .selectFrom('generated_reports')
    .select(['id', 'template_id', 'jurisdiction_code', 'reference_date', 'period_start', 'period_end', 'data_as_of', 'generated_by', 'generated_at', 'duration_ms'])
    .where(withinScope(scope, 'scope_path'));
  if (filter.templateId) query = query.where('template_id', '=', filter.templateId);
  return query.orderBy('generated_at', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute();
}

export interface TaskRow {
  id: string;
  template_id: string;
  reference_date: string;
  jurisdiction_code: string;
  jurisdiction_path: string;
  row_keys: string[];
  column_keys: string[];
  status: 'open' | 'submitted';
  answers: Record<string, Record<string, number | string | null>>;
  created_at: Date;
  submitted_at: Date | null;
  submitted_by: string | null;
}

/**
 * One task per unit, template and reference date, whoever generates the
 * report: generating again adds nothing, but an open task follows the
 * template's current manual fields.
 */
export async function upsertTasks(
  db: Db,
  tasks: ReadonlyArray<{ template_id: string; reference_date: string; jurisdiction_code: string; jurisdiction_path: string; row_keys: string[]; column_keys: string[] }>,
  at: Date,
): Promise<void> {
  if (tasks.length === 0) return;
  await db
    .insertInto('report_fill_tasks')
    .values(tasks.map((t) => ({ ...t, created_at: at })))
    .onConflict((oc) =>
      oc
        .columns(['template_id', 'reference_date', 'jurisdiction_code'])
        .doUpdateSet({ row_keys: (eb) => eb.ref('excluded.row_keys'), column_keys: (eb) => eb.ref('excluded.column_keys') })
        .where('report_fill_tasks.status', '=', 'open'),
    )
    .execute();
}

export async function tasksFor(db: Db, templateId: string, referenceDate: string, jurisdictionCodes: readonly string[]): Promise<TaskRow[]> {
  if (jurisdictionCodes.length === 0) return [];
  return (await db
    .selectFrom('report_fill_tasks')
    .selectAll()
    .where('template_id', '=', templateId)
    .where('reference_date', '=', referenceDate)
    .where('jurisdiction_code', 'in', [...jurisdictionCodes])
    .execute()) as TaskRow[];
}

export async function listTasks(db: Db, scope: Scope, filter: { status?: 'open' | 'submitted'; limit: number; offset: number }): Promise<TaskRow[]> {
  let query = db.selectFrom('report_fill_tasks').selectAll().where(withinScope(scope, 'jurisdiction_path'));
  if (filter.status) query = query.where('status', '=', filter.status);
  return (await query.orderBy('status').orderBy('reference_date', 'desc').orderBy('id').limit(filter.limit).offset(filter.offset).execute()) as TaskRow[];
}

export async function findTask(db: Db, scope: Scope, id: string): Promise<TaskRow | undefined> {
  return (await db.selectFrom('report_fill_tasks').selectAll().where('id', '=', id).where(withinScope(scope, 'jurisdiction_path')).executeTakeFirst()) as TaskRow | undefined;
}

export function saveAnswers(db: Db, id: string, answers: TaskRow['answers'], by: string, at: Date) {
  return db
    .updateTable('report_fill_tasks')
    .set({ answers: JSON.stringify(answers), status: 'submitted', submitted_at: at, submitted_by: by })
    .where('id', '=', id)
    .execute();
}

/** Generated reports per template, for the report registry. */
export async function reportCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('generated_reports').select(['template_id', sql<number>`count(*)::int`.as('n')]).groupBy('template_id').execute();
  return new Map(rows.map((r) => [r.template_id, r.n]));
}
