/**
 * The people table as a projection of person facts: each column holds its
 * field's surviving value, and person_dwellings the surviving links. The
 * person's place in the jurisdiction tree follows the dwelling that places them:
 * where they live, else where they rent, else where they are registered.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { FactValue, PersonDwellingRelation } from '../schema.js';
import { anyText, recordset } from '../sql.js';
import type { ProjectedRecord, Projection } from './projection.js';

/** The link fields of a person and the relation each projects to in person_dwellings. */
export const PERSON_DWELLING_FIELDS: Record<string, PersonDwellingRelation> = {
  'person.registered_dwelling': 'registered',
  'person.living_dwelling': 'living',
  'person.rented_dwelling': 'tenant',
  'person.owned_dwellings': 'owner',
};

const TEXT_COLUMNS = {
  'person.name': 'name',
  'person.id_number': 'id_number',
  'person.sex': 'sex',
  'person.birth_date': 'birth_date',
  'person.ethnicity': 'ethnicity',
  'person.registration_place': 'registration_place',
  'person.residence_status': 'residence_status',
  'person.relation_to_head': 'relation_to_head',
  'person.household': 'household_id',
} as const;
type TextColumn = (typeof TEXT_COLUMNS)[keyof typeof TEXT_COLUMNS];

export type PersonState = Record<TextColumn, string | null> & {
  /** The first surviving phone number. */
  phone: string | null;
  tags: string[];
  disability_grade: number | null;
  dwellings: Record<PersonDwellingRelation, string[]>;
};

export type PersonRecord = ProjectedRecord<PersonState>;

const RELATIONS: readonly PersonDwellingRelation[] = ['registered', 'living', 'tenant', 'owner'];

export function emptyPersonState(): PersonState {
  return {
    name: null, id_number: null, sex: null, birth_date: null, ethnicity: null, registration_place: null,
    residence_status: null, relation_to_head: null, household_id: null, phone: null, tags: [], disability_grade: null,
    dwellings: { registered: [], living: [], tenant: [], owner: [] },
  };
}

