/**
 * The households table as a projection of household facts (type, registered
 * dwelling). The head is whoever among the members is recorded as 本人, so it
 * follows the members' own relation-to-head facts.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { FactValue } from '../schema.js';
import { anyText, recordset } from '../sql.js';
import type { ProjectedRecord, Projection } from './projection.js';

export interface HouseholdState {
  registration_type: string | null;
  dwelling_id: string | null;
}

export type HouseholdRecord = ProjectedRecord<HouseholdState>;

const COLUMNS: Record<string, keyof HouseholdState> = {
  'household.registration_type': 'registration_type',
  'household.dwelling': 'dwelling_id',
};

async function loadHouseholds(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, HouseholdRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('households as h')
    .innerJoin('data_sources as s', 's.id', 'h.origin_source_id')
    .select(['h.id', 'h.jurisdiction_path', 'h.registration_type', 'h.dwelling_id', 'h.origin_source_id', 'h.origin_at', 's.kind'])
    .where(sql<boolean>`h.id = ${anyText(ids)}`)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        jurisdictionPath: r.jurisdiction_path,
        origin: { sourceId: r.origin_source_id, sourceKind: r.kind, at: r.origin_at },
        state: { registration_type: r.registration_type, dwelling_id: r.dwelling_id },
      },
    ]),
  );
}

function householdFieldValue(state: HouseholdState, field: string): FactValue | null {
  return COLUMNS[field] ? state[COLUMNS[field]] : null;
}

function householdWithSurvivors(state: HouseholdState, survivors: ReadonlyMap<string, FactValue>): HouseholdState {
  const next = { ...state };
  for (const [field, value] of survivors) if (COLUMNS[field]) next[COLUMNS[field]] = Array.isArray(value) ? (value[0] ?? null) : value;
  return next;
}

async function updateHouseholds(db: Kysely<DB>, households: ReadonlyArray<HouseholdRecord>): Promise<void> {
  if (households.length === 0) return;
  const rows = households.map((h) => ({ id: h.id, jurisdiction_path: h.jurisdictionPath, ...h.state }));
  await sql`
    UPDATE households AS h SET registration_type = r.registration_type, dwelling_id = r.dwelling_id, jurisdiction_path = r.jurisdiction_path
    FROM ${recordset(rows, { id: 'text', jurisdiction_path: 'ltree', registration_type: 'text', dwelling_id: 'text' })}
    WHERE h.id = r.id`.execute(db);
}

/** A household created by a write, with its projected state; no member refers to it yet. */
export interface NewHouseholdRow {
  id: string;
  jurisdictionPath: string;
  householdNumber: string | null;
  state: HouseholdState;
  /** Its member recorded as 本人, when the write knows every member. */
  headPersonId: string | null;
}

/**
 * Insert households complete, head included, so that a household a write
 * creates is written once instead of inserted and then updated for its facts
 * and its head.
 */
export async function insertHouseholds(db: Kysely<DB>, households: readonly NewHouseholdRow[], origin: { sourceId: string; at: Date }): Promise<void> {
  if (households.length === 0) return;
  const rows = households.map((h) => ({ id: h.id, jurisdiction_path: h.jurisdictionPath, household_number: h.householdNumber, head_person_id: h.headPersonId, ...h.state }));
  await sql`
    INSERT INTO households (id, jurisdiction_path, household_number, head_person_id, registration_type, dwelling_id, origin_source_id, origin_at)
    SELECT id, jurisdiction_path, household_number, head_person_id, registration_type, dwelling_id, ${origin.sourceId}, ${origin.at}
    FROM ${recordset(rows, { id: 'text', jurisdiction_path: 'ltree', household_number: 'text', head_person_id: 'text', registration_type: 'text', dwelling_id: 'text' })}`.execute(db);
}

/** The state of a household that has nothing but these surviving values. */
export function newHouseholdState(dwellingId: string | null, survivors: ReadonlyMap<string, FactValue>): HouseholdState {
  return householdWithSurvivors({ registration_type: null, dwelling_id: dwellingId }, survivors);
}

/** Set each household's head to its member recorded as 本人 (none when no member is). */
export async function refreshHeads(db: Kysely<DB>, householdIds: readonly string[]): Promise<void> {
  if (householdIds.length === 0) return;
  // Only households whose head differs are written: most refreshes confirm the head they have.
  await sql`
    UPDATE households AS h SET head_person_id = x.head
    FROM (
      SELECT id, (SELECT p.id FROM people p WHERE p.household_id = households.id AND p.relation_to_head = '本人' ORDER BY p.id LIMIT 1) AS head
      FROM households WHERE id = ${anyText(householdIds)}
    ) AS x
    WHERE h.id = x.id AND h.head_person_id IS DISTINCT FROM x.head`.execute(db);
}

export const householdsProjection: Projection<HouseholdState> = {
  entity: 'household',
  load: loadHouseholds,
  fieldValue: householdFieldValue,
  withSurvivors: householdWithSurvivors,
  placingDwelling: (state) => state.dwelling_id,
  save: updateHouseholds,
};
