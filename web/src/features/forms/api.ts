import { api } from '../../api';
import type { Answers } from './engine';
import type { ConflictStatus, ConflictView, FormSummary, PersonItem, PublishOutcome, SubjectType, SubmissionStatus, SubmissionSummary, SubmissionView } from './types';

/**
 * Filling and reviewing forms reads a person's data: the worker visits to
 * deliver a service, and the reviewer checks what was collected for it.
 */
export const FORM_PURPOSE = 'service_delivery';

// ── the form library ──────────────────────────────────────────────────────

export const listForms = (status: 'active' | 'all', signal?: AbortSignal) =>
  api<{ items: FormSummary[] }>('/forms', { query: { status }, signal }).then((body) => body.items);

export const getForm = (formId: string, signal?: AbortSignal) => api<FormSummary>(`/forms/${formId}`, { signal });

export const formDownloadUrl = (formId: string) => `/api/v1/forms/${formId}/xlsx`;

export function publishWorkbook(file: File, departmentCode?: string) {
  const body = new FormData();
  body.append('file', file);
  return api<PublishOutcome>('/forms', { method: 'POST', body, query: { departmentCode } });
}

// ── the records forms are opened on, and submissions ──────────────────────

export const searchPeople = (name: string, offset: number, signal?: AbortSignal) =>
  api<{ items: PersonItem[] }>('/people', { query: { name, limit: 20, offset }, purpose: FORM_PURPOSE, signal }).then((body) => body.items);

/** Open the form on the person, household or dwelling (the kind the form is for). */
export const openForm = (formId: string, subject: { type: SubjectType; id: string }) =>
  api<SubmissionView>(`/forms/${formId}/submissions`, { method: 'POST', body: { [`${subject.type}Id`]: subject.id }, purpose: FORM_PURPOSE });

export const getSubmission = (id: string, signal?: AbortSignal) => api<SubmissionView>(`/form-submissions/${id}`, { purpose: FORM_PURPOSE, signal });

export const listSubmissions = (query: { status: readonly SubmissionStatus[]; mine?: boolean }, signal?: AbortSignal) =>
  api<{ items: SubmissionSummary[] }>('/form-submissions', {
    query: { status: query.status.join(','), mine: query.mine ? 'true' : undefined, limit: 100 },
    purpose: FORM_PURPOSE,
    signal,
  }).then((body) => body.items);

export const saveAnswers = (id: string, answers: Answers) =>
  api<{ savedAt: string; answers: Answers }>(`/form-submissions/${id}/answers`, { method: 'PUT', body: { answers }, purpose: FORM_PURPOSE });

export const submitAnswers = (id: string, answers: Answers) =>
  api<SubmissionView>(`/form-submissions/${id}/submit`, { method: 'POST', body: { answers }, purpose: FORM_PURPOSE });

export const approveSubmission = (id: string, comment: string) =>
  api<SubmissionView>(`/form-submissions/${id}/approve`, { method: 'POST', body: comment ? { comment } : {}, purpose: FORM_PURPOSE });

export const returnSubmission = (id: string, comment: string) =>
  api<SubmissionView>(`/form-submissions/${id}/return`, { method: 'POST', body: { comment }, purpose: FORM_PURPOSE });

// ── review ────────────────────────────────────────────────────────────────

export const reviewCounts = (signal?: AbortSignal) => api<{ submitted: number; conflicts: number }>('/form-review/counts', { signal });

export const listConflicts = (status: ConflictStatus | 'all', signal?: AbortSignal) =>
  api<{ items: ConflictView[] }>('/form-conflicts', { query: { status, limit: 100 }, purpose: FORM_PURPOSE, signal }).then((body) => body.items);

export const resolveConflict = (id: string, resolution: 'record_answer' | 'keep_registry', comment: string) =>
  api<ConflictView>(`/form-conflicts/${id}/resolve`, { method: 'POST', body: { resolution, ...(comment ? { comment } : {}) }, purpose: FORM_PURPOSE });