export async function loadPeople(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, PersonRecord>> {
  const records = new Map<string, PersonRecord>();
  if (ids.length === 0) return records;
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('data_sources as s', 's.id', 'p.origin_source_id')
    .selectAll('p')
    .select('s.kind as origin_kind')
    .where(sql<boolean>`p.id = ${anyText(ids)}`)
    .execute();
  const links = await db.selectFrom('person_dwellings').selectAll().where(sql<boolean>`person_id = ${anyText(ids)}`).execute();
  const linksOf = new Map<string, typeof links>();
  for (const link of links) linksOf.set(link.person_id, [...(linksOf.get(link.person_id) ?? []), link]);
  for (const row of rows) {
    const dwellings = { registered: [] as string[], living: [] as string[], tenant: [] as string[], owner: [] as string[] };
    const own = linksOf.get(row.id);
    if (own) {
      for (const link of own) dwellings[link.relation].push(link.dwelling_id);
    } else if (row.dwelling_id) {
      // Bulk-loaded without links: the placing dwelling, read by residence status.
      if (row.residence_status !== 'left') dwellings.living.push(row.dwelling_id);
      if (row.residence_status !== 'floating') dwellings.registered.push(row.dwelling_id);
    }
    for (const relation of RELATIONS) dwellings[relation].sort();
    const state: PersonState = {
      name: row.name, id_number: row.id_number, sex: row.sex, birth_date: row.birth_date, ethnicity: row.ethnicity,
      registration_place: row.registration_place, residence_status: row.residence_status, relation_to_head: row.relation_to_head,
      household_id: row.household_id, phone: row.phone, tags: row.tags, disability_grade: row.disability_grade, dwellings,
    };
    records.set(row.id, {
      id: row.id,
      jurisdictionPath: row.jurisdiction_path,
      origin: { sourceId: row.origin_source_id, sourceKind: row.origin_kind, at: row.origin_at },
      state,
      // Links read off the placing dwelling are not in person_dwellings yet.
      stored: own ? state : { ...state, dwellings: emptyPersonState().dwellings },
    });
  }
  return records;
}

/** A field's value as the person's row holds it, or null when the row holds none. */
export function personFieldValue(state: PersonState, field: string): FactValue | null {
  if (field in TEXT_COLUMNS) return state[TEXT_COLUMNS[field as keyof typeof TEXT_COLUMNS]];
  if (field === 'person.phones') return state.phone ? [state.phone] : null;
  if (field === 'person.tags') return state.tags.length > 0 ? state.tags : null;
  if (field === 'person.disability_grade') return state.disability_grade === null ? null : String(state.disability_grade);
  const relation = PERSON_DWELLING_FIELDS[field];
  if (!relation) return null;
  const ids = state.dwellings[relation];
  if (ids.length === 0) return null;
  return field === 'person.owned_dwellings' ? ids : ids[0];
}

/** The state with each surviving value put in its column. */
export function withSurvivors(state: PersonState, survivors: ReadonlyMap<string, FactValue>): PersonState {
  const next: PersonState = { ...state, dwellings: { ...state.dwellings } };
  for (const [field, value] of survivors) {
    if (field in TEXT_COLUMNS) {
      const text = Array.isArray(value) ? (value[0] ?? null) : value;
      // A month-precise birth date has no day to put in a date column.
      next[TEXT_COLUMNS[field as keyof typeof TEXT_COLUMNS]] = field === 'person.birth_date' && text !== null && text.length < 10 ? null : text;
    } else if (field === 'person.phones') {
      next.phone = Array.isArray(value) ? (value[0] ?? null) : value;
    } else if (field === 'person.tags') {
      next.tags = Array.isArray(value) ? value : [value];
    } else if (field === 'person.disability_grade') {
      next.disability_grade = Number(value);
    } else if (PERSON_DWELLING_FIELDS[field]) {
      next.dwellings[PERSON_DWELLING_FIELDS[field]] = (Array.isArray(value) ? [...value] : [value]).sort();
    }
  }
  return next;
}

/** The dwelling that places the person: where they live, else rent, else are registered. */
export function placingDwelling(state: PersonState): string | null {
  return state.dwellings.living[0] ?? state.dwellings.tenant[0] ?? state.dwellings.registered[0] ?? null;
}

export type PersonWrite = Pick<PersonRecord, 'id' | 'jurisdictionPath' | 'state' | 'stored'>;

const PERSON_COLUMNS = {
  id: 'text', jurisdiction_path: 'ltree', household_id: 'text', dwelling_id: 'text', relation_to_head: 'text', name: 'text',
  id_number: 'text', sex: 'text', birth_date: 'date', ethnicity: 'text', phone: 'text', residence_status: 'text', tags: 'text[]',
  disability_grade: 'smallint', registration_place: 'text',
};

function columnsOf(person: PersonWrite) {
  const { dwellings, ...columns } = person.state;
  return { id: person.id, jurisdiction_path: person.jurisdictionPath, dwelling_id: placingDwelling(person.state), ...columns };
}

export async function insertPeople(db: Kysely<DB>, people: readonly PersonWrite[], origin: { sourceId: string; at: Date }): Promise<void> {
  if (people.length === 0) return;
  const columns = sql.raw(Object.keys(PERSON_COLUMNS).join(', '));
  await sql`
    INSERT INTO people (${columns}, origin_source_id, origin_at)
    SELECT ${columns}, ${origin.sourceId}, ${origin.at} FROM ${recordset(people.map(columnsOf), PERSON_COLUMNS)}`.execute(db);
  // New people have no links yet: nothing to delete first.
  await insertLinks(db, people.flatMap((p) => linksOf(p.id, p.state.dwellings)));
}

export async function updatePeople(db: Kysely<DB>, people: readonly PersonWrite[]): Promise<void> {
  if (people.length === 0) return;
  const assignments = Object.keys(PERSON_COLUMNS)
    .filter((c) => c !== 'id')
    .map((c) => `${c} = r.${c}`)
    .join(', ');
  await sql`UPDATE people AS p SET ${sql.raw(assignments)} FROM ${recordset(people.map(columnsOf), PERSON_COLUMNS)} WHERE p.id = r.id`.execute(db);
  await replaceLinks(db, people);
}

interface PersonDwellingLink {
  person_id: string;
  dwelling_id: string;
  relation: PersonDwellingRelation;
}
const LINK_COLUMNS = { person_id: 'text', dwelling_id: 'text', relation: 'text' };
const linksOf = (id: string, dwellings: PersonState['dwellings']): PersonDwellingLink[] =>
  RELATIONS.flatMap((relation) => dwellings[relation].map((dwelling_id) => ({ person_id: id, dwelling_id, relation })));
const linkKey = (l: PersonDwellingLink) => `${l.relation}\u0000${l.dwelling_id}`;

/** Where the stored links are known, only those that differ are deleted and inserted; elsewhere all are replaced. */
async function replaceLinks(db: Kysely<DB>, people: readonly PersonWrite[]): Promise<void> {
  const unknown = people.filter((p) => !p.stored).map((p) => p.id);
  const ended: PersonDwellingLink[] = [];
  const added: PersonDwellingLink[] = [];
  for (const p of people) {
    const now = linksOf(p.id, p.state.dwellings);
    if (!p.stored) {
      added.push(...now);
      continue;
    }
    const before = linksOf(p.id, p.stored.dwellings);
    const [keep, had] = [new Set(now.map(linkKey)), new Set(before.map(linkKey))];
    ended.push(...before.filter((l) => !keep.has(linkKey(l))));
    added.push(...now.filter((l) => !had.has(linkKey(l))));
  }
  if (unknown.length > 0) await sql`DELETE FROM person_dwellings WHERE person_id = ${anyText(unknown)}`.execute(db);
  if (ended.length > 0) {
    await sql`
      DELETE FROM person_dwellings l USING ${recordset(ended, LINK_COLUMNS)}
      WHERE l.person_id = r.person_id AND l.relation = r.relation AND l.dwelling_id = r.dwelling_id`.execute(db);
  }
  await insertLinks(db, added);
}

async function insertLinks(db: Kysely<DB>, links: readonly PersonDwellingLink[]): Promise<void> {
  if (links.length === 0) return;
  await sql`
    INSERT INTO person_dwellings (person_id, dwelling_id, relation)
    SELECT person_id, dwelling_id, relation FROM ${recordset(links, LINK_COLUMNS)}`.execute(db);
}

export const peopleProjection: Projection<PersonState> = {
  entity: 'person',
  load: loadPeople,
  fieldValue: personFieldValue,
  withSurvivors,
  placingDwelling,
  save: updatePeople,
};
