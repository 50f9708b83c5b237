/** The dwellings table's facts (its use) as a projection; the address columns are its key and never change. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { anyText, recordset } from '../sql.js';
import type { ProjectedRecord, Projection } from './projection.js';

export interface DwellingState {
  use: string | null;
}

async function loadDwellings(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, ProjectedRecord<DwellingState>>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('dwellings as d')
    .innerJoin('data_sources as s', 's.id', 'd.origin_source_id')
    .select(['d.id', 'd.jurisdiction_path', 'd.use', 'd.origin_source_id', 'd.origin_at', 's.kind'])
    .where(sql<boolean>`d.id = ${anyText(ids)}`)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, jurisdictionPath: r.jurisdiction_path, origin: { sourceId: r.origin_source_id, sourceKind: r.kind, at: r.origin_at }, state: { use: r.use } }]),
  );
}

/** The jurisdiction path of each dwelling, for placing the records that link to it. */
export async function dwellingPaths(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('dwellings').select(['id', 'jurisdiction_path']).where(sql<boolean>`id = ${anyText(ids)}`).execute();
  return new Map(rows.map((r) => [r.id, r.jurisdiction_path]));
}

async function updateDwellings(db: Kysely<DB>, dwellings: ReadonlyArray<ProjectedRecord<DwellingState>>): Promise<void> {
  if (dwellings.length === 0) return;
  await sql`UPDATE dwellings AS d SET use = r.use FROM ${recordset(dwellings.map((d) => ({ id: d.id, use: d.state.use })), { id: 'text', use: 'text' })} WHERE d.id = r.id`.execute(db);
}

export const dwellingsProjection: Projection<DwellingState> = {
  entity: 'dwelling',
  load: loadDwellings,
  fieldValue: (state, field) => (field === 'dwelling.use' ? state.use : null),
  withSurvivors: (state, survivors) => {
    const use = survivors.get('dwelling.use');
    return use === undefined ? state : { use: Array.isArray(use) ? (use[0] ?? null) : (use as string) };
  },
  placingDwelling: () => null,
  save: updateDwellings,
};
