// Row types of the data-sharing grants table (0120-sharing-grants.sql), joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ShareGrantsTable {
  id: Generated<string>;
  department_id: string;
  fields: string[];
  purpose: string;
  legal_basis: string;
  jurisdiction_code: string;
  jurisdiction_path: string;
  valid_from: Timestamp;
  valid_until: Timestamp;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface SharingTables {
  share_grants: ShareGrantsTable;
}
