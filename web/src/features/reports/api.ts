import { api } from '../../api';
import type { DrillDown, FillTask, Frequency, ImportResult, Layout, Metric, Overlap, Report, ReportListItem, Template, Verification, Workload } from './types';

/** Looking at the records behind a figure is statistics work: the server shows them for that purpose only. */
export const DRILL_DOWN_PURPOSE = 'statistics';

export const listMetrics = (signal?: AbortSignal) => api<{ items: Metric[]; overlaps: Overlap[] }>('/metrics', { signal });

export const listTemplates = (signal?: AbortSignal) => api<{ items: Template[] }>('/report-templates', { signal }).then((body) => body.items);

export const createTemplate = (body: { code: string; name: string; departmentCode: string; frequency: Frequency; layout: Layout }) =>
  api<Template>('/report-templates', { method: 'POST', body });

export const retireTemplate = (id: string) => api<Template>(`/report-templates/${id}/retire`, { method: 'POST' });

export const mergeTemplate = (id: string, into: string) => api<Template>(`/report-templates/${id}/merge`, { method: 'POST', body: { into } });

export function readTemplateSheet(file: File, query: { code: string; departmentCode: string }) {
  const body = new FormData();
  body.append('file', file);
  return api<ImportResult>('/report-templates/import', { method: 'POST', body, query: { ...query, dryRun: 'true' } });
}

export const communityWorkload = (minutesPerField: number, signal?: AbortSignal) =>
  api<Workload>('/report-registry/communities', { query: { minutesPerField }, signal });

export const generateReport = (body: { template: string; jurisdictionCode: string; referenceDate: string }) => api<Report>('/reports', { method: 'POST', body });

export const getReport = (id: string, signal?: AbortSignal) => api<Report>(`/reports/${id}`, { signal });

export const listReports = (signal?: AbortSignal) => api<{ items: ReportListItem[] }>('/reports', { query: { limit: 20 }, signal }).then((body) => body.items);

export const exportUrl = (id: string, format: 'xlsx' | 'csv') => `/api/v1/reports/${id}/export?format=${format}`;

export const verifyReport = (id: string) => api<Verification>(`/reports/${id}/verify`, { method: 'POST' });

export const drillDown = (id: string, query: { row: string; column: string; part?: 'numerator' | 'denominator'; offset: number }, signal?: AbortSignal) =>
  api<DrillDown>(`/reports/${id}/records`, { query: { ...query, limit: 20 }, purpose: DRILL_DOWN_PURPOSE, signal });

export const listTasks = (signal?: AbortSignal) => api<{ items: FillTask[] }>('/report-tasks', { signal }).then((body) => body.items);

export const submitAnswers = (id: string, answers: Record<string, Record<string, number | string>>) =>
  api<FillTask>(`/report-tasks/${id}/answers`, { method: 'POST', body: { answers } });
