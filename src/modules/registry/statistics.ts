/**
 * The registry's public surface for statistics (one-table reporting,
 * src/modules/metrics): which relations a statistical definition may count
 * over and which of their columns it may test, the records behind a figure as
 * a caller may see them, and how much the registry changed after a moment.
 * Other modules read the registry's tables only through this file; a column
 * not named here is not part of the surface and may change without notice.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { withinScope, type Scope } from '../../kernel/access/access.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';

export const STATISTICAL_SUBJECTS = ['people', 'households', 'dwellings', 'organisations'] as const;
export type StatisticalSubject = (typeof STATISTICAL_SUBJECTS)[number];

export interface StatisticalField {
  column: string;
  type: 'text' | 'integer';
}

export interface StatisticalRelation {
  table: StatisticalSubject;
  /** The alias every fragment built over this relation uses. */
  alias: string;
  /** The ltree placing the record in the jurisdiction tree. */
  path: string;
  /** When the registry first recorded the record: the event behind "newly registered" period figures. */
  recordedAt: string;
  /** Columns a condition may compare with given values. */
  fields: Readonly<Record<string, StatisticalField>>;
}

export const STATISTICAL_RELATIONS: Readonly<Record<StatisticalSubject, StatisticalRelation>> = {
  people: {
    table: 'people',
    alias: 'p',
    path: 'jurisdiction_path',
    recordedAt: 'origin_at',
    fields: {
      sex: { column: 'sex', type: 'text' },
      residence_status: { column: 'residence_status', type: 'text' },
      ethnicity: { column: 'ethnicity', type: 'text' },
      relation_to_head: { column: 'relation_to_head', type: 'text' },
      disability_grade: { column: 'disability_grade', type: 'integer' },
      registration_place: { column: 'registration_place', type: 'text' },
    },
  },
  households: {
    table: 'households',
    alias: 'h',
    path: 'jurisdiction_path',
    recordedAt: 'origin_at',
    fields: { registration_type: { column: 'registration_type', type: 'text' } },
  },
  dwellings: {
    table: 'dwellings',
    alias: 'd',
    path: 'jurisdiction_path',
    recordedAt: 'origin_at',
    fields: { use: { column: 'use', type: 'text' } },
  },
  organisations: {
    table: 'organisations',
    alias: 'o',
    path: 'jurisdiction_path',
    recordedAt: 'origin_at',
    fields: { kind: { column: 'kind', type: 'text' } },
  },
};

/** People's columns with a meaning of their own in statistical definitions. */
export const PEOPLE_COLUMNS = {
  birthDate: 'birth_date',
  tags: 'tags',
  residenceStatus: 'residence_status',
  household: 'household_id',
  dwelling: 'dwelling_id',
} as const;

/**
 * Whether a person (alias `alias` over people) lives where the registry
 * places them: everyone except those registered here who live elsewhere
 * (人户分离, 'left'). An unknown status counts as living here — the
 * registry has no evidence that the person left.
 */
export function livesHere(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${alias}.${PEOPLE_COLUMNS.residenceStatus}`)} IS DISTINCT FROM 'left'`;
}

/**
 * The column of households holding how many people live in the household
 * (members not 'left', as livesHere): kept in step with people by the
 * registry's triggers (migration 0210), whoever writes people.
 */
const HOUSEHOLD_LIVING_MEMBERS = 'living_members';

/**
 * Whether as many people as the range allows live in the household of the
 * person aliased `personAlias`; a person without a household lives in one of
 * nobody. Asked of many people, this is one lookup in a hash of just the
 * households of that size, built once per query: over the elderly of a
 * district it costs a third of joining every household to them.
 */
export function householdSizeWithin(personAlias: string, range: { min?: number; max?: number }): RawBuilder<SqlBool> {
  const household = sql.ref(`${personAlias}.${PEOPLE_COLUMNS.household}`);
  const size = sql.ref(HOUSEHOLD_LIVING_MEMBERS);
  const bounds: RawBuilder<SqlBool>[] = [sql<SqlBool>`TRUE`];
  if (range.min !== undefined) bounds.push(sql<SqlBool>`${size} >= ${range.min}`);
  if (range.max !== undefined) bounds.push(sql<SqlBool>`${size} <= ${range.max}`);
  const nobodyFits = (range.min ?? 0) <= 0 && (range.max ?? 0) >= 0;
  return sql<SqlBool>`(CASE WHEN ${household} IS NULL THEN ${sql.lit(nobodyFits)} ELSE ${household} IN (SELECT id FROM households WHERE ${sql.join(bounds, sql` AND `)}) END)`;
}

/** The relation as a FROM item with its alias. */
export function relationFrom(subject: StatisticalSubject): RawBuilder<unknown> {
  const relation = STATISTICAL_RELATIONS[subject];
  return sql`${sql.table(relation.table)} AS ${sql.raw(relation.alias)}`;
}

/** The tags a definition may name: code → name, from the tag dictionary. */
export async function tagDictionary(db: Kysely<DB>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('tag_definitions').select(['code', 'name']).execute()).map((t) => [t.code, t.name]));
}

export interface StatisticalRecord {
  id: string;
  /** Masked as lists for statistics are: surname only, ID number first 6 + last 4. */
  label: string;
  idNumber: string | null;
  sex: string | null;
  birthDate: string | null;
  residenceStatus: string | null;
  /** Tags the caller may see for its purpose; sensitive ones are left out. */
  tags: string[];
  /** Name of the jurisdiction the record is placed in (its grid or community). */
  place: string | null;
  address: string | null;
}

