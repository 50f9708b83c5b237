// SQL over people, households and dwellings. Every read takes a Scope.
import type { Kysely } from 'kysely';
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
  'p.jurisdiction_path',
  'd.address',
  'd.community_code',
  'd.grid_code',
] as const;

export interface PersonSearch {
  name?: string;
  idNumber?: string;
  phone?: string;
  limit: number;
  offset: number;
}

export function searchPeople(db: Kysely<DB>, scope: Scope, search: PersonSearch) {
  let query = db
    .selectFrom('people as p')
    .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .select(personColumns)
    .where(withinScope(scope, 'p.jurisdiction_path'));
  if (search.name) query = query.where('p.name', 'like', `${search.name.replace(/[%_\\]/g, '\\$&')}%`);
  if (search.idNumber) query = query.where('p.id_number', '=', search.idNumber);
  if (search.phone) query = query.where('p.phone', '=', search.phone);
  return query.orderBy('p.id').limit(search.limit).offset(search.offset).execute();
}

export function findPerson(db: Kysely<DB>, scope: Scope, id: string) {
  return db
    .selectFrom('people as p')
    .leftJoin('dwellings as d', 'd.id', 'p.dwelling_id')
    .select(personColumns)
    .where('p.id', '=', id)
    .where(withinScope(scope, 'p.jurisdiction_path'))
    .executeTakeFirst();
}

export type PersonRow = Awaited<ReturnType<typeof searchPeople>>[number];
