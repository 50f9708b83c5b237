import {
  ApartmentOutlined,
  AuditOutlined,
  FileDoneOutlined,
  FileExcelOutlined,
  BarChartOutlined,
  BulbOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FormOutlined,
  HeatMapOutlined,
  HomeOutlined,
  InboxOutlined,
  SendOutlined,
  UnorderedListOutlined,
  EditOutlined,
  FunctionOutlined,
  ProfileOutlined,
  TableOutlined,
  TeamOutlined,
  CloudUploadOutlined,
  MergeCellsOutlined,
  BranchesOutlined,
  IssuesCloseOutlined,
  SafetyOutlined,
  EyeOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { Role } from '../features/org/types';
import { REGISTRY_ROLES } from '../features/registry/purposes';
import type { Messages } from '../i18n/zh-CN';

export interface ShellPage {
  path: string;
  /** The page's entry in the navigation; pages reached from another page (a case) have none. */
  nav?: keyof Messages['nav'];
  icon?: ReactNode;
  /** Roles that see the page in the navigation and may open it; every role when absent. */
  roles?: readonly Role[];
  component: LazyExoticComponent<ComponentType>;
}

const ReportPage = lazy(() => import('../features/cases/report/ReportPage'));

/** Roles that generate reports and read the report registry and metric definitions. */
const REPORTING_STAFF: readonly Role[] = ['community_staff', 'street_staff', 'department_staff', 'leader', 'data_steward'];

/** Roles that handle cases and so may open a case's staff page. */
const CASE_STAFF: readonly Role[] = ['grid_worker', 'community_staff', 'street_staff', 'department_staff', 'leader', 'party_admin'];

/** The pages inside the signed-in shell, in navigation order; each loads its own code. */
export const shellPages: readonly ShellPage[] = [
  {
    path: '/',
    nav: 'home',
    icon: <HomeOutlined />,
    component: lazy(() => import('../features/home/HomePage')),
  },
  // One intake form for both; the role decides the channel (resident report or patrol finding).
  { path: '/cases/report', nav: 'report', icon: <FormOutlined />, roles: ['resident'], component: ReportPage },
  { path: '/cases/patrol', nav: 'patrol', icon: <FormOutlined />, roles: ['grid_worker'], component: ReportPage },
  {
    path: '/my/cases',
    nav: 'myCases',
    icon: <UnorderedListOutlined />,
    roles: ['resident'],
    component: lazy(() => import('../features/cases/resident/MyCasesPage')),
  },
  {
    path: '/my/cases/:caseId',
    roles: ['resident'],
    component: lazy(() => import('../features/cases/resident/MyCasePage')),
  },
  {
    path: '/cases/area',
    nav: 'area',
    icon: <EnvironmentOutlined />,
    roles: ['grid_worker'],
    component: lazy(() => import('../features/cases/queues/AreaQueuePage')),
  },
  {
    path: '/cases/dispatch',
    nav: 'dispatch',
    icon: <SendOutlined />,
    roles: ['community_staff', 'street_staff'],
    component: lazy(() => import('../features/cases/queues/DispatchConsolePage')),
  },
  {
    path: '/cases/inbox',
    nav: 'inbox',
    icon: <InboxOutlined />,
    roles: ['department_staff'],
    component: lazy(() => import('../features/cases/queues/InboxPage')),
  },
  {
    path: '/cases/overdue',
    nav: 'overdue',
    icon: <FieldTimeOutlined />,
    roles: ['community_staff', 'street_staff', 'leader'],
    component: lazy(() => import('../features/cases/queues/OverdueBoardPage')),
  },
  {
    path: '/cases/assessment',
    nav: 'assessment',
    icon: <BarChartOutlined />,
    roles: ['leader', 'street_staff'],
    component: lazy(() => import('../features/cases/assessment/AssessmentPage')),
  },
  {
    path: '/cases/map',
    nav: 'caseMap',
    icon: <HeatMapOutlined />,
    roles: ['leader', 'street_staff', 'community_staff'],
    component: lazy(() => import('../features/cases/assessment/CaseMapPage')),
  },
  {
    path: '/cases/rule-proposals',
    nav: 'ruleProposals',
    icon: <BulbOutlined />,
    roles: ['sysadmin', 'street_staff'],
    component: lazy(() => import('../features/cases/proposals/RuleProposalsPage')),
  },
  {
    path: '/cases/:caseId',
    roles: CASE_STAFF,
    component: lazy(() => import('../features/cases/detail/CaseDetailPage')),
  },
  {
    path: '/forms',
    nav: 'forms',
    icon: <FormOutlined />,
    roles: ['grid_worker', 'community_staff'],
    component: lazy(() => import('../features/forms/FormsPage')),
  },
  {
    path: '/forms/:formId/people',
    roles: ['grid_worker', 'community_staff'],
    component: lazy(() => import('../features/forms/PickPersonPage')),
  },
  {
    path: '/forms/submissions/:submissionId',
    roles: ['grid_worker', 'community_staff', 'street_staff'],
    component: lazy(() => import('../features/forms/SubmissionPage')),
  },
  {
    path: '/forms/review',
    nav: 'formReview',
    icon: <FileDoneOutlined />,
    roles: ['community_staff', 'street_staff'],
    component: lazy(() => import('../features/forms/ReviewPage')),
  },
  {
    path: '/forms/library',
    nav: 'formLibrary',
    icon: <FileExcelOutlined />,
    roles: ['department_staff', 'data_steward'],
    component: lazy(() => import('../features/forms/LibraryPage')),
  },
  {
    path: '/reports',
    nav: 'reports',
    icon: <TableOutlined />,
    roles: REPORTING_STAFF,
    component: lazy(() => import('../features/reports/ReportsPage')),
  },
  {
    path: '/reports/tasks',
    nav: 'reportTasks',
    icon: <EditOutlined />,
    roles: ['community_staff', 'street_staff'],
    component: lazy(() => import('../features/reports/TasksPage')),
  },
  {
    path: '/reports/registry',
    nav: 'reportRegistry',
    icon: <ProfileOutlined />,
    roles: REPORTING_STAFF,
    component: lazy(() => import('../features/reports/RegistryPage')),
  },
  {
    path: '/reports/metrics',
    nav: 'metrics',
    icon: <FunctionOutlined />,
    roles: REPORTING_STAFF,
    component: lazy(() => import('../features/reports/MetricsPage')),
  },
  {
    path: '/registry',
    nav: 'registry',
    icon: <TeamOutlined />,
    roles: REGISTRY_ROLES,
    component: lazy(() => import('../features/registry/SearchPage')),
  },
  {
    path: '/registry/people/:personId',
    roles: REGISTRY_ROLES,
    component: lazy(() => import('../features/registry/PersonPage')),
  },
  {
    path: '/registry/households/:householdId',
    roles: REGISTRY_ROLES,
    component: lazy(() => import('../features/registry/HouseholdPage')),
  },
  {
    path: '/registry/dwellings/:dwellingId',
    roles: REGISTRY_ROLES,
    component: lazy(() => import('../features/registry/DwellingPage')),
  },
  {
    path: '/registry/imports',
    nav: 'imports',
    icon: <CloudUploadOutlined />,
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/imports/ImportsPage')),
  },
  {
    path: '/registry/imports/new',
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/imports/ImportWizardPage')),
  },
  {
    path: '/registry/imports/:importId',
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/imports/ImportWizardPage')),
  },
  {
    path: '/registry/reviews',
    nav: 'reviews',
    icon: <MergeCellsOutlined />,
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/linkage/ReviewQueuePage')),
  },
  {
    path: '/registry/reviews/:reviewId',
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/linkage/ReviewPage')),
  },
  {
    path: '/registry/merges',
    nav: 'merges',
    icon: <BranchesOutlined />,
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/linkage/MergesPage')),
  },
  {
    path: '/registry/corrections',
    nav: 'corrections',
    icon: <IssuesCloseOutlined />,
    roles: ['data_steward'],
    component: lazy(() => import('../features/registry/linkage/CorrectionsPage')),
  },
  {
    path: '/registry/grants',
    nav: 'grants',
    icon: <SafetyOutlined />,
    roles: ['data_steward', 'sysadmin', 'auditor'],
    component: lazy(() => import('../features/registry/sharing/GrantsPage')),
  },
  {
    path: '/my/data-access',
    nav: 'myData',
    icon: <EyeOutlined />,
    roles: ['resident'],
    component: lazy(() => import('../features/registry/sharing/MyDataAccessPage')),
  },
  {
    path: '/audit',
    nav: 'audit',
    icon: <AuditOutlined />,
    roles: ['auditor'],
    component: lazy(() => import('../features/audit/AuditPage')),
  },
  {
    path: '/jurisdictions',
    nav: 'jurisdictions',
    icon: <ApartmentOutlined />,
    roles: ['sysadmin'],
    component: lazy(() => import('../features/org/JurisdictionsPage')),
  },
];

export const isPageFor = (page: ShellPage, role: Role) => !page.roles || page.roles.includes(role);
