// The shapes the API answers with, from repository rows.
import type { Scope } from '../../kernel/access/access.js';
import type { Disclosure } from '../registry/disclosure.js';
import { catalogueFieldOf, type FormBindings } from './bindings.js';
import type { FormSpec, Message, PrefillSnapshot, QuestionNode, RegistryValue } from './engine/index.js';
import type { ConflictRow, FormRow, SubmissionRow } from './repo.js';
import type { SubmissionAction } from './schema.js';

export function presentForm(form: FormRow) {
  const spec = form.spec;
  return {
    id: form.id,
    formKey: form.form_key,
    version: form.version,
    title: form.title,
    /** The author's own version label (settings.version), beside the platform's version number. */
    specVersion: spec.settings.version ?? null,
    status: form.status,
    subjectType: form.subject_type,
    ownerDepartment: { code: form.department_code, name: form.department_name },
    fileName: form.file_name,
    publishedAt: form.published_at.toISOString(),
    publishedBy: form.published_by_name,
    questionCount: spec.survey.filter((row) => !['note', 'calculate', 'begin_group', 'end_group', 'begin_repeat', 'end_repeat'].includes(row.type)).length,
    bindings: spec.survey.filter((row) => row.registryField).map((row) => ({ question: row.name!, field: row.registryField! })),
  };
}

export type FormSummary = ReturnType<typeof presentForm>;

export interface ViewerRights {
  /** The worker, while the submission is a draft or returned. */
  canEdit: boolean;
  /** A reviewer, while it awaits review. */
  canReview: boolean;
}

export function presentSubmissionSummary(row: SubmissionRow, disclosure: Disclosure) {
  return {
    id: row.id,
    status: row.status,
    form: { id: row.form_id, formKey: row.form_key, title: row.form_title, version: row.form_version },
    subject: { type: row.subject_type, id: row.subject_id, name: row.subject_name === null ? null : disclosure.name(row.subject_name), address: row.subject_address },
    worker: { id: row.worker_id, name: row.worker_name },
    openedAt: row.opened_at.toISOString(),
    savedAt: row.saved_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    reviewer: row.reviewer_name,
  };
}

/**
 * A value of a conflict as this reviewer may see it: the registry's value now
 * was read unmasked for the comparison, so it is masked (phones, ID numbers)
 * or left out (sensitive fields and tags) here like on the person's page.
 */
function disclosedValue(disclosure: Disclosure, binding: string, value: RegistryValue): RegistryValue {
  const field = catalogueFieldOf(binding);
  if (!disclosure.showsField(field)) return null;
  if (typeof value === 'string' || Array.isArray(value)) return disclosure.value(field, value);
  return value;
}

export function presentConflict(row: ConflictRow, disclosure: Disclosure) {
  const question = row.spec.survey.find((r) => r.name === row.question);
  const shown = (value: RegistryValue) => disclosedValue(disclosure, row.field, value);
  return {
    id: row.id,
    submissionId: row.submission_id,
    status: row.status,
    form: { id: row.form_id, title: row.form_title },
    subject: { type: row.subject_type, id: row.subject_id, name: row.subject_name === null ? null : disclosure.name(row.subject_name) },
    question: row.question,
    questionLabel: question?.label ?? {},
    field: row.field,
    answer: shown(row.answer),
    openedValue: shown(row.opened_value),
    currentValue: shown(row.current_value),
    worker: row.worker_name,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    resolvedBy: row.resolver_name,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolutionComment: row.resolution_comment,
  };
}

export type ConflictView = ReturnType<typeof presentConflict>;

/**
 * Names of registry codes a pre-filled select shows that are not choices of
 * the form (a person's other tags), by question, so the UI can label them.
 */
export function prefillLabels(spec: FormSpec, bindings: FormBindings, prefill: PrefillSnapshot): Record<string, Record<string, Message>> {
  const labels: Record<string, Record<string, Message>> = {};
  for (const [binding, entry] of Object.entries(prefill)) {
    const question: QuestionNode | undefined = bindings.questionOf(binding);
    if (!question?.choices) continue;
    const choices = new Set(spec.choices.filter((c) => c.listName === spec.survey[question.rowIndex].listName).map((c) => c.name));
    for (const value of Array.isArray(entry.value) ? entry.value : [entry.value]) {
      if (value === null || choices.has(String(value))) continue;
      const label = bindings.registryLabel(binding, String(value));
      if (label) (labels[question.name] ??= {})[String(value)] = label;
    }
  }
  return labels;
}

export function presentSubmission(
  row: SubmissionRow,
  context: {
    spec: FormSpec;
    events: ReadonlyArray<{ action: SubmissionAction; actor_name: string; at: Date; comment: string | null }>;
    labels: Record<string, Record<string, Message>>;
    conflicts: ConflictView[];
    rights: ViewerRights;
    disclosure: Disclosure;
    now: Date;
  },
) {
  return {
    ...presentSubmissionSummary(row, context.disclosure),
    spec: context.spec,
    prefill: row.prefill,
    prefillLabels: context.labels,
    answers: row.answers,
    events: context.events.map((e) => ({ action: e.action, actor: e.actor_name, at: e.at.toISOString(), comment: e.comment })),
    writeBack: row.write_back,
    conflicts: context.conflicts,
    ...context.rights,
    /** The server's clock, so a browser with a wrong clock still agrees on today(). */
    serverTime: context.now.toISOString(),
  };
}

export type SubmissionView = ReturnType<typeof presentSubmission>;

export function rightsOf(row: SubmissionRow, scope: Scope, reviewer: boolean): ViewerRights {
  return {
    canEdit: row.worker_id === scope.actor.id && (row.status === 'draft' || row.status === 'returned'),
    canReview: reviewer && row.status === 'submitted',
  };
}
