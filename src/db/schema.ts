// Row types of the tables, for Kysely. Kept by hand beside the migrations:
// a column added in a migration is added here in the same change.
import type { ColumnType, Generated } from 'kysely';
import type { CasesTables } from '../modules/cases/schema.js';
import type { RegistryTables } from '../modules/registry/schema.js';
import type { ProfileTables } from '../modules/exchange/profiles/schema.js';
import type { ImportTables } from '../modules/exchange/import/schema.js';
import type { LinkingTables } from '../modules/exchange/linking/schema.js';
import type { FormsTables } from '../modules/forms/schema.js';
import type { MetricsTables } from '../modules/metrics/schema.js';
import type { SharingTables } from '../modules/exchange/sharing/schema.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface JurisdictionsTable {
  code: string;
  name: string;
  level: 'city' | 'district' | 'street' | 'community' | 'grid';
  parent_code: string | null;
  path: string;
  boundary: unknown | null;
  created_at: DefaultTimestamp;
}

export interface DepartmentsTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  jurisdiction_code: string;
  is_external: Generated<boolean>;
  created_at: DefaultTimestamp;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  created_by: string | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  created_at: DefaultTimestamp;
}

export interface RoleGrantsTable {
  id: Generated<string>;
  user_id: string | null;
  api_token_id: string | null;
  role: string;
  jurisdiction_code: string;
  department_id: string | null;
  created_at: DefaultTimestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  succeeded: boolean;
  at: Timestamp;
}

export interface AuditLogTable {
  id: number;
  at: Timestamp;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor: string | null;
  role: string | null;
  scope: string | null;
  action: string;
  target_type: string | null;
  target_ids: string[];
  purpose: string | null;
  ip: string | null;
  request_id: string | null;
  outcome: 'allowed' | 'denied';
  details: unknown | null;
  prev_hash: string;
  hash: string;
}

export interface DwellingsTable {
  id: string;
  jurisdiction_path: string;
  community_code: string;
  /** Null for a dwelling found in department data whose grid is not yet known. */
  grid_code: string | null;
  compound: string;
  building: string;
  unit: string;
  room: string;
  address: string;
  /** Surviving values of registry facts (0102-registry-facts.sql). */
  use: string | null;
  origin_source_id: ColumnType<string, string | undefined, string>;
  origin_at: DefaultTimestamp;
}

export interface HouseholdsTable {
  id: string;
  jurisdiction_path: string;
  dwelling_id: string | null;
  head_person_id: string | null;
  registration_type: 'family' | 'collective' | null;
  /** 户号, issued by the public security bureau. */
  household_number: string | null;
  origin_source_id: ColumnType<string, string | undefined, string>;
  origin_at: DefaultTimestamp;
}

export interface PeopleTable {
  id: string;
  jurisdiction_path: string;
  household_id: string | null;
  dwelling_id: string | null;
  relation_to_head: string | null;
  name: string;
  id_number: string | null;
  sex: 'male' | 'female' | null;
  birth_date: string | null;
  ethnicity: string | null;
  phone: string | null;
  residence_status: 'registered' | 'floating' | 'left' | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  disability_grade: number | null;
  /** 户籍地. */
  registration_place: string | null;
  /** Where the row's values came from when they have no facts of their own (0102-registry-facts.sql). */
  origin_source_id: ColumnType<string, string | undefined, string>;
  origin_at: DefaultTimestamp;
}

// Each module that owns tables declares them in its own schema.ts and is joined here.
export interface DB extends FoundationTables, CasesTables, RegistryTables, ProfileTables, ImportTables, LinkingTables, FormsTables, MetricsTables, SharingTables {}

export interface FoundationTables {
  jurisdictions: JurisdictionsTable;
  departments: DepartmentsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  dwellings: DwellingsTable;
  households: HouseholdsTable;
  people: PeopleTable;
  resident_people: ResidentPeopleTable;
}

/** Which registry person a resident's account is (0120-sharing-grants.sql). */
export interface ResidentPeopleTable {
  user_id: string;
  person_id: string;
  verified_at: Timestamp;
}
