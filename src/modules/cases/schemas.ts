// Request and response shapes of the case-handling API (the OpenAPI document is generated from these).
import { z } from 'zod';
import { ACTIONS } from './workflow.js';
import { attributeDefinitionSchema } from './attributes.js';
import { METRICS } from './assessment.js';
import { CHANNELS, STATUSES } from './model.js';
import { caseSettingsSchema, stageLimitSchema } from './settings.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDateTime = z.iso.datetime({ offset: true });
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** Statuses as `a,b,c` in a query string. */
const statusList = z
  .string()
  .transform((v) => v.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.enum(STATUSES)).min(1));
const page = { limit: z.coerce.number().int().min(1).max(1000).default(50), offset: z.coerce.number().int().min(0).default(0) };

const lonLat = z.strictObject({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });
const unitRef = z.union([z.strictObject({ departmentCode: text(40) }), z.strictObject({ jurisdictionCode: text(40) })]);

export const caseIdParams = z.object({ caseId: z.string().max(64) });

// ── configuration ─────────────────────────────────────────────────────────

export const categoryView = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['event', 'component', 'livelihood']),
  description: z.string(),
  registrationCondition: z.string(),
  closureCondition: z.string(),
  keywords: z.array(z.string()),
  attributes: z.array(attributeDefinitionSchema),
  public: z.boolean(),
  active: z.boolean(),
  sortOrder: z.number(),
});

export const categoryBody = z.strictObject({
  parentCode: z.string().regex(/^[A-Z0-9]{2,16}$/).nullable(),
  name: text(100),
  kind: z.enum(['event', 'component', 'livelihood']),
  description: z.string().max(2000).optional(),
  registrationCondition: z.string().max(2000).optional(),
  closureCondition: z.string().max(2000).optional(),
  keywords: z.array(text(40)).max(50).optional(),
  attributes: z.array(attributeDefinitionSchema).max(30).optional(),
  public: z.boolean().optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().optional(),
});
export const categoryParams = z.object({ categoryCode: z.string().regex(/^[A-Z0-9]{2,16}$/, 'upper-case letters and digits, 2–16') });

const limitsSchema = z.strictObject({ signFor: stageLimitSchema.optional(), handle: stageLimitSchema.optional() });

const ruleConditions = z.strictObject({ channels: z.array(z.enum(CHANNELS)).min(1).optional(), keywords: z.array(text(40)).min(1).max(20).optional() });
const ruleUnit = z.union([
  z.strictObject({ kind: z.literal('department'), departmentCode: text(40) }),
  z.strictObject({ kind: z.enum(['street', 'community']), jurisdictionCode: text(40).nullable().default(null) }),
]);

export const ruleBody = z.strictObject({
  categoryCode: text(16),
  jurisdictionCode: text(40),
  conditions: ruleConditions.default({}),
  unit: ruleUnit,
  limits: limitsSchema.default({}),
  note: z.string().max(2000).optional(),
  effectiveFrom: isoDateTime.optional(),
});

