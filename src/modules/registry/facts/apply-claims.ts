/**
 * The registry's one write path: record what a source says (as facts), then
 * bring every affected registry row to its fields' surviving values. Imports
 * call it once per chunk of rows, a field visit once per submission; it runs in
 * the caller's transaction, so a chunk is applied completely or not at all.
 *
 * Values loaded in bulk without facts (the demo seed, an initial migration) take
 * part in survivorship as claims of the row's origin source. Such a value is
 * written down as a fact only when the row is about to show something else:
 * until then the row itself holds it, so nothing is lost and a re-import that
 * agrees with the registry writes nothing but its own claims.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { dwellingPaths, dwellingsProjection } from '../projections/dwellings.js';
import { householdsProjection, insertHouseholds, newHouseholdState, refreshHeads, type NewHouseholdRow } from '../projections/households.js';
import { organisationsProjection } from '../projections/organisations.js';
import { emptyPersonState, insertPeople, peopleProjection, placingDwelling, withSurvivors, type PersonState, type PersonWrite } from '../projections/people.js';
import type { ProjectedRecord, Projection } from '../projections/projection.js';
import type { EntityType, FactValue } from '../schema.js';
import { recordClaims, type ClaimInput, type ClaimProvenance } from './record-claims.js';
import { insertStatements, type NewStatement, type StoredClaim } from './repo.js';
import { survivorsByField } from './survivors.js';
import { sameValue } from './survivorship.js';

export interface NewPerson {
  id: string;
  /** Where the person is placed when none of their claims names a dwelling. */
  fallbackPath: string;
}

export interface NewHousehold {
  id: string;
  /** Where the household is placed when its claims name no dwelling. */
  fallbackPath: string;
  householdNumber: string | null;
  dwellingId: string | null;
}

export interface ApplyClaimsInput {
  provenance: ClaimProvenance;
  claims: readonly ClaimInput[];
  /** People to create; their values come from their claims, which must include a name. */
  newPeople: readonly NewPerson[];
  /** Households to create, written once with their facts and head; their ids belong in `createdRecords` too. */
  newHouseholds?: readonly NewHousehold[];
  /** Households, dwellings and organisations the caller created just now: no statements about them exist to read. */
  createdRecords?: ReadonlySet<string>;
}

export interface ApplyClaimsOutcome {
  factsAdded: number;
  factsChanged: number;
  factsUnchanged: number;
  factsStale: number;
  peopleCreated: number;
  peopleUpdated: number;
}

const PROJECTIONS: Record<EntityType, Projection<unknown>> = {
  person: peopleProjection as Projection<unknown>,
  household: householdsProjection as Projection<unknown>,
  dwelling: dwellingsProjection as Projection<unknown>,
  organisation: organisationsProjection as Projection<unknown>,
};