/**
 * The records with these ids, as a caller listing them for statistics may see
 * them. Records outside the scope are left out. The caller records the read
 * (recordRead) with the ids it shows.
 */
export async function presentForStatistics(db: Kysely<DB>, scope: Scope, subject: StatisticalSubject, ids: readonly string[]): Promise<StatisticalRecord[]> {
  if (ids.length === 0) return [];
  const order = new Map(ids.map((id, i) => [id, i]));
  const disclosure = Disclosure.forList(await loadCatalogue(db), scope);
  const byOrder = (a: StatisticalRecord, b: StatisticalRecord) => order.get(a.id)! - order.get(b.id)!;
  if (subject === 'people') {
    const rows = await db
      .selectFrom('people as p')
      .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
      .leftJoin('jurisdictions as j', 'j.path', 'p.jurisdiction_path')
      .select(['p.id', 'p.name', 'p.id_number', 'p.sex', 'p.birth_date', 'p.residence_status', 'p.tags', 'j.name as place', 'd.address'])
      .where('p.id', 'in', [...ids])
      .where(withinScope(scope, 'p.jurisdiction_path'))
      .execute();
    return rows
      .map((r) => ({
        id: r.id,
        label: disclosure.name(r.name),
        idNumber: disclosure.idNumber(r.id_number),
        sex: r.sex,
        birthDate: r.birth_date,
        residenceStatus: r.residence_status,
        tags: disclosure.tags(r.tags),
        place: r.place,
        address: r.address,
      }))
      .sort(byOrder);
  }
  if (subject === 'households') {
    const rows = await db
      .selectFrom('households as h')
      .leftJoin('dwellings as d', 'd.id', 'h.dwelling_id')
      .leftJoin('people as head', 'head.id', 'h.head_person_id')
      .leftJoin('jurisdictions as j', 'j.path', 'h.jurisdiction_path')
      .select(['h.id', 'head.name as head_name', 'j.name as place', 'd.address'])
      .where('h.id', 'in', [...ids])
      .where(withinScope(scope, 'h.jurisdiction_path'))
      .execute();
    return rows.map((r) => ({ ...blank(r.id), label: r.head_name ? disclosure.name(r.head_name) : r.id, place: r.place, address: r.address })).sort(byOrder);
  }
  if (subject === 'dwellings') {
    const rows = await db
      .selectFrom('dwellings as d')
      .leftJoin('jurisdictions as j', 'j.path', 'd.jurisdiction_path')
      .select(['d.id', 'd.address', 'j.name as place'])
      .where('d.id', 'in', [...ids])
      .where(withinScope(scope, 'd.jurisdiction_path'))
      .execute();
    return rows.map((r) => ({ ...blank(r.id), label: r.address, place: r.place, address: r.address })).sort(byOrder);
  }
  const rows = await db
    .selectFrom('organisations as o')
    .leftJoin('jurisdictions as j', 'j.path', 'o.jurisdiction_path')
    .select(['o.id', 'o.name', 'j.name as place'])
    .where('o.id', 'in', [...ids])
    .where(withinScope(scope, 'o.jurisdiction_path'))
    .execute();
  return rows.map((r) => ({ ...blank(r.id), label: r.name, place: r.place })).sort(byOrder);
}

function blank(id: string): StatisticalRecord {
  return { id, label: id, idNumber: null, sex: null, birthDate: null, residenceStatus: null, tags: [], place: null, address: null };
}

export interface RegistryChanges {
  /** Facts any source stated that were recorded after the moment, about records in the paths. */
  facts: number;
  /** Records first recorded after the moment in the paths. */
  records: number;
}

/**
 * How much the registry changed after `at` under these jurisdiction paths:
 * what explains a figure computed now differing from one computed then.
 */
export async function registryChangesSince(db: Kysely<DB>, paths: readonly string[], at: Date): Promise<RegistryChanges> {
  const under = (column: string) => sql<SqlBool>`${sql.ref(column)} <@ ANY(${sql.val(`{${paths.join(',')}}`)}::ltree[])`;
  const facts = await sql<{ n: number }>`
    SELECT coalesce(sum((SELECT count(*) FROM jsonb_object_keys(f.facts))), 0)::int AS n FROM registry_statements f
    WHERE f.recorded_at > ${at}
      AND (EXISTS (SELECT 1 FROM people p WHERE p.id = f.entity_id AND ${under('p.jurisdiction_path')})
        OR EXISTS (SELECT 1 FROM households h WHERE h.id = f.entity_id AND ${under('h.jurisdiction_path')})
        OR EXISTS (SELECT 1 FROM dwellings d WHERE d.id = f.entity_id AND ${under('d.jurisdiction_path')})
        OR EXISTS (SELECT 1 FROM organisations o WHERE o.id = f.entity_id AND ${under('o.jurisdiction_path')}))`.execute(db);
  const records = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM people WHERE origin_at > ${at} AND ${under('jurisdiction_path')})
         + (SELECT count(*) FROM households WHERE origin_at > ${at} AND ${under('jurisdiction_path')})
         + (SELECT count(*) FROM dwellings WHERE origin_at > ${at} AND ${under('jurisdiction_path')})
         + (SELECT count(*) FROM organisations WHERE origin_at > ${at} AND ${under('jurisdiction_path')}) AS n`.execute(db);
  return { facts: facts.rows[0].n, records: Number(records.rows[0].n) };
}
