// Row types of the one-table reporting tables (0200-metrics.sql), joined into DB in src/db/schema.ts.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `date` column: read as YYYY-MM-DD (the database layer parses dates as text). */
type Day = ColumnType<string, string, string>;
/** jsonb written as a JSON string, read back as a value. */
type Json<T> = ColumnType<T, string, string>;

export type ReportFrequency = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | 'ad_hoc';
export type TemplateStatus = 'active' | 'retired' | 'merged';

export interface MetricDefinitionsTable {
  code: string;
  department_id: string | null;
  created_at: Timestamp;
  created_by: string;
}

export interface MetricVersionsTable {
  id: Generated<string>;
  metric_code: string;
  version: number;
  valid_from: Day;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  definition: Json<unknown>;
  fingerprint: string;
  created_at: Timestamp;
  created_by: string;
}

export interface ReportTemplatesTable {
  id: Generated<string>;
  code: string;
  name: string;
  department_id: string;
  frequency: ReportFrequency;
  layout: Json<unknown>;
  revision: ColumnType<number, number | undefined, number>;
  status: ColumnType<TemplateStatus, TemplateStatus | undefined, TemplateStatus>;
  merged_into: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface GeneratedReportsTable {
  id: Generated<string>;
  template_id: string;
  template_revision: number;
  layout: Json<unknown>;
  jurisdiction_code: string;
  scope_path: string;
  unit_paths: string[];
  reference_date: Day;
  period_start: Day;
  period_end: Day;
  metric_versions: Json<unknown>;
  figures: Json<unknown>;
  figures_digest: string;
  data_as_of: Timestamp;
  generated_by: string;
  generated_at: Timestamp;
  query_count: number;
  duration_ms: number;
}

export interface ReportFillTasksTable {
  id: Generated<string>;
  template_id: string;
  reference_date: Day;
  jurisdiction_code: string;
  jurisdiction_path: string;
  row_keys: string[];
  column_keys: string[];
  status: ColumnType<'open' | 'submitted', 'open' | 'submitted' | undefined, 'open' | 'submitted'>;
  answers: ColumnType<Record<string, Record<string, number | string | null>>, string | undefined, string>;
  created_at: Timestamp;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
}

export interface MetricsTables {
  metric_definitions: MetricDefinitionsTable;
  metric_versions: MetricVersionsTable;
  report_templates: ReportTemplatesTable;
  generated_reports: GeneratedReportsTable;
  report_fill_tasks: ReportFillTasksTable;
}
