// SQL over people, households, dwellings and organisations. Every read takes a
// Scope, and records linked from a page are filtered by it too, so a page in
// community A never lists a resident placed in community B.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withinScope, type Scope } from '../../kernel/access/access.js';

const personColumns = [
  'p.id',
  'p.name',
  'p.id_number',
  'p.sex',
  'p.birth_date',
  'p.ethnicity',
  'p.phone',
  'p.residence_status',
  'p.tags',
  'p.disability_grade',
  'p.relation_to_head',
  'p.household_id',
  'p.registration_place',
  'p.dwelling_id',
  'p.jurisdiction_path',
  'd.address',
  'd.community_code',
  'd.grid_code',
] as const;

export interface AddressSearch {
  /** Matched as the start of the compound name. */
  compound: string;
  building: string | null;
  unit: string | null;
  room: string | null;
}

export interface PersonSearch {
  name?: string;
  /** Canonical forms: the search normalises what the caller typed. */
  idNumber?: string;
  phone?: string;
  address?: AddressSearch;
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[%_\\]/g, '\\$&');

export function searchPeople(db: Kysely<DB>, scope: Scope, search: PersonSearch) {
  let query = db
    .selectFrom('people as p')
    .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .select(personColumns)
    .where(withinScope(scope, 'p.jurisdiction_path'));
  if (search.name) query = query.where('p.name', 'like', `${escapeLike(search.name)}%`);
  if (search.idNumber) query = query.where('p.id_number', '=', search.idNumber);
  if (search.phone) {
    // The number the registry shows, or any number a source has given for the person.
    const phone = search.phone;
    query = query.where((eb) =>
      eb.or([
        eb('p.phone', '=', phone),
        eb(
          'p.id',
          'in',
          eb
            .selectFrom('registry_statements')
            .select('entity_id')
            .where(sql<boolean>`facts ? 'person.phones' AND facts -> 'person.phones' @> ${JSON.stringify([phone])}::jsonb`),
        ),
      ]),
    );
  }
  if (search.address) {
    const a = search.address;
    let dwellings = db.selectFrom('dwellings').select('id').where('compound', 'like', `${escapeLike(a.compound)}%`);
    if (a.building) dwellings = dwellings.where('building', '=', a.building);
    if (a.unit) dwellings = dwellings.where('unit', '=', a.unit);
    if (a.room) dwellings = dwellings.where('room', '=', a.room);
    // Whoever is placed there, and whoever is registered there, owns or rents it.
    query = query.where((eb) =>
      eb.or([
        eb('p.dwelling_id', 'in', dwellings),
        eb('p.id', 'in', eb.selectFrom('person_dwellings').select('person_id').where('dwelling_id', 'in', dwellings)),
      ]),
    );
  }
  return query.orderBy('p.id').limit(search.limit).offset(search.offset).execute();
}

export type PersonRow = Awaited<ReturnType<typeof searchPeople>>[number];

export function findPerson(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('people as p')
    .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .select(personColumns)
    .where('p.id', '=', id)
    .where(withinScope(scope, 'p.jurisdiction_path'))
    .executeTakeFirst();
}

/** The dwellings a person is registered at, lives in, rents or owns. */
export function dwellingsOfPerson(db: Kysely<DB>, scope: Scope, personId: string) {
  return db
    .selectFrom('person_dwellings as pd')
    .innerJoin('dwellings as d', 'd.id', 'pd.dwelling_id')
    .select(['pd.relation', 'd.id', 'd.address', 'd.community_code'])
    .where('pd.person_id', '=', personId)
    .where(withinScope(scope, 'd.jurisdiction_path'))
    .orderBy('pd.relation')
    .execute();
}

export interface SourceRow {
  id: string;
  name: string;
  kind: string;
  department_code: string | null;
  department_name: string | null;
}

export function findSource(db: Kysely<DB>, id: string): Promise<SourceRow | undefined> {
  return db
    .selectFrom('data_sources as s')
    .leftJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.id', 's.name', 's.kind', 'd.code as department_code', 'd.name as department_name'])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export function findHousehold(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('households as h')
    .leftJoin('dwellings as d', 'd.id', 'h.dwelling_id')
    .select(['h.id', 'h.household_number', 'h.registration_type', 'h.head_person_id', 'h.dwelling_id', 'h.jurisdiction_path', 'd.address', 'd.community_code'])
    .where('h.id', '=', id)
    .where(withinScope(scope, 'h.jurisdiction_path'))
    .executeTakeFirst();
}

