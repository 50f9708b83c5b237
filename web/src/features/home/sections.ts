import type { ComponentType } from 'react';
import type { Messages } from '../../i18n/zh-CN';
import { LatestAuditEntries } from '../audit/LatestAuditEntries';
import { VerifyChain } from '../audit/VerifyChain';
import { JurisdictionSummary } from '../org/JurisdictionSummary';
import { MyGrid } from '../org/MyGrid';
import type { Role } from '../org/types';

export type SectionId = keyof Messages['sections'];

/** What each role's home shows, in order. */
export const homeSections: Record<Role, readonly SectionId[]> = {
  resident: ['myRequests', 'services', 'dataAccess'],
  grid_worker: ['patrol', 'toVerify', 'myGrid'],
  community_staff: ['toDispatch', 'workload', 'reports'],
  street_staff: ['toDispatch', 'workload', 'reports'],
  department_staff: ['unitTodo'],
  leader: ['threeRates', 'rankings', 'emergency'],
  party_admin: ['dualRegistration', 'partyRepStudio'],
  data_steward: ['imports', 'matching', 'sharingGrants'],
  auditor: ['auditLog', 'hashChain'],
  sysadmin: ['users', 'departments', 'jurisdictionTree'],
};

/**
 * Sections with live data behind them. The others show their hint, which
 * says what will appear there once the server offers it.
 */
export const sectionContent: Partial<Record<SectionId, ComponentType>> = {
  myGrid: MyGrid,
  auditLog: LatestAuditEntries,
  hashChain: VerifyChain,
  jurisdictionTree: JurisdictionSummary,
};