export const ruleView = z.object({
  id: z.string(),
  ruleKey: z.string(),
  version: z.number(),
  category: z.object({ code: z.string(), name: z.string() }),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  conditions: z.object({ channels: z.array(z.string()).optional(), keywords: z.array(z.string()).optional() }),
  unit: z.object({ kind: z.string(), departmentId: z.string().nullable(), jurisdictionCode: z.string().nullable(), name: z.string() }),
  limits: limitsSchema,
  note: z.string(),
  effectiveFrom: z.string(),
  supersededAt: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const ruleParams = z.object({ ruleKey: z.string().max(20) });
export const ruleListQuery = z.object({ categoryCode: z.string().max(16).optional(), includeHistory: flag.default(false), ...page });

export const ruleProposalBody = z.strictObject({
  categoryCode: text(16).optional().describe("Default: the case's category"),
  jurisdictionCode: text(40).optional().describe('Default: the hub street'),
  conditions: ruleConditions.optional(),
  unit: ruleUnit,
  limits: limitsSchema.optional(),
  reason: text(2000),
});
export const ruleProposalView = z.object({
  id: z.string(),
  case: z.object({ id: z.string(), number: z.string() }),
  category: z.object({ code: z.string(), name: z.string() }),
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  conditions: z.object({ channels: z.array(z.string()).optional(), keywords: z.array(z.string()).optional() }),
  unit: z.object({ kind: z.string(), departmentCode: z.string().optional(), jurisdictionCode: z.string().nullable().optional(), name: z.string() }),
  limits: limitsSchema,
  reason: z.string(),
  status: z.enum(['open', 'accepted', 'declined']),
  proposedBy: z.string(),
  proposedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  rule: z.object({ id: z.string(), ruleKey: z.string(), version: z.number() }).nullable(),
});
export const ruleProposalListQuery = z.object({ status: z.enum(['open', 'accepted', 'declined']).optional(), caseId: z.string().max(64).optional(), ...page });
export const ruleProposalParams = z.object({ proposalId: z.string().max(64) });
export const acceptProposalBody = z.strictObject({ note: z.string().trim().min(1).max(2000).optional() });
export const declineProposalBody = z.strictObject({ reason: text(2000) });

const workingPeriod = z.strictObject({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) });
export const calendarBody = z.strictObject({
  name: text(100),
  utcOffsetMinutes: z.number().int(),
  workingHours: z.array(workingPeriod).min(1).max(6),
  weekendDays: z.array(z.number().int().min(0).max(6)).max(7),
  days: z.array(z.strictObject({ date: z.iso.date(), kind: z.enum(['holiday', 'workday']), name: z.string().max(50).default('') })).max(2000),
});
export const calendarSummaryView = z.object({
  jurisdictionCode: z.string(),
  name: z.string(),
  utcOffsetMinutes: z.number(),
  workingHours: z.array(workingPeriod),
  weekendDays: z.array(z.number()),
  updatedAt: z.string(),
});
export const calendarView = calendarSummaryView.extend({ days: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() })) });

export const settingsView = caseSettingsSchema;
export const settingsPatch = caseSettingsSchema.partial();

// ── intake ────────────────────────────────────────────────────────────────

export const intakeBody = z.strictObject({
  categoryCode: text(16),
  // Stored as given and always returned as data (JSON strings, escaped XML), never as markup.
  description: z.string().min(1).max(4000),
  channel: z.enum(CHANNELS).optional(),
  location: lonLat.optional(),
  address: z.string().trim().min(1).max(300).optional(),
  jurisdictionCode: text(40).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
  reporter: z
    .strictObject({
      name: text(50).optional(),
      phone: z.string().trim().regex(/^[0-9+\- ]{3,20}$/, 'digits, +, - and spaces').optional(),
      email: z.email().max(200).optional(),
    })
    .optional(),
});

const duplicateView = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  distanceMetres: z.number(),
  submittedAt: z.string(),
});

const responsibleUnitView = z.object({ kind: z.string(), departmentId: z.string().nullable(), jurisdictionCode: z.string().nullable(), name: z.string() });

export const intakeView = z.object({
  id: z.string(),
  number: z.string(),
  token: z.string().nullable(),
  status: z.literal('submitted'),
  place: z.object({ gridCode: z.string().nullable(), communityCode: z.string().nullable(), communityName: z.string().nullable(), streetCode: z.string().nullable() }),
  unit: responsibleUnitView,
  routingExplanation: z.string(),
  possibleDuplicates: z.array(duplicateView),
});

export const duplicatesQuery = z.object({ categoryCode: text(16), lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) });
export const duplicatesView = z.object({ items: z.array(duplicateView) });

// ── lists and details ─────────────────────────────────────────────────────

export const caseListQuery = z.object({
  status: statusList.optional(),
  categoryCode: z.string().max(16).optional(),
  channel: z.enum(CHANNELS).optional(),
  jurisdictionCode: z.string().max(40).optional(),
  mine: flag.optional(),
  summoned: flag.optional(),
  overdue: flag.optional(),
  escalated: flag.optional(),
  supervised: flag.optional(),
  reportedByMe: flag.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  submittedFrom: isoDateTime.optional(),
  submittedTo: isoDateTime.optional(),
  sort: z.enum(['submitted_desc', 'due_asc', 'updated_desc']).default('submitted_desc'),
  ...page,
});
export const caseMapQuery = z.object({
  from: isoDateTime,
  to: isoDateTime,
  jurisdictionCode: z.string().max(40).optional(),
  categoryCode: z.string().max(16).optional(),
  status: statusList.optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(50_000),
});
export const caseMapView = z.object({
  fields: z.tuple([z.literal('id'), z.literal('categoryCode'), z.literal('status'), z.literal('lon'), z.literal('lat')]),
  items: z.array(z.tuple([z.string(), z.string(), z.string(), z.number(), z.number()])).describe('One row per case, in the order of `fields`'),
  truncated: z.boolean(),
});
export const myCaseListQuery = z.object({ status: statusList.optional(), ...page });

