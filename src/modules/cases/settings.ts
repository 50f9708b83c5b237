// The tunable numbers of case handling, with defaults from published local
// practice (standards.md). Cities change them through the settings API; the
// stored values are validated against the same schema as the defaults.
import { z } from 'zod';

export const stageLimitSchema = z.union([
  z.strictObject({ hours: z.number().positive().max(100_000), natural: z.boolean().optional() }),
  z.strictObject({ days: z.number().positive().max(5_000), natural: z.boolean().optional() }),
  z.strictObject({ minutes: z.number().positive().max(6_000_000), natural: z.boolean().optional() }),
]);

export const caseSettingsSchema = z.strictObject({
  /** Open cases of the same category within this distance are offered as possible duplicates. */
  duplicateRadiusMetres: z.number().int().min(1).max(5_000),
  /** Limits used when the responsibility list gives none, and for stages it does not cover. */
  stageLimits: z.strictObject({
    register: stageLimitSchema,
    signFor: stageLimitSchema,
    handle: stageLimitSchema,
    returnDecision: stageLimitSchema,
    verify: stageLimitSchema,
    whistleReport: stageLimitSchema,
    rectification: stageLimitSchema,
  }),
  /** Warn when this share of a stage's limit has passed. */
  warnAtFraction: z.number().gt(0).lt(1),
  /** An overdue stage climbs one level (community → street → district) per step overdue. */
  escalationStep: stageLimitSchema,
  /** How long after closure the reporter may reopen a case. */
  reopenWindow: stageLimitSchema,
  /** How long after handling an unrated case gets an invitation to rate. */
  ratingInvitationDelay: stageLimitSchema,
  assessmentWeights: z.strictObject({
    responseRate: z.number().min(0),
    resolutionRate: z.number().min(0),
    satisfactionRate: z.number().min(0),
  }),
  /** A unit, street or community with fewer cases in the period is listed but not ranked. */
  minCasesToRank: z.number().int().min(1),
  attachmentMaxBytes: z.number().int().min(1024).max(50 * 1024 * 1024),
  attachmentMaxFiles: z.number().int().min(1).max(20),
});

export type CaseSettings = z.infer<typeof caseSettingsSchema>;

export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  duplicateRadiusMetres: 100,
  stageLimits: {
    register: { hours: 2 },
    signFor: { hours: 2 },
    // Hotline practice: general requests 7 days.
    handle: { days: 7 },
    returnDecision: { hours: 4 },
    verify: { days: 1 },
    whistleReport: { hours: 4 },
    // 好差评: a negative rating is rectified and answered within 5 working days.
    rectification: { days: 5 },
  },
  warnAtFraction: 0.75,
  escalationStep: { days: 1 },
  reopenWindow: { days: 7, natural: true },
  ratingInvitationDelay: { days: 3, natural: true },
  assessmentWeights: { responseRate: 30, resolutionRate: 35, satisfactionRate: 35 },
  minCasesToRank: 10,
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentMaxFiles: 9,
};

/** Defaults overlaid with whatever is stored. */
export function mergeSettings(stored: Partial<Record<string, unknown>>): CaseSettings {
  return caseSettingsSchema.parse({ ...DEFAULT_CASE_SETTINGS, ...stored });
}
