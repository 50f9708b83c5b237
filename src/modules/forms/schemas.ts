// Request and response shapes of the collection-form API (the OpenAPI document is generated from these).
import { z } from 'zod';
import { FORM_SUBJECTS } from './engine/index.js';

const page = { limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0) };
const message = z.object({ zh: z.string(), en: z.string() });
const localized = z.object({ zh: z.string().optional(), en: z.string().optional() });
const registryValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
const SUBMISSION_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
const CONFLICT_STATUSES = ['open', 'answer_recorded', 'registry_kept'] as const;

export const formIdParams = z.object({ formId: z.uuid() });
export const submissionIdParams = z.object({ submissionId: z.uuid() });
export const conflictIdParams = z.object({ conflictId: z.uuid() });

export const formSummary = z.object({
  id: z.string(),
  formKey: z.string(),
  version: z.number(),
  title: z.string(),
  specVersion: z.string().nullable(),
  status: z.enum(['active', 'retired']),
  subjectType: z.enum(FORM_SUBJECTS),
  ownerDepartment: z.object({ code: z.string(), name: z.string() }),
  fileName: z.string().nullable(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  questionCount: z.number(),
  bindings: z.array(z.object({ question: z.string(), field: z.string() })),
});

export const publishOutcome = z.object({
  form: formSummary,
  created: z.boolean(),
  unmappedChoices: z.array(z.object({ question: z.string(), field: z.string(), choices: z.array(z.string()) })),
});

export const formsQuery = z.object({ status: z.enum(['active', 'retired', 'all']).default('active') });
export const uploadQuery = z.object({ departmentCode: z.string().trim().min(1).max(40).optional() });

/** The spec as stored (docs/forms.md): checked when it was published, so it is passed through as is. */
const spec = z.unknown().describe('the form spec: settings, survey and choices sheets as JSON');

export const formWithSpec = formSummary.extend({ spec });

const recordId = z.string().trim().min(1).max(64);
/** The record the form is opened on: one of the three, the kind the form is for. */
export const openBody = z
  .strictObject({ personId: recordId.optional(), householdId: recordId.optional(), dwellingId: recordId.optional() })
  .refine((body) => [body.personId, body.householdId, body.dwellingId].filter((id) => id !== undefined).length === 1, {
    message: 'name the record to open the form on: one of personId, householdId or dwellingId',
  });
/** Answers keyed by question name; the engine reads whatever arrives and reports what does not fit. */
export const answersBody = z.strictObject({ answers: z.record(z.string(), z.unknown()) });
export const approveBody = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export const returnBody = z.strictObject({ comment: z.string().trim().min(1).max(2000) });
export const resolveBody = z.strictObject({
  resolution: z.enum(['record_answer', 'keep_registry']),
  comment: z.string().trim().max(2000).optional(),
});

export const submissionsQuery = z.object({
  /** Statuses as `a,b`. */
  status: z
    .string()
    .transform((v) => v.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(SUBMISSION_STATUSES)))
    .default([]),
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  formId: z.uuid().optional(),
  ...page,
});

export const conflictsQuery = z.object({ status: z.enum([...CONFLICT_STATUSES, 'all']).default('open'), ...page });

export const submissionSummary = z.object({
  id: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  form: z.object({ id: z.string(), formKey: z.string(), title: z.string(), version: z.number() }),
  subject: z.object({ type: z.enum(FORM_SUBJECTS), id: z.string(), name: z.string().nullable(), address: z.string().nullable() }),
  worker: z.object({ id: z.string(), name: z.string() }),
  openedAt: z.string(),
  savedAt: z.string(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewer: z.string().nullable(),
});

export const conflictView = z.object({
  id: z.string(),
  submissionId: z.string(),
  status: z.enum(CONFLICT_STATUSES),
  form: z.object({ id: z.string(), title: z.string() }),
  subject: z.object({ type: z.enum(FORM_SUBJECTS), id: z.string(), name: z.string().nullable() }),
  question: z.string(),
  questionLabel: localized,
  field: z.string(),
  answer: registryValue,
  openedValue: registryValue,
  currentValue: registryValue,
  worker: z.string(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionComment: z.string().nullable(),
});

export const submissionView = submissionSummary.extend({
  spec,
  prefill: z.record(z.string(), z.object({ value: registryValue, source: z.string(), asOf: z.string() })),
  prefillLabels: z.record(z.string(), z.record(z.string(), message)),
  answers: z.record(z.string(), z.unknown()),
  events: z.array(z.object({ action: z.enum(['opened', 'submitted', 'returned', 'approved']), actor: z.string(), at: z.string(), comment: z.string().nullable() })),
  writeBack: z
    .object({
      written: z.array(z.object({ question: z.string(), field: z.string(), value: registryValue })),
      conflicts: z.number(),
      notWritten: z.array(z.object({ question: z.string(), field: z.string(), values: z.array(z.string()) })),
    })
    .nullable(),
  conflicts: z.array(conflictView),
  canEdit: z.boolean(),
  canReview: z.boolean(),
  serverTime: z.string(),
});

export const savedDraft = z.object({ savedAt: z.string(), answers: z.record(z.string(), z.unknown()) });
export const reviewCounts = z.object({ submitted: z.number(), conflicts: z.number() });

export const formListResponse = z.object({ items: z.array(formSummary) });
export const submissionListResponse = z.object({ items: z.array(submissionSummary) });
export const conflictListResponse = z.object({ items: z.array(conflictView) });
