// Row types of the collection-form tables (0250-forms.sql), joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';
import type { Answers, FormSpec, FormSubject as SubjectType, PrefillSnapshot, RegistryValue } from './engine/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T> = ColumnType<T, string, string>;

export type FormStatus = 'active' | 'retired';
export type SubmissionStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export type { FormSubject as SubjectType } from './engine/index.js';
export type SubmissionAction = 'opened' | 'submitted' | 'returned' | 'approved';
export type ConflictStatus = 'open' | 'answer_recorded' | 'registry_kept';

/** What approval did with the bound answers (form_submissions.write_back). */
export interface WriteBackRecord {
  written: Array<{ question: string; field: string; value: RegistryValue }>;
  conflicts: number;
  /** Choices the registry has no code for: kept in the answers, not written. */
  notWritten: Array<{ question: string; field: string; values: string[] }>;
}

export interface FormsTable {
  id: string;
  form_key: string;
  version: number;
  title: string;
  spec: Json<FormSpec>;
  subject_type: SubjectType;
  owner_department_id: string;
  status: FormStatus;
  file_name: string | null;
  published_by: string | null;
  published_at: Timestamp;
}

export interface FormSubmissionsTable {
  id: string;
  form_id: string;
  subject_type: SubjectType;
  subject_id: string;
  jurisdiction_path: string;
  prefill: Json<PrefillSnapshot>;
  answers: Json<Answers>;
  status: SubmissionStatus;
  worker_id: string;
  opened_at: Timestamp;
  saved_at: Timestamp;
  submitted_at: Timestamp | null;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  write_back: ColumnType<WriteBackRecord | null, string | null, string | null>;
}

export interface FormSubmissionEventsTable {
  id: Generated<number>;
  submission_id: string;
  action: SubmissionAction;
  actor_id: string | null;
  actor_name: string;
  at: Timestamp;
  comment: string | null;
}

export interface FormConflictsTable {
  id: string;
  submission_id: string;
  jurisdiction_path: string;
  question: string;
  field: string;
  answer: Json<RegistryValue>;
  opened_value: ColumnType<RegistryValue | null, string | null, string | null>;
  current_value: ColumnType<RegistryValue | null, string | null, string | null>;
  status: ConflictStatus;
  created_at: Timestamp;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  resolution_comment: string | null;
}

export interface FormsTables {
  forms: FormsTable;
  form_submissions: FormSubmissionsTable;
  form_submission_events: FormSubmissionEventsTable;
  form_conflicts: FormConflictsTable;
}