export async function applyClaims(db: Kysely<DB>, catalogue: Catalogue, input: ApplyClaimsInput): Promise<ApplyClaimsOutcome> {
  const newPeople = new Map(input.newPeople.map((p) => [p.id, p]));
  const recorded = await recordClaims(db, input.provenance, input.claims, new Set([...newPeople.keys(), ...(input.createdRecords ?? [])]));
  const typeOf = new Map(input.claims.map((c) => [c.entityId, c.entityType]));
  const newHouseholds = new Map((input.newHouseholds ?? []).map((h) => [h.id, h]));
  for (const id of newHouseholds.keys()) typeOf.set(id, 'household');
  const survivorValues = (claims: readonly StoredClaim[]) => new Map([...survivorsByField(catalogue, claims)].map(([field, s]) => [field, s.value] as const));

  const created: PersonWrite[] = [...newPeople.values()].map((p) => ({
    id: p.id,
    jurisdictionPath: p.fallbackPath,
    state: withSurvivors(emptyPersonState(), survivorValues(recorded.current.get(p.id) ?? [])),
  }));
  const unnamed = created.find((p) => !p.state.name);
  if (unnamed) throw new Error(`person ${unnamed.id} would be created without a name`);
  const createdHouseholds: NewHouseholdRow[] = [...newHouseholds.values()].map((h) => ({
    id: h.id,
    jurisdictionPath: h.fallbackPath,
    householdNumber: h.householdNumber,
    state: newHouseholdState(h.dwellingId, survivorValues(recorded.current.get(h.id) ?? [])),
    headPersonId: null,
  }));

  const writtenDown: NewStatement[] = [];
  const changed = new Map<EntityType, ProjectedRecord<unknown>[]>();
  // Households whose membership or 本人 may have changed: a head is refreshed only where a person joined, left or changed relation.
  const membershipMoved = new Set<string>();
  for (const entity of ['person', 'household', 'dwelling', 'organisation'] as const) {
    const projection = PROJECTIONS[entity];
    const ids = [...recorded.touched.keys()].filter((id) => typeOf.get(id) === entity && !newPeople.has(id) && !newHouseholds.has(id));
    const records = await projection.load(db, ids);
    const next: ProjectedRecord<unknown>[] = [];
    for (const record of records.values()) {
      const { state, baselines } = reproject(projection, record, recorded.current.get(record.id) ?? [], survivorValues);
      if (JSON.stringify(state) === JSON.stringify(record.state)) continue;
      next.push({ ...record, state });
      const replaced = [...baselines].filter(([field, value]) => !sameValue(projection.fieldValue(state, field) ?? [], value));
      if (replaced.length > 0) writtenDown.push(baselineStatement(entity, record, Object.fromEntries(replaced), input.provenance.recordedAt));
      if (entity === 'person') {
        const [before, after] = [record.state as PersonState, state as PersonState];
        if (before.household_id !== after.household_id || before.relation_to_head !== after.relation_to_head) {
          if (before.household_id) membershipMoved.add(before.household_id);
          if (after.household_id) membershipMoved.add(after.household_id);
        }
      }
    }
    changed.set(entity, next);
  }
  await insertStatements(db, writtenDown);

  // Records that follow a dwelling take its place in the jurisdiction tree.
  const follow = [...created, ...createdHouseholds, ...['person', 'household', 'organisation'].flatMap((e) => changed.get(e as EntityType)!)] as ProjectedRecord<unknown>[];
  const dwellingOf = (r: ProjectedRecord<unknown>) => PROJECTIONS[typeOf.get(r.id) ?? 'person'].placingDwelling(r.state);
  const paths = await dwellingPaths(db, follow.map(dwellingOf).filter((d): d is string => d !== null));
  for (const record of follow) {
    const dwelling = dwellingOf(record);
    if (dwelling && paths.has(dwelling)) record.jurisdictionPath = paths.get(dwelling)!;
  }

  // A household's head is its member recorded as 本人. A new household's members are all among the people written
  // here, so its head is known before it is inserted; with two such members the database's order of their ids decides.
  const written = [...created, ...(changed.get('person') as PersonWrite[])];
  const headsOfNew = new Map<string, string[]>();
  for (const person of written) {
    const household = person.state.household_id;
    if (household && newHouseholds.has(household) && person.state.relation_to_head === '本人') headsOfNew.set(household, [...(headsOfNew.get(household) ?? []), person.id]);
  }
  for (const household of createdHouseholds) if (headsOfNew.get(household.id)?.length === 1) household.headPersonId = headsOfNew.get(household.id)![0];

  const origin = { sourceId: input.provenance.source.id, at: input.provenance.recordedAt };
  await insertHouseholds(db, createdHouseholds, origin);
  await insertPeople(db, created, origin);
  for (const entity of ['person', 'household', 'dwelling', 'organisation'] as const) await PROJECTIONS[entity].save(db, changed.get(entity)!);

  // Refresh the head wherever membership or relations moved.
  const heads = new Set([...membershipMoved, ...changed.get('household')!.map((h) => h.id)]);
  for (const person of created) if (person.state.household_id) heads.add(person.state.household_id);
  for (const household of createdHouseholds) if ((headsOfNew.get(household.id)?.length ?? 0) <= 1) heads.delete(household.id);
  await refreshHeads(db, [...heads]);

  return {
    factsAdded: recorded.added,
    factsChanged: recorded.changed,
    factsUnchanged: recorded.unchanged,
    factsStale: recorded.stale,
    peopleCreated: created.length,
    peopleUpdated: changed.get('person')!.length,
  };
}

/**
 * The record's state from its claims, with the values its row holds without
 * facts taking part as claims of its origin; those baselines are returned so
 * the caller can write down any that the new state no longer shows.
 */
function reproject<S>(
  projection: Projection<S>,
  record: ProjectedRecord<S>,
  claims: readonly StoredClaim[],
  survivorValues: (claims: readonly StoredClaim[]) => Map<string, FactValue>,
): { state: S; baselines: Map<string, FactValue> } {
  const baselines = new Map<string, FactValue>();
  const withBaselines = [...claims];
  for (const field of new Set(claims.map((c) => c.field))) {
    if (claims.some((c) => c.field === field && c.sourceId === record.origin.sourceId)) continue;
    const value = projection.fieldValue(record.state, field);
    if (value === null) continue;
    baselines.set(field, value);
    withBaselines.push({
      factId: 0,
      entityId: record.id,
      field,
      value,
      sourceId: record.origin.sourceId,
      sourceKind: record.origin.sourceKind,
      observedAt: record.origin.at,
      recordedAt: record.origin.at,
    });
  }
  return { state: projection.withSurvivors(record.state, survivorValues(withBaselines)), baselines };
}

/** The values a row held without facts, written down as a statement of the row's origin before the row shows others. */
export function baselineStatement(entity: EntityType, record: ProjectedRecord<unknown>, facts: Record<string, FactValue>, at: Date): NewStatement {
  return {
    entity_type: entity,
    entity_id: record.id,
    source_id: record.origin.sourceId,
    facts,
    derived: {},
    observed_at: record.origin.at,
    recorded_at: at,
    import_id: null,
    import_row: null,
    submission_id: null,
    recorded_by: null,
  };
}
