// Row types of the case-handling tables (migration 0300-cases.sql), joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export interface CaseCategoriesTable {
  code: string;
  parent_code: string | null;
  name: string;
  kind: 'event' | 'component' | 'livelihood';
  description: Generated<string>;
  registration_condition: Generated<string>;
  closure_condition: Generated<string>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  attributes: JsonWithDefault<unknown[]>;
  public: Generated<boolean>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  updated_at: Timestamp;
}

export interface WorkingCalendarsTable {
  jurisdiction_code: string;
  name: string;
  utc_offset_minutes: number;
  working_hours: Json<Array<{ start: string; end: string }>>;
  weekend_days: number[];
  updated_at: Timestamp;
}

export interface WorkingCalendarDaysTable {
  jurisdiction_code: string;
  day: string;
  kind: 'holiday' | 'workday';
  name: Generated<string>;
}

export interface CaseSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ResponsibilityRulesTable {
  id: Generated<string>;
  rule_key: string;
  version: number;
  category_code: string;
  jurisdiction_code: string;
  jurisdiction_path: string;
  conditions: JsonWithDefault<Record<string, unknown>>;
  unit_kind: 'department' | 'external' | 'street' | 'community';
  unit_department_id: string | null;
  unit_jurisdiction_code: string | null;
  limits: JsonWithDefault<Record<string, unknown>>;
  note: Generated<string>;
  effective_from: Timestamp;
  superseded_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
}

export interface ResponsibilityRuleProposalsTable {
  id: Generated<string>;
  case_id: string;
  category_code: string;
  jurisdiction_code: string;
  jurisdiction_path: string;
  conditions: JsonWithDefault<Record<string, unknown>>;
  unit: Json<Record<string, unknown>>;
  limits: JsonWithDefault<Record<string, unknown>>;
  reason: string;
  status: Generated<'open' | 'accepted' | 'declined'>;
  proposed_by: string;
  proposed_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  rule_id: string | null;
}

export interface CasesTable {
  id: Generated<string>;
  serial: Generated<number>;
  number: string;
  category_code: string;
  description: string;
  attributes: JsonWithDefault<Record<string, unknown>>;
  channel: string;
  status: string;
  lon: number | null;
  lat: number | null;
  address: string | null;
  address_id: ColumnType<string | null, string | null | undefined, string | null>;
  jurisdiction_path: string;
  grid_code: string | null;
  community_code: string | null;
  street_code: string | null;
  hub_code: string;
  unit_kind: 'department' | 'external' | 'street' | 'community' | null;
  unit_department_id: string | null;
  unit_jurisdiction_code: string | null;
  unit_name: string | null;
  routing_rule_id: string | null;
  routing_explanation: string;
  routing: Json<unknown>;
  limits: Json<Record<string, unknown>>;
  result: string | null;
  decline_reason: string | null;
  merged_into: string | null;
  suspension_requested: ColumnType<unknown | null, string | null | undefined, string | null>;
  suspended_remaining: ColumnType<unknown | null, string | null | undefined, string | null>;
  escalation_level: Generated<number>;
  supervised_at: Timestamp | null;
  return_count: Generated<number>;
  reopen_count: Generated<number>;
  rework_count: Generated<number>;
  next_due_at: Timestamp | null;
  rating_invited_at: Timestamp | null;
  open311_token: string | null;
  media_url: string | null;
  created_by: string;
  submitted_at: Timestamp;
  registered_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  signed_for_at: Timestamp | null;
  handled_at: Timestamp | null;
  verified_at: Timestamp | null;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface CaseReportersTable {
  id: Generated<string>;
  case_id: string;
  user_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  device_id: string | null;
  account_id: string | null;
  via_case_id: string | null;
  added_at: Timestamp;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  at: Timestamp;
  action: string;
  from_status: string | null;
  to_status: string | null;
  actor_kind: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_name: string;
  actor_role: string | null;
  note: string | null;
  public: Generated<boolean>;
  details: ColumnType<unknown | null, string | null | undefined, string | null>;
}

export interface CaseAttachmentsTable {
  id: Generated<string>;
  case_id: string;
  purpose: 'report' | 'evidence' | 'whistle' | 'rectification';
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Timestamp;
  /** 1, 2, 3… on its case, in the order the files arrived. */
  position: number;
}

export interface CaseDeadlinesTable {
  id: Generated<string>;
  case_id: string;
  stage: string;
  unit_key: string;
  unit_name: string;
  subject_id: string | null;
  limit_spec: Json<Record<string, unknown>>;
  started_at: Timestamp;
  due_at: Timestamp;
  warn_at: Timestamp;
  warned_at: Timestamp | null;
  met_at: Timestamp | null;
  outcome: 'met' | 'cancelled' | null;
  escalation_level: Generated<number>;
  next_escalation_at: Timestamp | null;
}

export interface CaseEscalationsTable {
  id: Generated<string>;
  case_id: string;
  deadline_id: string;
  stage: string;
  level: number;
  to_jurisdiction_code: string;
  at: Timestamp;
}

export interface CaseSupervisionsTable {
  id: Generated<string>;
  case_id: string;
  issued_by: string;
  issued_at: Timestamp;
  note: string;
  escalation_id: string | null;
}

export interface CaseWhistlesTable {
  id: Generated<string>;
  case_id: string;
  jurisdiction_code: string;
  reason: string;
  blown_by: string;
  blown_at: Timestamp;
}

export interface CaseSummonsTable {
  id: Generated<string>;
  whistle_id: string;
  case_id: string;
  department_id: string;
  report_due_at: Timestamp;
  reported_at: Timestamp | null;
  reported_by: string | null;
  report_note: string | null;
  acted_at: Timestamp | null;
  acted_by: string | null;
  action_note: string | null;
  score: number | null;
  score_note: string | null;
  scored_at: Timestamp | null;
  scored_by: string | null;
}

export interface CaseRatingsTable {
  id: Generated<string>;
  case_id: string;
  round: number;
  reporter_id: string;
  source: 'reporter' | 'callback';
  mode: 'online' | 'offline';
  overall: number;
  indicators: JsonWithDefault<Record<string, number>>;
  solved: boolean;
  contacted: boolean;
  comment: string | null;
  unit_key: string | null;
  unit_name: string | null;
  recorded_by: string;
  at: Timestamp;
}

export interface CaseRectificationsTable {
  id: Generated<string>;
  case_id: string;
  rating_id: string;
  unit_key: string;
  unit_name: string;
  opened_at: Timestamp;
  due_at: Timestamp;
  rectified_at: Timestamp | null;
  rectified_by: string | null;
  rectification_note: string | null;
  callback_at: Timestamp | null;
  callback_by: string | null;
  callback_note: string | null;
  callback_satisfied: boolean | null;
}

export interface CasesTables {
  case_categories: CaseCategoriesTable;
  working_calendars: WorkingCalendarsTable;
  working_calendar_days: WorkingCalendarDaysTable;
  case_settings: CaseSettingsTable;
  responsibility_rules: ResponsibilityRulesTable;
  responsibility_rule_proposals: ResponsibilityRuleProposalsTable;
  cases: CasesTable;
  case_reporters: CaseReportersTable;
  case_events: CaseEventsTable;
  case_attachments: CaseAttachmentsTable;
  case_deadlines: CaseDeadlinesTable;
  case_escalations: CaseEscalationsTable;
  case_supervisions: CaseSupervisionsTable;
  case_whistles: CaseWhistlesTable;
  case_summons: CaseSummonsTable;
  case_ratings: CaseRatingsTable;
  case_rectifications: CaseRectificationsTable;
}
