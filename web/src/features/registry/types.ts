/** The shapes of the registry and import APIs (src/modules/registry/routes.ts, the routes of src/modules/exchange). */

export type FactValue = string | string[];
export type Sensitivity = 'public' | 'personal' | 'sensitive';

export interface SourceView {
  id: string;
  name: string;
  kind: string;
  department: { code: string; name: string } | null;
}

/** What one source said, when it was true, and the file row or form submission it came from. */
export interface ClaimView {
  value: FactValue;
  source: SourceView;
  observedAt: string;
  recordedAt: string;
  derivedFrom: string | null;
  evidence: {
    importId: string | null;
    fileName: string | null;
    row: number | null;
    submissionId: string | null;
    recordedBy: string | null;
  };
}

export type SurvivorshipReason = 'only_source' | 'most_trusted_source' | 'most_recent' | 'union';

export interface FieldView {
  field: string;
  name: string;
  nameEn: string;
  sensitivity: Sensitivity;
  value: FactValue;
  reason: SurvivorshipReason;
  from: ClaimView[];
  disagreements: ClaimView[];
}

export interface HistoryEntry extends ClaimView {
  field: string;
  current: boolean;
  supersededAt: string | null;
}

export interface LinkedDwelling {
  relation: string;
  dwellingId: string;
  address: string;
  communityCode: string;
}

export interface PersonItem {
  id: string;
  name: string;
  idNumber: string | null;
  sex: string | null;
  birthDate: string | null;
  ethnicity: string | null;
  phone: string | null;
  residenceStatus: string | null;
  tags: string[];
  disabilityGrade: number | null;
  relationToHead: string | null;
  householdId: string | null;
  registrationPlace: string | null;
  dwellingId: string | null;
  address: string | null;
  communityCode: string | null;
  gridCode: string | null;
  /** Present when a department reads under its data-sharing grants. */
  share?: ShareNote;
}

export interface PersonRecord extends PersonItem {
  dwellings: LinkedDwelling[];
  fields: FieldView[];
}

export interface HouseholdRecord {
  id: string;
  householdNumber: string | null;
  registrationType: string | null;
  headPersonId: string | null;
  dwelling: { id: string; address: string | null; communityCode: string | null } | null;
  members: Array<{
    id: string;
    name: string;
    idNumber: string | null;
    sex: string | null;
    birthDate: string | null;
    relationToHead: string | null;
    residenceStatus: string | null;
  }>;
  fields: FieldView[];
  history: HistoryEntry[];
}

export interface DwellingRecord {
  id: string;
  address: string;
  compound: string;
  building: string;
  unit: string;
  room: string;
  communityCode: string;
  gridCode: string | null;
  use: string | null;
  people: Array<{ id: string; name: string; idNumber: string | null; residenceStatus: string | null; householdId: string | null; relations: string[] }>;
  households: Array<{ id: string; householdNumber: string | null; registrationType: string | null; headPersonId: string | null }>;
  organisations: Array<{ id: string; name: string; creditCode: string | null; relation: string }>;
  fields: FieldView[];
  history: HistoryEntry[];
}

