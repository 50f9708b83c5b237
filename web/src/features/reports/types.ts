/** The shapes of the one-table reporting API (src/modules/metrics/schemas.ts). */

export type Frequency = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | 'ad_hoc';
export type FigureValue = number | string | null;

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
}

export interface Overlap {
  kind: 'duplicate' | 'conflict';
  metrics: string[];
}

export interface MetricVersion {
  id: string;
  version: number;
  validFrom: string;
  name: string;
  description: string;
  definition: unknown;
  statement: string;
  fingerprint: string;
  createdAt: string;
  createdBy: string;
}

export interface Metric {
  code: string;
  department: DepartmentRef | null;
  current: MetricVersion;
  versions: MetricVersion[];
  overlaps: Overlap[];
}

export interface LeafColumn {
  key: string;
  label: string;
  metric?: string;
  manual?: { type: 'integer' | 'decimal' | 'text' };
  note?: string;
}
export interface GroupColumn {
  label: string;
  children: Column[];
}
export type Column = LeafColumn | GroupColumn;

export interface Layout {
  title: string;
  rowHeader: string;
  numbered: boolean;
  rows: { kind: 'units'; level: 'street' | 'community' | 'grid' } | { kind: 'categories'; items: Array<{ key: string; label: string; where: unknown[] }> };
  columns: Column[];
  totals: boolean;
  notes: string[];
}

export interface Template {
  id: string;
  code: string;
  name: string;
  department: DepartmentRef | null;
  frequency: Frequency;
  status: 'active' | 'retired' | 'merged';
  mergedInto: { id: string; code: string; name: string } | null;
  revision: number;
  layout: Layout;
  fields: number;
  autoFields: number;
  manualFields: number;
  metrics: string[];
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
  generated?: number;
}

export interface CitedVersion {
  code: string;
  version: number;
  versionId: string;
  validFrom: string;
  name: string;
  fingerprint: string;
}

export interface ReportColumn {
  key: string;
  label: string;
  path: string[];
  metric: (CitedVersion & { statement: string; ratio: boolean }) | null;
  manual: { type: 'integer' | 'decimal' | 'text' } | null;
  note: string | null;
}

export interface FigureRow {
  key: string;
  label: string;
  unitCode: string | null;
  values: Record<string, FigureValue>;
}

export interface Report {
  id: string;
  template: { id: string; code: string; name: string; revision: number; department: DepartmentRef | null };
  jurisdiction: { code: string; name: string };
  referenceDate: string;
  period: { start: string; end: string };
  dataAsOf: string;
  generatedAt: string;
  generatedBy: string;
  queryCount: number;
  durationMs: number;
  digest: string;
  layout: Layout;
  columns: ReportColumn[];
  rows: FigureRow[];
  total: Record<string, FigureValue> | null;
  metricVersions: CitedVersion[];
  tasks: Array<{ id: string; jurisdictionCode: string; jurisdictionName: string; status: 'open' | 'submitted'; submittedAt: string | null }>;
}

export interface ReportListItem {
  id: string;
  template: { id: string; code: string; name: string };
  jurisdiction: { code: string; name: string };
  referenceDate: string;
  period: { start: string; end: string };
  dataAsOf: string;
  generatedAt: string;
  generatedBy: string;
  durationMs: number;
}

export interface DrillDownRecord {
  id: string;
  label: string;
  idNumber: string | null;
  sex: string | null;
  age: number | null;
  residenceStatus: string | null;
  tags: string[];
  place: string | null;
  address: string | null;
}

export interface DrillDown {
  metric: { code: string; version: number; name: string };
  subject: 'people' | 'households' | 'dwellings' | 'organisations';
  figure: FigureValue;
  total: number;
  records: DrillDownRecord[];
}

export interface Verification {
  reportId: string;
  identical: boolean;
  publishedDigest: string;
  recomputedDigest: string;
  differences: Array<{ row: string; column: string; published: FigureValue; now: FigureValue }>;
  changesSince: { facts: number; records: number };
  durationMs: number;
}

export interface FillTask {
  id: string;
  template: { id: string; code: string; name: string };
  referenceDate: string;
  jurisdiction: { code: string; name: string };
  status: 'open' | 'submitted';
  rows: Array<{ key: string; label: string }>;
  columns: Array<{ key: string; label: string; path: string[]; type: 'integer' | 'decimal' | 'text' }>;
  answers: Record<string, Record<string, FigureValue>>;
  submittedAt: string | null;
  submittedBy: string | null;
}

export interface CommunityWorkload {
  code: string;
  name: string;
  reports: number;
  filingsPerYear: number;
  autoFields: number;
  manualFields: number;
  autoFieldsPerYear: number;
  manualFieldsPerYear: number;
  minutesSavedPerYear: number;
}

export interface Workload {
  minutesPerField: number;
  assumption: string;
  communities: CommunityWorkload[];
  templates: { active: number; retired: number; merged: number };
}

export interface ImportResult {
  detected: { title: string; headerRows: [number, number]; rowLabels: string[]; hasTotalRow: boolean };
  layout: Layout;
  suggestions: Array<{ column: string; label: string; metric: string; metricName: string; score: number }>;
  template: Template | null;
}
