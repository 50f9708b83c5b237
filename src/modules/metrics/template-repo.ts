// SQL over report templates. Templates hold layouts, not personal data, so reads take no Scope.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ReportFrequency, TemplateStatus } from './schema.js';
import type { Layout } from './template.js';

export type Db = Kysely<DB>;

export interface TemplateRow {
  id: string;
  code: string;
  name: string;
  department_id: string;
  frequency: ReportFrequency;
  layout: Layout;
  revision: number;
  status: TemplateStatus;
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
  retired_at: Date | null;
}

const columns = ['id', 'code', 'name', 'department_id', 'frequency', 'layout', 'revision', 'status', 'merged_into', 'created_at', 'updated_at', 'retired_at'] as const;

export async function listTemplates(db: Db): Promise<TemplateRow[]> {
  return (await db.selectFrom('report_templates').select(columns).orderBy('status').orderBy('code').execute()) as TemplateRow[];
}

export async function findTemplate(db: Db, idOrCode: string): Promise<TemplateRow | undefined> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
  return (await db
    .selectFrom('report_templates')
    .select(columns)
    .where(isId ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst()) as TemplateRow | undefined;
}

export async function insertTemplate(
  db: Db,
  row: { code: string; name: string; department_id: string; frequency: ReportFrequency; layout: Layout; at: Date },
): Promise<TemplateRow> {
  return (await db
    .insertInto('report_templates')
    .values({
      code: row.code,
      name: row.name,
      department_id: row.department_id,
      frequency: row.frequency,
      layout: JSON.stringify(row.layout),
      created_at: row.at,
      updated_at: row.at,
    })
    .returning(columns)
    .executeTakeFirstOrThrow()) as TemplateRow;
}

export async function updateTemplate(db: Db, id: string, change: { name: string; frequency: ReportFrequency; layout: Layout; at: Date }): Promise<TemplateRow> {
  return (await db
    .updateTable('report_templates')
    .set((eb) => ({
      name: change.name,
      frequency: change.frequency,
      layout: JSON.stringify(change.layout),
      revision: eb('revision', '+', 1),
      updated_at: change.at,
    }))
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirstOrThrow()) as TemplateRow;
}

export function retireTemplate(db: Db, id: string, change: { status: 'retired' | 'merged'; mergedInto: string | null; at: Date }) {
  return db
    .updateTable('report_templates')
    .set({ status: change.status, merged_into: change.mergedInto, retired_at: change.at, updated_at: change.at })
    .where('id', '=', id)
    .execute();
}
