/**
 * The shapes of the case-handling API, as src/modules/cases/schemas.ts
 * declares them (that file is the contract; these mirror it by hand so the
 * browser bundle carries no server code or zod).
 */

const CASE_STATUSES = [
  'submitted',
  'registered',
  'not_registered',
  'dispatched',
  'signed_for',
  'in_progress',
  'suspended',
  'returned',
  'handled',
  'verified',
  'closed',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Reported and not yet handled: still with the hub or the responsible unit. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'registered', 'dispatched', 'signed_for', 'in_progress', 'suspended', 'returned'];

/** No further work is expected in these states (a closed case may still be reopened by its reporter). */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['not_registered', 'closed', 'merged'];

const CHANNELS = ['resident', 'patrol', 'hotline', 'party_reception', 'api', 'open311'] as const;
export type Channel = (typeof CHANNELS)[number];

const CASE_ACTIONS = [
  'register',
  'decline',
  'merge',
  'dispatch',
  'sign_for',
  'start',
  'return',
  'reassign',
  'send_back',
  'request_suspension',
  'approve_suspension',
  'reject_suspension',
  'resume',
  'handle',
  'verify',
  'confirm',
  'reject_handling',
  'close',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const STAGES = ['register', 'sign_for', 'handle', 'return_decision', 'verify', 'whistle_report', 'rectification'] as const;
export type Stage = (typeof STAGES)[number];

export interface LonLat {
  lon: number;
  lat: number;
}

// ── taxonomy ──────────────────────────────────────────────────────────────

type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeDefinition {
  code: string;
  /** false for an informational line that asks nothing. */
  variable: boolean;
  datatype: AttributeDatatype;
  required: boolean;
  datatypeDescription: string;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

export type AttributeAnswer = string | number | string[];

export interface Category {
  code: string;
  parentCode: string | null;
  name: string;
  kind: 'event' | 'component' | 'livelihood';
  description: string;
  registrationCondition: string;
  closureCondition: string;
  keywords: string[];
  attributes: AttributeDefinition[];
  public: boolean;
  active: boolean;
  sortOrder: number;
}

// ── intake ────────────────────────────────────────────────────────────────

export interface IntakeBody {
  categoryCode: string;
  description: string;
  channel?: Channel;
  location?: LonLat;
  address?: string;
  jurisdictionCode?: string;
  attributes?: Record<string, AttributeAnswer>;
}

export interface PossibleDuplicate {
  id: string;
  number: string;
  status: string;
  categoryCode: string;
  categoryName: string;
  distanceMetres: number;
  submittedAt: string;
}

interface ResponsibleUnit {
  kind: string;
  departmentId: string | null;
  jurisdictionCode: string | null;
  name: string;
}

export interface IntakeResult {
  id: string;
  number: string;
  status: 'submitted';
  place: { gridCode: string | null; communityCode: string | null; communityName: string | null; streetCode: string | null };
  unit: ResponsibleUnit;
  routingExplanation: string;
  possibleDuplicates: PossibleDuplicate[];
}

// ── lists ─────────────────────────────────────────────────────────────────

export interface CaseListItem {
  id: string;
  number: string;
  category: { code: string; name: string };
  summary: string;
  status: CaseStatus;
  channel: Channel;
  location: LonLat | null;
  address: string | null;
  place: { gridCode: string | null; communityCode: string | null; communityName: string | null; streetCode: string | null };
  unit: { kind: string; name: string } | null;
  nextDueAt: string | null;
  /** The running clock due first; null when none runs (and on a resident's own list). */
  nextDeadline: NextDeadline | null;
  overdue: boolean;
  escalationLevel: number;
  supervised: boolean;
  submittedAt: string;
  updatedAt: string;
}

/** The next running limit of a case, on a list row. */
export interface NextDeadline {
  stage: Stage;
  unitName: string;
  limit: DeadlineLimit;
  dueAt: string;
  warnAt: string;
  state: 'on_time' | 'warning' | 'overdue';
}

/** GET /case-map: compact rows in the order of `fields`. */
export interface CaseMap {
  fields: ['id', 'categoryCode', 'status', 'lon', 'lat'];
  items: Array<[id: string, categoryCode: string, status: CaseStatus, lon: number, lat: number]>;
  truncated: boolean;
}

/** One case on a map. */
export interface MapCase {
  id: string;
  categoryCode: string;
  status: CaseStatus;
  location: LonLat;
}

export interface CaseList {
  items: CaseListItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface CaseListQuery {
  status?: readonly CaseStatus[];
  categoryCode?: string;
  channel?: Channel;
  jurisdictionCode?: string;
  mine?: boolean;
  summoned?: boolean;
  overdue?: boolean;
  escalated?: boolean;
  supervised?: boolean;
  reportedByMe?: boolean;
  q?: string;
  submittedFrom?: string;
  submittedTo?: string;
  sort?: 'submitted_desc' | 'due_asc' | 'updated_desc';
  limit?: number;
  offset?: number;
}

// ── a case in full ────────────────────────────────────────────────────────

export interface Attachment {
  id: string;
  purpose: 'report' | 'evidence' | 'whistle' | 'rectification';
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  /** 1, 2, 3… on the case in upload order; attachments come in this order. */
  position: number;
  url: string;
}

export interface Rating {
  id: string;
  round: number;
  source: 'reporter' | 'callback';
  mode: 'online' | 'offline';
  overall: number;
  indicators: Record<string, number>;
  solved: boolean;
  contacted: boolean;
  comment: string | null;
  unitName: string | null;
  at: string;
}

/** A stage limit as the deadline records it, with the calendar it ran on (`default` when none was set). */
export interface DeadlineLimit {
  hours?: number;
  days?: number;
  minutes?: number;
  natural?: boolean;
  calendar?: string;
}

export interface Deadline {
  id: string;
  stage: Stage;
  unitName: string;
  limit: DeadlineLimit;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  warnedAt: string | null;
  metAt: string | null;
  outcome: 'met' | 'cancelled' | null;
  overdue: boolean;
  escalationLevel: number;
}

interface StaffTimelineEvent {
  id: number;
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actor: { kind: string; name: string; role: string | null };
  note: string | null;
  public: boolean;
}

export interface Summons {
  id: string;
  department: { id: string; code: string; name: string };
  reportDueAt: string;
  reportedAt: string | null;
  reportedOnTime: boolean | null;
  reportedBy: string | null;
  reportNote: string | null;
  actedAt: string | null;
  actedBy: string | null;
  actionNote: string | null;
  score: number | null;
  scoreNote: string | null;
  scoredAt: string | null;
  scoredBy: string | null;
}

export interface Whistle {
  id: string;
  jurisdictionCode: string;
  reason: string;
  blownBy: string;
  blownAt: string;
  summons: Summons[];
}

export interface Rectification {
  id: string;
  ratingId: string;
  unitName: string;
  openedAt: string;
  dueAt: string;
  rectifiedAt: string | null;
  rectifiedBy: string | null;
  rectificationNote: string | null;
  callbackAt: string | null;
  callbackBy: string | null;
  callbackNote: string | null;
  callbackSatisfied: boolean | null;
}

type PlaceRef = { code: string; name: string } | null;

export interface CaseDetail {
  id: string;
  number: string;
  category: { code: string; name: string };
  description: string;
  attributes: Record<string, unknown>;
  channel: Channel;
  status: CaseStatus;
  location: LonLat | null;
  address: string | null;
  place: { grid: PlaceRef; community: PlaceRef; street: PlaceRef; hubCode: string };
  unit: ResponsibleUnit | null;
  routing: {
    ruleId: string | null;
    ruleKey: string | null;
    ruleVersion: number | null;
    hub: boolean;
    explanation: string;
    /** A rule proposed from this case, waiting for a decision. */
    openProposalId: string | null;
  };
  result: string | null;
  declineReason: string | null;
  mergedInto: { id: string; number: string } | null;
  suspensionRequest: { reason: string; by: string; at: string } | null;
  counts: { returns: number; reopens: number; reworks: number };
  escalationLevel: number;
  supervisedAt: string | null;
  nextDueAt: string | null;
  overdue: boolean;
  reporters: Array<{ id: string; name: string | null; registered: boolean; viaCaseId: string | null }>;
  times: {
    submittedAt: string;
    registeredAt: string | null;
    dispatchedAt: string | null;
    signedForAt: string | null;
    handledAt: string | null;
    verifiedAt: string | null;
    closedAt: string | null;
    updatedAt: string;
  };
  deadlines: Deadline[];
  escalations: Array<{ id: string; stage: string; level: number; toJurisdictionCode: string; at: string }>;
  supervisions: Array<{ id: string; issuedBy: string; issuedAt: string; note: string; automatic: boolean }>;
  timeline: StaffTimelineEvent[];
  attachments: Attachment[];
  whistles: Whistle[];
  ratings: Rating[];
  rectifications: Rectification[];
  myRoles: string[];
  availableActions: CaseAction[];
  /** What else the caller may do here, as the server judges it. */
  can: {
    whistle: boolean;
    supervise: boolean;
    recordCallbackRating: boolean;
    attachEvidence: boolean;
    answerSummons: string[];
    rectify: string[];
    /** The list did not cover the case, and the caller is staff of its hub street. */
    proposeRule: boolean;
  };
}

/** A unit as a rule names it: a department or external body, or a street or community (none: the case's own). */
export type RuleUnit = { kind: 'department'; departmentCode: string } | { kind: 'street' | 'community'; jurisdictionCode: string | null };

/** A rule proposed by the hub street from an uncovered case, for whoever maintains the responsibility list. */
export interface RuleProposal {
  id: string;
  case: { id: string; number: string };
  category: { code: string; name: string };
  jurisdiction: { code: string; name: string };
  conditions: { channels?: string[]; keywords?: string[] };
  unit: RuleUnit & { name: string };
  limits: { signFor?: DeadlineLimit; handle?: DeadlineLimit };
  reason: string;
  status: 'open' | 'accepted' | 'declined';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  rule: { id: string; ruleKey: string; version: number } | null;
}

export interface MyCase {
  id: string;
  number: string;
  category: { code: string; name: string };
  description: string;
  status: CaseStatus;
  location: LonLat | null;
  address: string | null;
  unitName: string | null;
  result: string | null;
  mergedIntoNumber: string | null;
  submittedAt: string;
  handledAt: string | null;
  closedAt: string | null;
  reopenUntil: string | null;
  ratingInvitedAt: string | null;
  timeline: Array<{ id: number; at: string; action: string; fromStatus: string | null; toStatus: string | null; note: string | null }>;
  attachments: Attachment[];
  myRatings: Rating[];
  availableActions: Array<CaseAction | 'rate'>;
}

// ── actions ───────────────────────────────────────────────────────────────

export type UnitRef = { departmentCode: string } | { jurisdictionCode: string };

/** The body of POST …/transitions: the action and what it needs. */
export type TransitionBody =
  | { action: 'register' | 'sign_for' | 'start' | 'approve_suspension' | 'resume' | 'verify' | 'confirm' | 'close'; note?: string }
  | { action: 'decline' | 'return' | 'send_back' | 'request_suspension' | 'reject_suspension' | 'reject_handling' | 'reopen'; reason: string }
  | { action: 'merge'; intoCaseId: string; note?: string }
  | { action: 'dispatch'; unit?: UnitRef; reason?: string; note?: string }
  | { action: 'reassign'; unit: UnitRef; reason: string }
  | { action: 'handle'; result: string; evidenceAttachmentIds?: string[] };

export interface RatingInput {
  overall: number;
  indicators?: Record<string, number>;
  solved: boolean;
  contacted: boolean;
  comment?: string;
}

/** Sub-indicators of a resident's own (online) evaluation, GB/T 39734-2020. */
export const ONLINE_INDICATORS = ['efficiency', 'guideAccuracy', 'convenience', 'usability'] as const;
export type OnlineIndicator = (typeof ONLINE_INDICATORS)[number];

/** The five levels, best first. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

// ── assessment ────────────────────────────────────────────────────────────

export const METRICS = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeSignForRate', 'onTimeCompletionRate', 'returnRate', 'reopenRate'] as const;
export type Metric = (typeof METRICS)[number];
export const THREE_RATES = ['responseRate', 'resolutionRate', 'satisfactionRate'] as const satisfies readonly Metric[];

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

export type AssessmentGrouping = 'unit' | 'street' | 'community';

export interface MetricDefinition {
  name: string;
  nameEn: string;
  definition: string;
  definitionEn: string;
}

export interface AssessmentGroup {
  key: string;
  name: string;
  cases: number;
  rates: Record<Metric, Rate>;
  composite: number | null;
  rank: number | null;
}

export interface Assessment {
  period: { from: string; to: string };
  groupBy: AssessmentGrouping;
  weights: { responseRate: number; resolutionRate: number; satisfactionRate: number };
  minCasesToRank: number;
  definitions: Record<Metric, MetricDefinition>;
  /** Every case of the selection together, by the same definitions; never ranked. */
  overall: Pick<AssessmentGroup, 'cases' | 'rates' | 'composite'>;
  groups: AssessmentGroup[];
}

// ── working calendars ─────────────────────────────────────────────────────

export interface CalendarSummary {
  jurisdictionCode: string;
  name: string;
  utcOffsetMinutes: number;
  workingHours: Array<{ start: string; end: string }>;
  weekendDays: number[];
  updatedAt: string;
}

export interface CalendarView extends CalendarSummary {
  days: Array<{ date: string; kind: 'holiday' | 'workday'; name: string }>;
}