export function householdMembers(db: Kysely<DB>, scope: Scope, householdId: string) {
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.name', 'p.id_number', 'p.sex', 'p.birth_date', 'p.relation_to_head', 'p.residence_status'])
    .where('p.household_id', '=', householdId)
    .where(withinScope(scope, 'p.jurisdiction_path'))
    .orderBy('p.id')
    .execute();
}

export function findDwelling(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('dwellings as d')
    .select(['d.id', 'd.address', 'd.compound', 'd.building', 'd.unit', 'd.room', 'd.community_code', 'd.grid_code', 'd.use', 'd.jurisdiction_path'])
    .where('d.id', '=', id)
    .where(withinScope(scope, 'd.jurisdiction_path'))
    .executeTakeFirst();
}

/** People placed at the dwelling, and people with a recorded relation to it. */
export async function peopleOfDwelling(db: Kysely<DB>, scope: Scope, dwellingId: string) {
  const placed = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.name', 'p.id_number', 'p.residence_status', 'p.household_id'])
    .where('p.dwelling_id', '=', dwellingId)
    .where(withinScope(scope, 'p.jurisdiction_path'))
    .execute();
  const related = await db
    .selectFrom('person_dwellings as pd')
    .innerJoin('people as p', 'p.id', 'pd.person_id')
    .select(['p.id', 'p.name', 'p.id_number', 'p.residence_status', 'p.household_id', 'pd.relation'])
    .where('pd.dwelling_id', '=', dwellingId)
    .where(withinScope(scope, 'p.jurisdiction_path'))
    .execute();
  return { placed, related };
}

export function householdsAtDwelling(db: Kysely<DB>, scope: Scope, dwellingId: string) {
  return db
    .selectFrom('households as h')
    .select(['h.id', 'h.household_number', 'h.registration_type', 'h.head_person_id'])
    .where('h.dwelling_id', '=', dwellingId)
    .where(withinScope(scope, 'h.jurisdiction_path'))
    .orderBy('h.id')
    .execute();
}

export function organisationsAtDwelling(db: Kysely<DB>, scope: Scope, dwellingId: string) {
  return db
    .selectFrom('organisation_dwellings as od')
    .innerJoin('organisations as o', 'o.id', 'od.organisation_id')
    .select(['o.id', 'o.name', 'o.credit_code', 'od.relation'])
    .where('od.dwelling_id', '=', dwellingId)
    .where(withinScope(scope, 'o.jurisdiction_path'))
    .orderBy('o.id')
    .execute();
}

export function findOrganisation(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.credit_code', 'o.kind', 'o.legal_representative', 'o.phone', 'o.jurisdiction_path'])
    .where('o.id', '=', id)
    .where(withinScope(scope, 'o.jurisdiction_path'))
    .executeTakeFirst();
}

export function dwellingsOfOrganisation(db: Kysely<DB>, scope: Scope, organisationId: string) {
  return db
    .selectFrom('organisation_dwellings as od')
    .innerJoin('dwellings as d', 'd.id', 'od.dwelling_id')
    .select(['od.relation', 'd.id', 'd.address', 'd.community_code'])
    .where('od.organisation_id', '=', organisationId)
    .where(withinScope(scope, 'd.jurisdiction_path'))
    .orderBy('od.relation')
    .execute();
}

export function searchOrganisations(db: Kysely<DB>, scope: Scope, search: { name?: string; creditCode?: string; limit: number; offset: number }) {
  let query = db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.credit_code', 'o.kind'])
    .where(withinScope(scope, 'o.jurisdiction_path'));
  if (search.name) query = query.where('o.name', 'like', `%${escapeLike(search.name)}%`);
  if (search.creditCode) query = query.where('o.credit_code', '=', search.creditCode);
  return query.orderBy('o.name').orderBy('o.id').limit(search.limit).offset(search.offset).execute();
}

/** One page of the people in the scope, by id, with their dwelling's parts and household number: for bulk exports. */
export function peopleForExport(db: Kysely<DB>, scope: Scope, page: { afterId: string | null; limit: number }) {
  let query = db
    .selectFrom('people as p')
    .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .leftJoin('households as h', 'h.id', 'p.household_id')
    .select([...personColumns, 'd.compound', 'd.building', 'd.unit', 'd.room', 'h.household_number'])
    .where(withinScope(scope, 'p.jurisdiction_path'));
  if (page.afterId !== null) query = query.where('p.id', '>', page.afterId);
  return query.orderBy('p.id').limit(page.limit).execute();
}

export type ExportPersonRow = Awaited<ReturnType<typeof peopleForExport>>[number];

export async function countPeopleForExport(db: Kysely<DB>, scope: Scope): Promise<number> {
  const { n } = await db
    .selectFrom('people as p')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(withinScope(scope, 'p.jurisdiction_path'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
