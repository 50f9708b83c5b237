/**
 * Merging two registry persons found to be one, and undoing it. A merge moves
 * the merged person's statements and department records to the survivor, puts
 * the survivor's fields to their surviving values over both persons' facts, and
 * removes the merged person; a snapshot of both rows, their dwelling links and
 * what moved is kept, so an unmerge restores both persons, their facts and
 * links exactly as they were. Other modules' references to the merged person
 * are moved by the caller before the row goes, and what they moved is kept in
 * the snapshot too (`elsewhere`), for the unmerge to hand back. Runs in the
 * caller's transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { errors } from '../../../kernel/errors.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { baselineStatement } from '../facts/apply-claims.js';
import { currentClaims, insertStatements, type NewStatement } from '../facts/repo.js';
import { survivorsByField } from '../facts/survivors.js';
import { dwellingPaths } from '../projections/dwellings.js';
import { refreshHeads } from '../projections/households.js';
import { loadPeople, personFieldValue, placingDwelling, updatePeople, withSurvivors, type PersonRecord } from '../projections/people.js';
import { anyText } from '../sql.js';
import type { FactValue } from '../schema.js';

const PERSON_FIELDS = [
  'person.name', 'person.id_number', 'person.sex', 'person.birth_date', 'person.ethnicity', 'person.registration_place',
  'person.residence_status', 'person.relation_to_head', 'person.household', 'person.phones', 'person.tags', 'person.disability_grade',
  'person.registered_dwelling', 'person.living_dwelling', 'person.rented_dwelling', 'person.owned_dwellings',
];

interface Snapshot {
  survivor: Record<string, unknown>;
  merged: Record<string, unknown>;
  dwellings: Array<{ person_id: string; dwelling_id: string; relation: string }>;
  movedStatements: number[];
  writtenStatements: number[];
  movedRecords: Array<{ source_id: string; record_key: string }>;
  elsewhere?: unknown;
}

export interface MergeInput {
  survivorId: string;
  mergedId: string;
  reason: string;
  by: { id: string | null; name: string };
  at: Date;
  /** What the caller moved in other modules, returned by the unmerge. */
  elsewhere: unknown;
}

