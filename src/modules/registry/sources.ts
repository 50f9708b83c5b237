// Data sources: one per department dataset, named after the department code and dataset.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface DataSource {
  id: string;
  kind: string;
  name: string;
}

/** The source of a department's dataset, created on first use; its kind is the department's, for trust rules. */
export async function ensureDataSource(
  db: Kysely<DB>,
  source: { id: string; department: { id: string; kind: string; name: string }; dataset: string; name: string },
): Promise<DataSource> {
  const row = {
    id: source.id,
    kind: source.department.kind,
    department_id: source.department.id,
    dataset: source.dataset,
    name: `${source.department.name} · ${source.name}`,
  };
  await db
    .insertInto('data_sources')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, kind: row.kind }))
    .execute();
  return { id: row.id, kind: row.kind, name: row.name };
}

export function findDataSource(db: Kysely<DB>, id: string) {
  return db.selectFrom('data_sources').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}
