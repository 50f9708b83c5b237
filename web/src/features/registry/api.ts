import { api, downloadFile } from '../../api';
import type {
  Catalogue,
  CorrectionSource,
  CorrectionView,
  MergeView,
  DataAccessEntry,
  GrantableField,
  GrantInput,
  GrantView,
  ReviewStatus,
  ReviewView,
  DwellingRecord,
  HistoryEntry,
  HouseholdRecord,
  ImportIssues,
  ImportPreview,
  ImportView,
  PeopleQuery,
  PersonItem,
  PersonRecord,
  ProfileChoice,
  ProfileDetail,
  ProfileIssue,
  ProfileSummary,
} from './types';
import type { Purpose } from './purposes';

// ── the registry: every read declares why ─────────────────────────────────

export const searchPeople = (query: PeopleQuery & { limit: number; offset: number }, purpose: Purpose, signal?: AbortSignal) =>
  api<{ items: PersonItem[] }>('/people', { query: { ...query }, purpose, signal }).then((body) => body.items);

export const getPerson = (id: string, purpose: Purpose, signal?: AbortSignal) => api<PersonRecord>(`/people/${encodeURIComponent(id)}`, { purpose, signal });

export const getPersonHistory = (id: string, purpose: Purpose, signal?: AbortSignal) =>
  api<{ items: HistoryEntry[] }>(`/people/${encodeURIComponent(id)}/history`, { purpose, signal }).then((body) => body.items);

export const getHousehold = (id: string, purpose: Purpose, signal?: AbortSignal) =>
  api<HouseholdRecord>(`/households/${encodeURIComponent(id)}`, { purpose, signal });

export const getDwelling = (id: string, purpose: Purpose, signal?: AbortSignal) => api<DwellingRecord>(`/dwellings/${encodeURIComponent(id)}`, { purpose, signal });

export const getCatalogue = (signal?: AbortSignal) => api<Catalogue>('/catalogue', { signal });

// ── import of department files ─────────────────────────────────────────────

/** Previewing rows, their problems and the error report show department data: data stewardship is why. */
export const IMPORT_PURPOSE: Purpose = 'data_quality';

export function uploadImport(file: File, query: { jurisdictionCode?: string; observedAt?: string }) {
  const body = new FormData();
  body.append('file', file);
  return api<ImportView>('/imports', { method: 'POST', body, query });
}

export const listImports = (signal?: AbortSignal) => api<{ items: ImportView[] }>('/imports', { query: { limit: 50 }, signal }).then((body) => body.items);

export const getImport = (id: string, signal?: AbortSignal) => api<ImportView>(`/imports/${id}`, { signal });

export const previewImport = (id: string, choice: ProfileChoice, rows: number) =>
  api<ImportPreview>(`/imports/${id}/preview`, { method: 'POST', body: { ...choice, rows }, purpose: IMPORT_PURPOSE });

export const validateImport = (id: string, choice: ProfileChoice) => api<ImportView>(`/imports/${id}/validate`, { method: 'POST', body: choice });

export const applyImport = (id: string) => api<ImportView>(`/imports/${id}/apply`, { method: 'POST' });

export const importIssues = (id: string, after: number, signal?: AbortSignal) =>
  api<ImportIssues>(`/imports/${id}/issues`, { query: { after, limit: 100 }, purpose: IMPORT_PURPOSE, signal });

export const downloadErrorReport = (id: string, format: 'xlsx' | 'csv') =>
  downloadFile(`/imports/${id}/error-report`, { query: { format }, purpose: IMPORT_PURPOSE });

export const listProfiles = (signal?: AbortSignal) => api<{ items: ProfileSummary[] }>('/mapping-profiles', { signal }).then((body) => body.items);

export const getProfile = (id: string) => api<ProfileDetail>(`/mapping-profiles/${encodeURIComponent(id)}`);

export const checkProfile = (text: string) => api<{ ok: boolean; issues: ProfileIssue[] }>('/mapping-profiles/validate', { method: 'POST', body: { text } });

export const createProfile = (text: string) => api<{ id: string; version: number }>('/mapping-profiles', { method: 'POST', body: { text } });

export const replaceProfile = (id: string, text: string) =>
  api<{ id: string; version: number }>(`/mapping-profiles/${encodeURIComponent(id)}`, { method: 'PUT', body: { text } });

// ── data sharing ───────────────────────────────────────────────────────────

export const listGrants = (includeRevoked: boolean, signal?: AbortSignal) =>
  api<{ items: GrantView[] }>('/sharing/grants', { query: { includeRevoked: String(includeRevoked) }, signal }).then((body) => body.items);

export const createGrant = (grant: GrantInput) => api<{ id: string }>('/sharing/grants', { method: 'POST', body: grant });

export const revokeGrant = (id: string, reason: string) => api<GrantView>(`/sharing/grants/${id}/revoke`, { method: 'POST', body: { reason } });

export const listGrantableFields = (signal?: AbortSignal) =>
  api<{ items: GrantableField[] }>('/sharing/fields', { signal }).then((body) => body.items);

export const myDataAccess = (cursor: string | null, limit: number, signal?: AbortSignal) =>
  api<{ items: DataAccessEntry[]; nextCursor: string | null }>('/me/data-access', { query: { cursor, limit }, signal });

// ── record linkage ─────────────────────────────────────────────────────────

/** Comparing a department row with a registry person shows both: data stewardship is why. */
export const LINKAGE_PURPOSE: Purpose = 'data_quality';

export const listReviews = (status: ReviewStatus, offset: number, signal?: AbortSignal) =>
  api<{ items: ReviewView[] }>('/linkage/reviews', { query: { status, offset, limit: 50 }, purpose: LINKAGE_PURPOSE, signal }).then((body) => body.items);

export const getReview = (id: string, signal?: AbortSignal) => api<ReviewView>(`/linkage/reviews/${id}`, { purpose: LINKAGE_PURPOSE, signal });

export const decideReview = (id: string, decision: 'same' | 'different', note: string) =>
  api<ReviewView & { appliedTo: string | null }>(`/linkage/reviews/${id}/decision`, {
    method: 'POST',
    body: { decision, ...(note ? { note } : {}) },
    purpose: LINKAGE_PURPOSE,
  });

export const listMerges = (offset: number, signal?: AbortSignal) =>
  api<{ items: MergeView[] }>('/linkage/merges', { query: { offset, limit: 50 }, signal }).then((body) => body.items);

export const unmerge = (mergeId: string, reason: string) => api<MergeView>(`/linkage/merges/${mergeId}/unmerge`, { method: 'POST', body: { reason } });

export const listCorrectionSources = (signal?: AbortSignal) =>
  api<{ items: CorrectionSource[] }>('/linkage/corrections/sources', { signal }).then((body) => body.items);

export const listCorrections = (sourceId: string, offset: number, signal?: AbortSignal) =>
  api<{ items: CorrectionView[] }>('/linkage/corrections', { query: { sourceId, offset, limit: 50 }, purpose: LINKAGE_PURPOSE, signal }).then((body) => body.items);

/** The list in the department's own format, to send back to it. */
export const downloadCorrections = (sourceId: string, format: 'xlsx' | 'csv') =>
  downloadFile('/linkage/corrections/export', { query: { sourceId, format }, purpose: LINKAGE_PURPOSE });