export async function mergePeople(db: Kysely<DB>, catalogue: Catalogue, input: MergeInput): Promise<{ mergeId: string; survivorPath: string }> {
  if (input.survivorId === input.mergedId) throw errors.validation([{ path: 'body.mergedId', message: 'a person cannot be merged into themself' }]);
  const rows = await sql<{ id: string; row: Record<string, unknown> }>`
    SELECT p.id, to_jsonb(p.*) AS row FROM people p WHERE p.id = ${anyText([input.survivorId, input.mergedId])} ORDER BY p.id FOR UPDATE`.execute(db);
  const rowOf = new Map(rows.rows.map((r) => [r.id, r.row]));
  for (const [id, path] of [[input.survivorId, 'body.survivorId'], [input.mergedId, 'body.mergedId']] as const) {
    if (!rowOf.has(id)) throw errors.validation([{ path, message: `no person ${id} in the registry` }]);
  }
  const ids = [input.survivorId, input.mergedId];
  const dwellings = await db.selectFrom('person_dwellings').selectAll().where(sql<boolean>`person_id = ${anyText(ids)}`).execute();
  const records = await loadPeople(db, ids);

  // Values the rows hold without facts (the initial load) take part as claims of each row's origin.
  const writtenStatements = await insertStatements(db, ids.map((id) => baseline(records.get(id)!, input.at)).filter((s): s is NewStatement => s !== null));
  const moved = await sql<{ id: number }>`
    UPDATE registry_statements SET entity_id = ${input.survivorId} WHERE entity_type = 'person' AND entity_id = ${input.mergedId} RETURNING id`.execute(db);
  const movedRecords = await sql<{ source_id: string; record_key: string }>`
    UPDATE source_records SET entity_id = ${input.survivorId} WHERE entity_type = 'person' AND entity_id = ${input.mergedId} RETURNING source_id, record_key`.execute(db);

  const households = [...new Set([...records.values()].map((r) => r.state.household_id).filter((h): h is string => h !== null))];
  await sql`DELETE FROM person_dwellings WHERE person_id = ${input.mergedId}`.execute(db);
  await sql`DELETE FROM people WHERE id = ${input.mergedId}`.execute(db);

  const survivor = records.get(input.survivorId)!;
  const claims = await currentClaims(db, [input.survivorId]);
  const values = new Map([...survivorsByField(catalogue, claims)].map(([field, s]) => [field, s.value] as const));
  const state = withSurvivors(survivor.state, values);
  const placing = placingDwelling(state);
  const paths = placing ? await dwellingPaths(db, [placing]) : new Map<string, string>();
  const survivorPath = (placing && paths.get(placing)) || survivor.jurisdictionPath;
  await updatePeople(db, [{ id: input.survivorId, jurisdictionPath: survivorPath, state }]);
  if (state.household_id) households.push(state.household_id);
  await refreshHeads(db, [...new Set(households)]);

  const snapshot: Snapshot = {
    survivor: rowOf.get(input.survivorId)!,
    merged: rowOf.get(input.mergedId)!,
    dwellings,
    movedStatements: moved.rows.map((r) => Number(r.id)),
    writtenStatements,
    movedRecords: movedRecords.rows,
    elsewhere: input.elsewhere,
  };
  const merge = await db
    .insertInto('person_merges')
    .values({
      survivor_id: input.survivorId,
      merged_id: input.mergedId,
      jurisdiction_path: survivorPath,
      reason: input.reason,
      snapshot: JSON.stringify(snapshot),
      merged_at: input.at,
      merged_by: input.by.id,
      merged_by_name: input.by.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { mergeId: merge.id, survivorPath };
}

export interface UnmergeInput {
  mergeId: string;
  reason: string;
  by: { id: string | null; name: string };
  at: Date;
}

export async function unmergePeople(db: Kysely<DB>, input: UnmergeInput): Promise<{ survivorId: string; mergedId: string; elsewhere: unknown }> {
  const merge = await db.selectFrom('person_merges').selectAll().where('id', '=', input.mergeId).forUpdate().executeTakeFirst();
  if (!merge) throw errors.notFound('merge', input.mergeId);
  if (merge.unmerged_at) throw errors.conflict('merge.already_undone', `Merge ${input.mergeId} was undone on ${merge.unmerged_at.toISOString()}`);
  const snapshot = merge.snapshot as Snapshot;
  const survivor = await db.selectFrom('people').select(['id', 'household_id']).where('id', '=', merge.survivor_id).forUpdate().executeTakeFirst();
  if (!survivor) throw errors.conflict('merge.survivor_gone', `Person ${merge.survivor_id} is no longer in the registry (merged again?): undo that first`);

  await sql`INSERT INTO people SELECT * FROM jsonb_populate_record(NULL::people, ${JSON.stringify(snapshot.merged)}::jsonb)`.execute(db);
  const columns = Object.keys(snapshot.survivor).filter((c) => c !== 'id');
  for (const c of columns) if (!/^[a-z_]+$/.test(c)) throw new Error(`unexpected column ${c} in merge snapshot`);
  const list = sql.raw(columns.join(', '));
  const from = sql.raw(columns.map((c) => `s.${c}`).join(', '));
  await sql`
    UPDATE people SET (${list}) = (SELECT ${from} FROM jsonb_populate_record(NULL::people, ${JSON.stringify(snapshot.survivor)}::jsonb) s)
    WHERE id = ${merge.survivor_id}`.execute(db);
  if (snapshot.movedStatements.length > 0) {
    await sql`UPDATE registry_statements SET entity_id = ${merge.merged_id} WHERE id = ANY(${snapshot.movedStatements.map(String)}::bigint[])`.execute(db);
  }
  if (snapshot.writtenStatements.length > 0) {
    await sql`DELETE FROM registry_statements WHERE id = ANY(${snapshot.writtenStatements.map(String)}::bigint[])`.execute(db);
  }
  for (const r of snapshot.movedRecords) {
    await db.updateTable('source_records').set({ entity_id: merge.merged_id }).where('source_id', '=', r.source_id).where('record_key', '=', r.record_key).where('entity_id', '=', merge.survivor_id).execute();
  }
  await sql`DELETE FROM person_dwellings WHERE person_id = ${anyText([merge.survivor_id, merge.merged_id])}`.execute(db);
  if (snapshot.dwellings.length > 0) {
    await db.insertInto('person_dwellings').values(snapshot.dwellings as Array<{ person_id: string; dwelling_id: string; relation: 'registered' }>).execute();
  }
  const households = [survivor.household_id, snapshot.survivor.household_id, snapshot.merged.household_id].filter((h): h is string => typeof h === 'string');
  await refreshHeads(db, [...new Set(households)]);
  await db
    .updateTable('person_merges')
    .set({ unmerged_at: input.at, unmerged_by: input.by.id, unmerged_by_name: input.by.name, unmerge_reason: input.reason })
    .where('id', '=', input.mergeId)
    .execute();
  return { survivorId: merge.survivor_id, mergedId: merge.merged_id, elsewhere: snapshot.elsewhere ?? null };
}

/**
 * The person and everyone merged into them (and into those, in turn) and not
 * unmerged: the ids under which records about this one person were kept, such
 * as audit entries, which are never rewritten.
 */
export async function personIdsMergedInto(db: Kysely<DB>, personId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE merged (id) AS (
      SELECT ${personId}::text
      UNION
      SELECT m.merged_id FROM person_merges m JOIN merged ON m.survivor_id = merged.id WHERE m.unmerged_at IS NULL)
    SELECT id FROM merged`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** The person a merged person's records now belong to, when they were merged away (and not unmerged). */
export async function survivorOf(db: Kysely<DB>, personId: string): Promise<string | null> {
  const rows = await sql<{ id: string }>`
    WITH RECURSIVE survivors (id, depth) AS (
      SELECT ${personId}::text, 0
      UNION
      SELECT m.survivor_id, s.depth + 1 FROM person_merges m JOIN survivors s ON m.merged_id = s.id WHERE m.unmerged_at IS NULL)
    SELECT id FROM survivors WHERE depth > 0 ORDER BY depth DESC LIMIT 1`.execute(db);
  return rows.rows[0]?.id ?? null;
}

/** Merges touching a person, newest first: whom, who merged and unmerged, when and why. */
export function mergeHistory(db: Kysely<DB>, filter: { personId?: string; mergeId?: string }) {
  let query = db
    .selectFrom('person_merges')
    .select(['id', 'survivor_id', 'merged_id', 'jurisdiction_path', 'reason', 'merged_at', 'merged_by_name', 'unmerged_at', 'unmerged_by_name', 'unmerge_reason'])
    // The survivor's name as it is now; the merged person's as it was when merged (their row is gone until an unmerge).
    .select([
      sql<string | null>`(SELECT p.name FROM people p WHERE p.id = person_merges.survivor_id)`.as('survivor_name'),
      sql<string | null>`person_merges.snapshot -> 'merged' ->> 'name'`.as('merged_name'),
    ])
    .orderBy('merged_at', 'desc')
    .orderBy('id');
  if (filter.personId) query = query.where((eb) => eb.or([eb('survivor_id', '=', filter.personId!), eb('merged_id', '=', filter.personId!)]));
  if (filter.mergeId) query = query.where('id', '=', filter.mergeId);
  return query;
}

function baseline(record: PersonRecord, at: Date): NewStatement | null {
  const facts: Record<string, FactValue> = {};
  for (const field of PERSON_FIELDS) {
    const value = personFieldValue(record.state, field);
    if (value !== null) facts[field] = value;
  }
  return Object.keys(facts).length === 0 ? null : baselineStatement('person', record, facts, at);
}
