// Row types of the mapping profiles table (0101-registry-imports.sql), joined into DB in src/db/schema.ts.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface MappingProfilesTable {
  id: string;
  name: string;
  department_id: string;
  dataset: string;
  /** The validated profile; read back through parseProfileDocument. */
  document: ColumnType<unknown, string, string>;
  text: string;
  version: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProfileTables {
  mapping_profiles: MappingProfilesTable;
}
