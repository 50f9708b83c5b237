import { api } from '../../api';
import type {
  Assessment,
  AssessmentGrouping,
  Attachment,
  CalendarSummary,
  CalendarView,
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseMap,
  CaseStatus,
  Category,
  IntakeBody,
  IntakeResult,
  LonLat,
  MyCase,
  PossibleDuplicate,
  RatingInput,
  RuleProposal,
  RuleUnit,
  TransitionBody,
} from './types';

// ── configuration ─────────────────────────────────────────────────────────

export const listCategories = (signal?: AbortSignal) =>
  api<{ items: Category[] }>('/case-categories', { signal }).then((body) => body.items);

export const listCalendars = (signal?: AbortSignal) =>
  api<{ items: CalendarSummary[] }>('/working-calendars', { signal }).then((body) => body.items);

export const getCalendar = (code: string, signal?: AbortSignal) =>
  api<CalendarView>(`/working-calendars/${encodeURIComponent(code)}`, { signal });

// ── intake ────────────────────────────────────────────────────────────────

/** A report and its photos in one request: a refused photo refuses the report, and nothing is kept. */
export function createCaseWithPhotos(body: IntakeBody, photos: readonly File[]) {
  const form = new FormData();
  form.append('case', JSON.stringify(body));
  photos.forEach((file, index) => form.append(`photo${index + 1}`, file, file.name));
  return api<IntakeResult>('/cases/with-photos', { method: 'POST', body: form });
}

export const findDuplicates = (categoryCode: string, point: LonLat, signal?: AbortSignal) =>
  api<{ items: PossibleDuplicate[] }>('/case-duplicates', { query: { categoryCode, lon: point.lon, lat: point.lat }, signal }).then(
    (body) => body.items,
  );

function filesForm(files: readonly File[], purpose?: Attachment['purpose']): FormData {
  const form = new FormData();
  // The purpose goes first: the server reads the parts in order.
  if (purpose) form.append('purpose', purpose);
  files.forEach((file, index) => form.append(`photo${index + 1}`, file, file.name));
  return form;
}

/** Photos staff add: to the report (a patrol finding) or as evidence of handling. */
export const uploadCasePhotos = (caseId: string, files: readonly File[], purpose: Attachment['purpose']) =>
  api<{ attachmentIds: string[] }>(`/cases/${caseId}/attachments`, { method: 'POST', body: filesForm(files, purpose) });

// ── staff ─────────────────────────────────────────────────────────────────

export const listCases = (query: CaseListQuery, signal?: AbortSignal) =>
  api<CaseList>('/cases', {
    query: {
      ...query,
      status: query.status?.join(','),
      mine: flag(query.mine),
      summoned: flag(query.summoned),
      overdue: flag(query.overdue),
      escalated: flag(query.escalated),
      supervised: flag(query.supervised),
      reportedByMe: flag(query.reportedByMe),
    },
    signal,
  });

const flag = (value: boolean | undefined) => (value === undefined ? undefined : String(value));

/** Compact rows for a map: [id, categoryCode, status, lon, lat]. */
export const getCaseMap = (query: { from: string; to: string; jurisdictionCode?: string; categoryCode?: string; limit?: number }, signal?: AbortSignal) =>
  api<CaseMap>('/case-map', { query, signal });

export const getCase = (caseId: string, signal?: AbortSignal) => api<CaseDetail>(`/cases/${caseId}`, { signal });

export const transitionCase = (caseId: string, body: TransitionBody) =>
  api<{ id: string; number: string; status: CaseStatus }>(`/cases/${caseId}/transitions`, { method: 'POST', body });

export const blowWhistle = (caseId: string, body: { departmentCodes: string[]; reason: string }) =>
  api<{ id: string }>(`/cases/${caseId}/whistles`, { method: 'POST', body });

/** 报到: a summoned department says it has come. */
export const reportToWhistle = (caseId: string, summonsId: string, note: string) =>
  api<unknown>(`/cases/${caseId}/summons/${summonsId}/report`, { method: 'POST', body: { note } });

/** What a summoned department did on the case. */
export const recordSummonsAction = (caseId: string, summonsId: string, note: string) =>
  api<unknown>(`/cases/${caseId}/summons/${summonsId}/action`, { method: 'POST', body: { note } });

/** The street rates a summoned department's response, 1–5. */
export const scoreSummons = (caseId: string, summonsId: string, body: { score: number; note?: string }) =>
  api<unknown>(`/cases/${caseId}/summons/${summonsId}/score`, { method: 'POST', body });

/** The hub street proposes the rule that would have routed this uncovered case. */
export const proposeRule = (caseId: string, body: { unit: RuleUnit; reason: string }) =>
  api<RuleProposal>(`/cases/${caseId}/rule-proposals`, { method: 'POST', body });

export const listRuleProposals = (query: { status?: RuleProposal['status'] }, signal?: AbortSignal) =>
  api<{ items: RuleProposal[] }>('/rule-proposals', { query: { ...query, limit: 1000 }, signal }).then((body) => body.items);

export const acceptRuleProposal = (proposalId: string, note?: string) =>
  api<RuleProposal>(`/rule-proposals/${proposalId}/accept`, { method: 'POST', body: note ? { note } : {} });

export const declineRuleProposal = (proposalId: string, reason: string) =>
  api<RuleProposal>(`/rule-proposals/${proposalId}/decline`, { method: 'POST', body: { reason } });

export const superviseCase = (caseId: string, note: string) =>
  api<unknown>(`/cases/${caseId}/supervisions`, { method: 'POST', body: { note } });

export const rectify = (caseId: string, rectificationId: string, note: string) =>
  api<unknown>(`/cases/${caseId}/rectifications/${rectificationId}/rectify`, { method: 'POST', body: { note } });

export const recordCallback = (caseId: string, rectificationId: string, body: { note: string; satisfied: boolean }) =>
  api<unknown>(`/cases/${caseId}/rectifications/${rectificationId}/callback`, { method: 'POST', body });

// ── a resident's own reports ──────────────────────────────────────────────

export const listMyCases = (query: { status?: readonly CaseStatus[]; limit?: number; offset?: number }, signal?: AbortSignal) =>
  api<CaseList>('/my/cases', { query: { ...query, status: query.status?.join(',') }, signal });

export const getMyCase = (caseId: string, signal?: AbortSignal) => api<MyCase>(`/my/cases/${caseId}`, { signal });

export const reporterTransition = (caseId: string, body: { action: 'confirm'; note?: string } | { action: 'reject_handling' | 'reopen'; reason: string }) =>
  api<{ status: CaseStatus }>(`/my/cases/${caseId}/transitions`, { method: 'POST', body });

export const rateMyCase = (caseId: string, body: RatingInput) =>
  api<{ ratingId: string; rectificationId: string | null }>(`/my/cases/${caseId}/rating`, { method: 'POST', body });

// ── assessment ────────────────────────────────────────────────────────────

export const getAssessment = (query: { from: string; to: string; groupBy: AssessmentGrouping }, signal?: AbortSignal) =>
  api<Assessment>('/case-assessment', { query, signal });