const caseListItemView = z.object({
  id: z.string(),
  number: z.string(),
  category: z.object({ code: z.string(), name: z.string() }),
  summary: z.string(),
  status: z.enum(STATUSES),
  channel: z.enum(CHANNELS),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  place: z.object({ gridCode: z.string().nullable(), communityCode: z.string().nullable(), communityName: z.string().nullable(), streetCode: z.string().nullable() }),
  unit: z.object({ kind: z.string(), name: z.string() }).nullable(),
  nextDueAt: z.string().nullable(),
  nextDeadline: z
    .object({
      stage: z.string(),
      unitName: z.string(),
      limit: z.record(z.string(), z.unknown()),
      dueAt: z.string(),
      warnAt: z.string(),
      state: z.enum(['on_time', 'warning', 'overdue']),
    })
    .nullable()
    .describe("The running clock due first (null when none runs, and on a resident's own list)"),
  overdue: z.boolean(),
  escalationLevel: z.number(),
  supervised: z.boolean(),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
export const caseListView = z.object({ items: z.array(caseListItemView), total: z.number(), limit: z.number(), offset: z.number() });

const attachmentView = z.object({
  id: z.string(),
  purpose: z.enum(['report', 'evidence', 'whistle', 'rectification']),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  /** 1, 2, 3… on the case in upload order; lists are in this order. */
  position: z.number().int(),
  url: z.string(),
});

const ratingView = z.object({
  id: z.string(),
  round: z.number(),
  source: z.enum(['reporter', 'callback']),
  mode: z.enum(['online', 'offline']),
  overall: z.number(),
  indicators: z.record(z.string(), z.number()),
  solved: z.boolean(),
  contacted: z.boolean(),
  comment: z.string().nullable(),
  unitName: z.string().nullable(),
  at: z.string(),
});

const jurisdictionRef = z.object({ code: z.string(), name: z.string() }).nullable();

export const caseDetailView = z.object({
  id: z.string(),
  number: z.string(),
  category: z.object({ code: z.string(), name: z.string() }),
  description: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  place: z.object({ grid: jurisdictionRef, community: jurisdictionRef, street: jurisdictionRef, hubCode: z.string() }),
  unit: responsibleUnitView.nullable(),
  routing: z.object({
    ruleId: z.string().nullable(),
    ruleKey: z.string().nullable(),
    ruleVersion: z.number().nullable(),
    hub: z.boolean(),
    outranked: z.array(z.unknown()),
    explanation: z.string(),
    openProposalId: z.string().nullable().describe('A rule proposed from this case, waiting for a decision'),
  }),
  limits: z.record(z.string(), z.unknown()),
  result: z.string().nullable(),
  declineReason: z.string().nullable(),
  mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
  suspensionRequest: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  counts: z.object({ returns: z.number(), reopens: z.number(), reworks: z.number() }),
  escalationLevel: z.number(),
  supervisedAt: z.string().nullable(),
  nextDueAt: z.string().nullable(),
  overdue: z.boolean(),
  ratingInvitedAt: z.string().nullable(),
  mediaUrl: z.string().nullable(),
  reporters: z.array(z.object({ id: z.string(), name: z.string().nullable(), registered: z.boolean(), viaCaseId: z.string().nullable() })),
  times: z.object({
    submittedAt: z.string(),
    registeredAt: z.string().nullable(),
    dispatchedAt: z.string().nullable(),
    signedForAt: z.string().nullable(),
    handledAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
  }),
  deadlines: z.array(
    z.object({
      id: z.string(),
      stage: z.string(),
      unitName: z.string(),
      limit: z.record(z.string(), z.unknown()),
      startedAt: z.string(),
      dueAt: z.string(),
      warnAt: z.string(),
      warnedAt: z.string().nullable(),
      metAt: z.string().nullable(),
      outcome: z.enum(['met', 'cancelled']).nullable(),
      overdue: z.boolean(),
      escalationLevel: z.number(),
    }),
  ),
  escalations: z.array(z.object({ id: z.string(), stage: z.string(), level: z.number(), toJurisdictionCode: z.string(), at: z.string() })),
  supervisions: z.array(z.object({ id: z.string(), issuedBy: z.string(), issuedAt: z.string(), note: z.string(), automatic: z.boolean() })),
  timeline: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      action: z.string(),
      fromStatus: z.string().nullable(),
      toStatus: z.string().nullable(),
      actor: z.object({ kind: z.string(), name: z.string(), role: z.string().nullable() }),
      note: z.string().nullable(),
      public: z.boolean(),
      details: z.unknown(),
    }),
  ),
  attachments: z.array(attachmentView),
  whistles: z.array(
    z.object({
      id: z.string(),
      jurisdictionCode: z.string(),
      reason: z.string(),
      blownBy: z.string(),
      blownAt: z.string(),
      summons: z.array(
        z.object({
          id: z.string(),
          department: z.object({ id: z.string(), code: z.string(), name: z.string() }),
          reportDueAt: z.string(),
          reportedAt: z.string().nullable(),
          reportedOnTime: z.boolean().nullable(),
          reportedBy: z.string().nullable(),
          reportNote: z.string().nullable(),
          actedAt: z.string().nullable(),
          actedBy: z.string().nullable(),
          actionNote: z.string().nullable(),
          score: z.number().nullable(),
          scoreNote: z.string().nullable(),
          scoredAt: z.string().nullable(),
          scoredBy: z.string().nullable(),
        }),
      ),
    }),
  ),
  ratings: z.array(ratingView),
  rectifications: z.array(
    z.object({
      id: z.string(),
      ratingId: z.string(),
      unitName: z.string(),
      openedAt: z.string(),
      dueAt: z.string(),
      rectifiedAt: z.string().nullable(),
      rectifiedBy: z.string().nullable(),
      rectificationNote: z.string().nullable(),
      callbackAt: z.string().nullable(),
      callbackBy: z.string().nullable(),
      callbackNote: z.string().nullable(),
      callbackSatisfied: z.boolean().nullable(),
    }),
  ),
  myRoles: z.array(z.string()),
  availableActions: z.array(z.enum(ACTIONS)),
  can: z.object({
    whistle: z.boolean(),
    supervise: z.boolean(),
    recordCallbackRating: z.boolean(),
    attachEvidence: z.boolean(),
    answerSummons: z.array(z.string()),
    rectify: z.array(z.string()),
    proposeRule: z.boolean().describe('The case was not covered by the list, no proposal from it is waiting, and the caller is staff of its hub street'),
  }),
});

