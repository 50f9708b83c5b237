import { api } from '../../api';
import type { Department, Jurisdiction, JurisdictionDetail } from './types';

export const listJurisdictions = (signal?: AbortSignal) =>
  api<{ items: Jurisdiction[] }>('/jurisdictions', { signal }).then((body) => body.items);

/** One jurisdiction with its GeoJSON boundary (the list leaves boundaries out to stay small). */
export const getJurisdiction = (code: string, signal?: AbortSignal) =>
  api<JurisdictionDetail>(`/jurisdictions/${encodeURIComponent(code)}`, { signal });

export const listDepartments = (signal?: AbortSignal) =>
  api<{ items: Department[] }>('/departments', { signal }).then((body) => body.items);
