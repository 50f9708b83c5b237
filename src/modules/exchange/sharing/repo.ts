// SQL over data-sharing grants. Grants describe who may read what, not people: no Scope needed.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';

const grantColumns = [
  'g.id',
  'g.department_id',
  'd.code as department_code',
  'd.name as department_name',
  'g.fields',
  'g.purpose',
  'g.legal_basis',
  'g.jurisdiction_code',
  'j.name as jurisdiction_name',
  'g.jurisdiction_path',
  'g.valid_from',
  'g.valid_until',
  'g.created_by',
  'g.created_at',
  'g.revoked_at',
  'g.revoke_reason',
] as const;

function grants(db: Kysely<DB>) {
  return db
    .selectFrom('share_grants as g')
    .innerJoin('departments as d', 'd.id', 'g.department_id')
    .innerJoin('jurisdictions as j', 'j.code', 'g.jurisdiction_code')
    .select(grantColumns);
}

export type GrantRow = Awaited<ReturnType<typeof findGrant>> & object;

export function findGrant(db: Kysely<DB>, id: string) {
  return grants(db).where('g.id', '=', id).executeTakeFirst();
}

export function listGrants(db: Kysely<DB>, filter: { departmentCode?: string; includeRevoked: boolean }) {
  let query = grants(db);
  if (filter.departmentCode) query = query.where('d.code', '=', filter.departmentCode);
  if (!filter.includeRevoked) query = query.where('g.revoked_at', 'is', null);
  return query.orderBy('d.code').orderBy('g.valid_from').orderBy('g.id').execute();
}

/** The grants a department reads under: not revoked, whatever their period (the policy tells expired from missing). */
export function grantsOfDepartment(db: Kysely<DB>, departmentId: string) {
  return grants(db).where('g.department_id', '=', departmentId).where('g.revoked_at', 'is', null).execute();
}

export function insertGrant(
  db: Kysely<DB>,
  row: {
    department_id: string;
    fields: string[];
    purpose: string;
    legal_basis: string;
    jurisdiction_code: string;
    jurisdiction_path: string;
    valid_from: Date;
    valid_until: Date;
    created_by: string | null;
    created_at: Date;
  },
) {
  return db.insertInto('share_grants').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function revokeGrant(db: Kysely<DB>, id: string, revocation: { at: Date; by: string | null; reason: string }): Promise<boolean> {
  const result = await db
    .updateTable('share_grants')
    .set({ revoked_at: revocation.at, revoked_by: revocation.by, revoke_reason: revocation.reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