export const reportersView = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string().nullable(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      deviceId: z.string().nullable(),
      accountId: z.string().nullable(),
      viaCaseId: z.string().nullable(),
      addedAt: z.string(),
    }),
  ),
});

export const myCaseView = z.object({
  id: z.string(),
  number: z.string(),
  category: z.object({ code: z.string(), name: z.string() }),
  description: z.string(),
  status: z.enum(STATUSES),
  location: lonLat.nullable(),
  address: z.string().nullable(),
  unitName: z.string().nullable(),
  result: z.string().nullable(),
  mergedIntoNumber: z.string().nullable(),
  submittedAt: z.string(),
  handledAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  reopenUntil: z.string().nullable(),
  ratingInvitedAt: z.string().nullable(),
  timeline: z.array(z.object({ id: z.number(), at: z.string(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), note: z.string().nullable() })),
  attachments: z.array(attachmentView),
  myRatings: z.array(ratingView),
  availableActions: z.array(z.union([z.enum(ACTIONS), z.literal('rate')])),
});

// ── actions ───────────────────────────────────────────────────────────────

const note = z.string().trim().min(1).max(2000).optional();
const reason = text(2000);

export const transitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('register'), note }),
  z.strictObject({ action: z.literal('decline'), reason }),
  z.strictObject({ action: z.literal('merge'), intoCaseId: z.string().max(64), note }),
  z.strictObject({ action: z.literal('dispatch'), unit: unitRef.optional(), reason: reason.optional(), note }),
  z.strictObject({ action: z.literal('sign_for'), note }),
  z.strictObject({ action: z.literal('start'), note }),
  z.strictObject({ action: z.literal('return'), reason }),
  z.strictObject({ action: z.literal('reassign'), unit: unitRef, reason }),
  z.strictObject({ action: z.literal('send_back'), reason }),
  z.strictObject({ action: z.literal('request_suspension'), reason }),
  z.strictObject({ action: z.literal('approve_suspension'), note }),
  z.strictObject({ action: z.literal('reject_suspension'), reason }),
  z.strictObject({ action: z.literal('resume'), note }),
  z.strictObject({ action: z.literal('handle'), result: text(4000), evidenceAttachmentIds: z.array(z.string().max(64)).max(20).optional() }),
  z.strictObject({ action: z.literal('verify'), note }),
  z.strictObject({ action: z.literal('confirm'), note }),
  z.strictObject({ action: z.literal('reject_handling'), reason }),
  z.strictObject({ action: z.literal('close'), note }),
  z.strictObject({ action: z.literal('reopen'), reason }),
]);

