// SQL over mapping profiles. Profiles describe file formats, not people: no Scope needed.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { MappingProfile } from './profile.js';

export function listProfiles(db: Kysely<DB>) {
  return db
    .selectFrom('mapping_profiles as m')
    .innerJoin('departments as d', 'd.id', 'm.department_id')
    .select(['m.id', 'm.name', 'd.code as department_code', 'd.name as department_name', 'm.dataset', 'm.version', 'm.updated_at'])
    .orderBy('m.id')
    .execute();
}

export function findProfile(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('mapping_profiles as m')
    .innerJoin('departments as d', 'd.id', 'm.department_id')
    .select(['m.id', 'm.name', 'd.code as department_code', 'd.name as department_name', 'm.dataset', 'm.document', 'm.text', 'm.version', 'm.created_at', 'm.updated_at'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export interface ProfileWrite {
  profile: MappingProfile;
  text: string;
  departmentId: string;
  by: string | null;
  at: Date;
}

export async function insertProfile(db: Kysely<DB>, write: ProfileWrite): Promise<void> {
  await db
    .insertInto('mapping_profiles')
    .values({
      id: write.profile.id,
      name: write.profile.name,
      department_id: write.departmentId,
      dataset: write.profile.source.dataset,
      document: JSON.stringify(write.profile),
      text: write.text,
      created_by: write.by,
      updated_by: write.by,
      created_at: write.at,
      updated_at: write.at,
    })
    .execute();
}

export async function updateProfile(db: Kysely<DB>, write: ProfileWrite): Promise<number> {
  const row = await db
    .updateTable('mapping_profiles')
    .set((eb) => ({
      name: write.profile.name,
      department_id: write.departmentId,
      dataset: write.profile.source.dataset,
      document: JSON.stringify(write.profile),
      text: write.text,
      version: eb('version', '+', 1),
      updated_by: write.by,
      updated_at: write.at,
    }))
    .where('id', '=', write.profile.id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function deleteProfile(db: Kysely<DB>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('mapping_profiles').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
