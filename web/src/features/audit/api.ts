import { api } from '../../api';

export type AuditOutcome = 'allowed' | 'denied';

export interface AuditEntry {
  id: string;
  at: string;
  actor: string | null;
  role: string | null;
  scope: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  purpose: string | null;
  ip: string | null;
  outcome: AuditOutcome;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** ISO instants bounding `at`. */
  from?: string;
  to?: string;
}

export interface AuditSlice {
  items: AuditEntry[];
  nextCursor: string | null;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken: { id: string; at: string } | null;
}

export const listAuditEntries = (
  filter: AuditFilter,
  page: { limit: number; cursor: string | null },
  signal?: AbortSignal,
) => api<AuditSlice>('/audit', { query: { ...filter, ...page }, signal });

export const verifyAuditChain = () => api<ChainVerification>('/audit/verify', { method: 'POST' });