export const reporterTransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('confirm'), note }),
  z.strictObject({ action: z.literal('reject_handling'), reason }),
  z.strictObject({ action: z.literal('reopen'), reason }),
]);

export const transitionView = z.object({ id: z.string(), number: z.string(), status: z.enum(STATUSES), action: z.enum(ACTIONS) });

export const whistleBody = z.strictObject({ departmentCodes: z.array(text(40)).min(1).max(20), reason, reportWithin: stageLimitSchema.optional() });
export const whistleView = z.object({
  id: z.string(),
  summons: z.array(z.object({ id: z.string(), departmentCode: z.string(), departmentName: z.string(), reportDueAt: z.string() })),
});
export const summonsParams = caseIdParams.extend({ summonsId: z.string().max(64) });
export const noteBody = z.strictObject({ note: text(2000) });
export const summonsScoreBody = z.strictObject({ score: z.number().int().min(1).max(5), note });

const ratingFields = {
  overall: z.number().int().min(1).max(5),
  indicators: z.record(z.string(), z.number().int().min(1).max(5)).optional(),
  solved: z.boolean(),
  contacted: z.boolean(),
  comment: z.string().trim().max(2000).optional(),
};
export const ratingBody = z.strictObject(ratingFields);
export const callbackRatingBody = z.strictObject({ ...ratingFields, reporterId: z.string().max(64) });
export const ratingResultView = z.object({ ratingId: z.string(), rectificationId: z.string().nullable() });
export const rectificationParams = caseIdParams.extend({ rectificationId: z.string().max(64) });
export const callbackBody = z.strictObject({ note: text(2000), satisfied: z.boolean() });

export const attachmentParams = caseIdParams.extend({ attachmentId: z.string().max(64) });
export const attachmentsCreatedView = z.object({ attachmentIds: z.array(z.string()) });

// ── assessment ────────────────────────────────────────────────────────────

export const assessmentQuery = z.object({ from: isoDateTime, to: isoDateTime, groupBy: z.enum(['unit', 'street', 'community']).default('unit') });
const rateView = z.object({ numerator: z.number(), denominator: z.number(), value: z.number().nullable() });
export const assessmentView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  groupBy: z.enum(['unit', 'street', 'community']),
  weights: z.object({ responseRate: z.number(), resolutionRate: z.number(), satisfactionRate: z.number() }),
  minCasesToRank: z.number(),
  definitions: z.record(z.enum(METRICS), z.object({ name: z.string(), nameEn: z.string(), definition: z.string(), definitionEn: z.string() })),
  overall: z
    .object({ cases: z.number(), rates: z.record(z.enum(METRICS), rateView), composite: z.number().nullable() })
    .describe('Every case of the selection together (all groups and cases in none), by the same definitions; not ranked'),
  groups: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      cases: z.number(),
      rates: z.record(z.enum(METRICS), rateView),
      composite: z.number().nullable(),
      rank: z.number().nullable(),
    }),
  ),
});
export const topProblemsQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  groupBy: z.enum(['street', 'community']).default('community'),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
export const topProblemsView = z.object({
  month: z.string(),
  groupBy: z.enum(['street', 'community']),
  areas: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      cases: z.number(),
      problems: z.array(z.object({ categoryCode: z.string(), categoryName: z.string(), cases: z.number(), share: z.number() })),
    }),
  ),
  whistledByCategory: z.array(z.object({ categoryCode: z.string(), cases: z.number() })),
});
