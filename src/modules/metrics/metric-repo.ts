// SQL over metric definitions and their versions. Definitions hold no personal data, so reads take no Scope.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type Db = Kysely<DB>;

const versionColumns = [
  'v.id',
  'v.metric_code',
  'v.version',
  'v.valid_from',
  'v.name',
  'v.description',
  'v.definition',
  'v.fingerprint',
  'v.created_at',
  'v.created_by',
] as const;

export function findMetric(db: Db, code: string) {
  return db.selectFrom('metric_definitions').selectAll().where('code', '=', code).executeTakeFirst();
}

export function insertMetric(db: Db, row: { code: string; department_id: string | null; created_at: Date; created_by: string }) {
  return db.insertInto('metric_definitions').values(row).execute();
}

export function insertVersion(
  db: Db,
  row: { metric_code: string; version: number; valid_from: string; name: string; description: string; definition: unknown; fingerprint: string; created_at: Date; created_by: string },
) {
  return db
    .insertInto('metric_versions')
    .values({ ...row, definition: JSON.stringify(row.definition) })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** Every metric with every version, newest version first within a metric. */
export function listVersions(db: Db) {
  return db
    .selectFrom('metric_versions as v')
    .innerJoin('metric_definitions as m', 'm.code', 'v.metric_code')
    .select([...versionColumns, 'm.department_id'])
    .orderBy('v.metric_code')
    .orderBy('v.version', 'desc')
    .execute();
}

export type VersionRow = Awaited<ReturnType<typeof listVersions>>[number];

export function versionsOf(db: Db, code: string) {
  return db
    .selectFrom('metric_versions as v')
    .innerJoin('metric_definitions as m', 'm.code', 'v.metric_code')
    .select([...versionColumns, 'm.department_id'])
    .where('v.metric_code', '=', code)
    .orderBy('v.version', 'desc')
    .execute();
}

/** For each code, the version in force on the day: the latest valid_from on or before it. */
export function versionsInForce(db: Db, codes: readonly string[], day: string) {
  if (codes.length === 0) return Promise.resolve([] as VersionRow[]);
  return db
    .selectFrom('metric_versions as v')
    .innerJoin('metric_definitions as m', 'm.code', 'v.metric_code')
    .select([...versionColumns, 'm.department_id'])
    .where('v.metric_code', 'in', [...codes])
    .where('v.valid_from', '<=', day)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('metric_versions as later')
            .select(sql`1`.as('one'))
            .whereRef('later.metric_code', '=', 'v.metric_code')
            .whereRef('later.valid_from', '>', 'v.valid_from')
            .where('later.valid_from', '<=', day),
        ),
      ),
    )
    .execute();
}

export function versionsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as VersionRow[]);
  return db
    .selectFrom('metric_versions as v')
    .innerJoin('metric_definitions as m', 'm.code', 'v.metric_code')
    .select([...versionColumns, 'm.department_id'])
    .where('v.id', 'in', [...ids])
    .execute();
}

/** The latest version of every metric: what it is defined as from now on. */
export function latestVersions(db: Db) {
  return db
    .selectFrom('metric_versions as v')
    .innerJoin('metric_definitions as m', 'm.code', 'v.metric_code')
    .select([...versionColumns, 'm.department_id'])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('metric_versions as later').select(sql`1`.as('one')).whereRef('later.metric_code', '=', 'v.metric_code').whereRef('later.version', '>', 'v.version'))),
    )
    .orderBy('v.metric_code')
    .execute();
}