export interface PeopleQuery {
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

// ── the data-standards catalogue ───────────────────────────────────────────

export interface CatalogueCode {
  code: string;
  label: string;
  labelEn: string;
}

export interface CatalogueField {
  key: string;
  entity: 'person' | 'household' | 'dwelling' | 'organisation';
  name: string;
  nameEn: string;
  type: string;
  multiple: boolean;
  codes: CatalogueCode[] | null;
}

export interface CatalogueTag {
  code: string;
  name: string;
  nameEn: string;
}

export interface Catalogue {
  fields: CatalogueField[];
  tags: CatalogueTag[];
}

// ── imports and mapping profiles ───────────────────────────────────────────

export type ImportStatus = 'uploaded' | 'validating' | 'validated' | 'applying' | 'completed' | 'failed';

export interface ImportView {
  id: string;
  fileName: string;
  fileSize: number;
  status: ImportStatus;
  jurisdictionCode: string;
  sourceId: string | null;
  profileId: string | null;
  observedAt: string;
  totalRows: number | null;
  validRows: number;
  invalidRows: number;
  warningRows: number;
  appliedRows: number;
  rejectedRows: number;
  heldRows: number;
  /** The current phase's progress: rows validated of all rows, or rows applied of the valid ones. */
  progress: { done: number; total: number };
  stats: Record<string, number>;
  error: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface ProfileSummary {
  id: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  dataset: string;
  version: number;
  updatedAt: string;
}

export interface ProfileDetail extends ProfileSummary {
  text: string;
}

export interface ProfileIssue {
  path: string;
  line: number | null;
  message: string;
}

/** A saved profile, or the text of one being written. */
export type ProfileChoice = { profileId: string } | { text: string };

export interface RowIssue {
  code: string;
  severity: 'error' | 'warning';
  column: string | null;
  field: string | null;
  value: string | null;
  detail?: string;
}

export interface ImportPreview {
  header: string[];
  missingColumns: string[];
  rows: Array<{ row: number; cells: Array<string | null>; record: unknown; issues: RowIssue[] }>;
}

export interface ImportIssues {
  columns: string[];
  lines: Array<Array<string | number | null>>;
  nextAfter: number | null;
}

// ── data sharing ───────────────────────────────────────────────────────────

/** On a record a department reads under its grants: the grants it rests on, and the fields masked or left out. */
export interface ShareNote {
  grants: Array<{ id: string; legalBasis: string }>;
  masked: string[];
  withheld: string[];
}

export type GrantStatus = 'active' | 'expired' | 'not_yet_valid' | 'revoked';

export interface GrantView {
  id: string;
  department: { code: string; name: string };
  fields: string[];
  purpose: string;
  legalBasis: string;
  jurisdiction: { code: string; name: string };
  validFrom: string;
  validUntil: string;
  status: GrantStatus;
  createdAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

export interface GrantInput {
  departmentCode: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  jurisdictionCode: string;
  validFrom: string;
  validUntil: string;
}

export interface GrantableField {
  key: string;
  name: string;
  nameEn: string;
  sensitivity: Sensitivity;
  /** Shown masked when not granted (name, ID number, phone); otherwise left out. */
  maskable: boolean;
}

/** One recorded read of the resident's own data. */
export interface DataAccessEntry {
  id: string;
  at: string;
  action: string;
  purpose: string | null;
  actor: string | null;
  role: string | null;
  department: { code: string; name: string } | null;
  office: string | null;
  legalBasis: string[];
}

// ── record linkage ─────────────────────────────────────────────────────────

export type ReviewStatus = 'pending' | 'same' | 'different' | 'withdrawn';

export interface ComparedField {
  field: 'idNumber' | 'name' | 'birthDate' | 'sex' | 'phone' | 'address';
  registryField: string;
  record: string | null;
  person: string | null;
  /** The agreement level (exact, pinyin, one_off …); null when either side lacks the field. */
  level: string | null;
  /** Bits this field added to (or took from) the match weight. */
  weight: number;
  countedWith: string | null;
}

export interface ReviewView {
  id: string;
  status: ReviewStatus;
  reason: string;
  weight: number;
  probability: number | null;
  priorWeight: number | null;
  veto: unknown;
  detail: string | null;
  source: { id: string; name: string };
  importId: string;
  row: number;
  recordKey: string;
  personId: string;
  personExists: boolean;
  comparison: ComparedField[];
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

export interface MergeView {
  id: string;
  survivorId: string;
  survivorName: string | null;
  mergedId: string;
  mergedName: string | null;
  reason: string;
  mergedAt: string;
  mergedBy: string;
  unmergedAt: string | null;
  unmergedBy: string | null;
  unmergeReason: string | null;
}

export type CorrectionKind = 'id_number_invalid' | 'birth_date_conflicts_with_id' | 'registered_in_two_dwellings';

export interface CorrectionView {
  id: string;
  source: { id: string; name: string };
  importId: string;
  row: number;
  recordKey: string;
  personId: string | null;
  kind: CorrectionKind;
  problem: string;
  field: string;
  value: string | null;
  suggestion: string | null;
  detail: string | null;
  createdAt: string;
}

export interface CorrectionSource {
  id: string;
  name: string;
  items: number;
  latestAt: string;
}
