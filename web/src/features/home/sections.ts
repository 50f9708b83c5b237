import type { ComponentType } from 'react';
import type { Messages } from '../../i18n/zh-CN';
import { LatestAuditEntries } from '../audit/LatestAuditEntries';
import { VerifyChain } from '../audit/VerifyChain';
import { PatrolSection, ToVerifySection } from '../cases/home/GridSections';
import { DispatchSection, OverdueSection } from '../cases/home/HubSections';
import { RankingsSection, ThreeRatesSection } from '../cases/home/LeaderSections';
import { UnitTodoSection } from '../cases/home/UnitTodoSection';
import { LatestMyCases } from '../cases/resident/LatestMyCases';
import { FormReviewSection, FormsSection } from '../forms/HomeSections';
import { JurisdictionSummary } from '../org/JurisdictionSummary';
import { MyGrid } from '../org/MyGrid';
import { ReportsSection } from '../reports/HomeSection';
import { DataAccessSection, GrantsSection, ImportsSection, MatchingSection } from '../registry/HomeSections';
import type { Role } from '../org/types';

export type SectionId = keyof Messages['sections'];

/** What each role's home shows, in order. */
export const homeSections: Record<Role, readonly SectionId[]> = {
  resident: ['myRequests', 'services', 'dataAccess'],
  grid_worker: ['patrol', 'toVerify', 'forms', 'myGrid'],
  community_staff: ['toDispatch', 'overdue', 'formReview', 'workload', 'reports'],
  street_staff: ['toDispatch', 'overdue', 'formReview', 'workload', 'reports'],
  department_staff: ['unitTodo'],
  leader: ['threeRates', 'rankings', 'overdue', 'emergency'],
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
  myRequests: LatestMyCases,
  patrol: PatrolSection,
  toVerify: ToVerifySection,
  myGrid: MyGrid,
  forms: FormsSection,
  formReview: FormReviewSection,
  toDispatch: DispatchSection,
  overdue: OverdueSection,
  unitTodo: UnitTodoSection,
  threeRates: ThreeRatesSection,
  rankings: RankingsSection,
  auditLog: LatestAuditEntries,
  hashChain: VerifyChain,
  jurisdictionTree: JurisdictionSummary,
  reports: ReportsSection,
  imports: ImportsSection,
  matching: MatchingSection,
  sharingGrants: GrantsSection,
  dataAccess: DataAccessSection,
};
