// Row types of the import tables (0101-registry-imports.sql), joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string, string>;

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'applying' | 'completed' | 'failed';
export type ImportRowStatus = 'valid' | 'invalid' | 'rejected' | 'held';

export interface ImportsTable {
  id: Generated<string>;
  jurisdiction_code: string;
  jurisdiction_path: string;
  source_id: string | null;
  profile_id: string | null;
  profile: Json | null;
  header: Json | null;
  file_name: string;
  file_size: number;
  file_sha256: string;
  observed_at: Timestamp;
  status: ImportStatus;
  total_rows: number | null;
  valid_rows: ColumnType<number, number | undefined, number>;
  invalid_rows: ColumnType<number, number | undefined, number>;
  warning_rows: ColumnType<number, number | undefined, number>;
  staged_through: ColumnType<number, number | undefined, number>;
  applied_through: ColumnType<number, number | undefined, number>;
  applied_rows: ColumnType<number, number | undefined, number>;
  rejected_rows: ColumnType<number, number | undefined, number>;
  held_rows: ColumnType<number, number | undefined, number>;
  stats: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface ImportFilesTable {
  import_id: string;
  bytes: Uint8Array;
}

export interface ImportRowsTable {
  import_id: string;
  row_number: number;
  status: ImportRowStatus;
  record: Json | null;
  cells: Json | null;
  issues: ColumnType<unknown, string | undefined, string>;
}

export interface ImportTables {
  imports: ImportsTable;
  import_files: ImportFilesTable;
  import_rows: ImportRowsTable;
}
