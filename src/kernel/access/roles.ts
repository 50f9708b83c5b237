// Who may do what: the single table of roles, permissions and declared purposes.
// Every module names its permissions here so a reviewer sees all of them at once.

export const ROLES = [
  'resident',
  'grid_worker',
  'community_staff',
  'street_staff',
  'department_staff',
  'leader',
  'party_admin',
  'data_steward',
  'auditor',
  'sysadmin',
] as const;
export type Role = (typeof ROLES)[number];

export const PURPOSES = [
  'administration', // running the platform: users, departments, jurisdictions
  'case_handling', // 接诉即办: handling a resident's request or a finding
  'service_delivery', // delivering a public service to the person
  'statistics', // reports and metrics; aggregates, records only on drill-down
  'emergency', // emergency response: rosters of vulnerable residents
  'data_quality', // data stewardship: imports, linkage, corrections
  'audit', // reviewing the audit trail
  'self_service', // residents seeing their own data
] as const;
export type Purpose = (typeof PURPOSES)[number];

export type Permission =
  | 'jurisdiction.read'
  | 'jurisdiction.manage'
  | 'department.read'
  | 'department.manage'
  | 'user.read'
  | 'user.manage'
  | 'token.manage'
  | 'audit.read'
  | 'person.read'
  | 'person.read_self'
  // Registry catalogue and department-data import (src/modules/registry, src/modules/exchange)
  | 'catalogue.read' // the data-standards catalogue and tag dictionary: no personal data
  | 'catalogue.manage' // edit the tag dictionary
  | 'profile.read' // mapping profiles: how a department's files map to registry fields
  | 'profile.manage'
  | 'import.run' // upload, validate and apply department files; their error reports
  // Record linkage (src/modules/exchange/linking)
  | 'linkage.review' // the review queue: pairs the linker was unsure about, decided same / not the same
  | 'linkage.merge' // merge two registry persons into one, and undo a merge
  | 'correction.read' // the correction list (校核纠错) of source departments, and its export in the department's format
  // Data sharing with departments (src/modules/exchange/sharing)
  | 'person.read_shared' // a department's reads of people: only under its data-sharing grants, which decide fields and subtree
  | 'grant.read' // the data-sharing grants: which department may read what, why, where, until when
  | 'grant.manage' // create and revoke data-sharing grants
  // Case handling (src/modules/cases)
  | 'case.report' // report a problem: intake on the channels the role may use
  | 'case.read' // cases lying in the scope (department staff: their department's cases)
  | 'case.read_own' // a resident's own reports
  | 'case.handle' // workflow actions; which ones follows from the actor's relation to the case
  | 'case.whistle' // summon departments (吹哨)
  | 'case.supervise' // issue supervision (督办)
  | 'case.assess' // three rates, rankings, top problems
  | 'case.category.read' // the category taxonomy, needed to report
  | 'case.config.read' // responsibility list, calendars, settings
  | 'case.configure' // edit the taxonomy, responsibility list, calendars, settings
  // Collection forms (src/modules/forms)
  | 'form.read' // form definitions and their spreadsheets: no personal data
  | 'form.manage' // publish a department's forms
  | 'form.fill' // open a form on a person in the scope, save, submit
  | 'form.review' // approve or return submissions, settle write-back conflicts
  // One-table reporting (src/modules/metrics)
  | 'metric.read' // statistical definitions and their versions: no personal data
  | 'metric.define' // declare a metric or a new version of one (department staff: their department's)
  | 'report.read' // report templates, the report registry and generated reports lying in the scope: aggregates only
  | 'report.generate' // generate a report for a jurisdiction in the scope (only the rows the scope covers)
  | 'report.design' // create, import, change, retire and merge report templates (department staff: their department's)
  | 'report.fill' // supply the manual fields a report asks of the units in the scope
  | 'report.drill_down'; // the records behind a figure: masked, audited, for the statistics purpose

const STAFF_READS: Permission[] = ['jurisdiction.read', 'department.read', 'catalogue.read', 'form.read'];
const CASE_CONFIG_READS: Permission[] = ['case.category.read', 'case.config.read'];
const REPORTING: Permission[] = ['metric.read', 'report.read', 'report.generate'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: ['jurisdiction.read', 'person.read_self', 'case.report', 'case.read_own', 'case.category.read'],
  grid_worker: [...STAFF_READS, 'person.read', 'case.report', 'case.read', 'case.handle', ...CASE_CONFIG_READS, 'form.fill'],
  community_staff: [
    ...STAFF_READS, 'person.read', 'user.read',
    'case.report', 'case.read', 'case.handle', 'case.whistle', 'case.assess', ...CASE_CONFIG_READS, 'form.fill', 'form.review',
    ...REPORTING, 'report.fill', 'report.drill_down',
  ],
  street_staff: [
    ...STAFF_READS, 'person.read', 'user.read',
    'case.report', 'case.read', 'case.handle', 'case.whistle', 'case.supervise', 'case.assess', ...CASE_CONFIG_READS, 'form.review',
    ...REPORTING, 'report.fill', 'report.drill_down',
  ],
  department_staff: [...STAFF_READS, 'person.read_shared', 'profile.read', 'case.read', 'case.handle', 'case.assess', ...CASE_CONFIG_READS, 'form.manage', ...REPORTING, 'metric.define', 'report.design'],
  leader: [...STAFF_READS, 'person.read', 'case.read', 'case.handle', 'case.supervise', 'case.assess', ...CASE_CONFIG_READS, ...REPORTING, 'report.drill_down'],
  party_admin: [...STAFF_READS, 'case.report', 'case.read', ...CASE_CONFIG_READS],
  data_steward: [
    ...STAFF_READS, 'person.read', 'catalogue.manage', 'profile.read', 'profile.manage', 'import.run', 'form.manage', 'grant.read', 'grant.manage',
    'linkage.review', 'linkage.merge', 'correction.read',
    ...REPORTING, 'metric.define', 'report.design', 'report.drill_down',
  ],
  auditor: [...STAFF_READS, 'audit.read', 'grant.read'],
  sysadmin: [...STAFF_READS, 'grant.read', 'grant.manage', 'jurisdiction.manage', 'department.manage', 'user.read', 'user.manage', 'token.manage', 'case.configure', ...CASE_CONFIG_READS],
};

/** The purposes each role may declare when it reads personal data. */
export const ROLE_PURPOSES: Record<Role, readonly Purpose[]> = {
  resident: ['self_service'],
  grid_worker: ['case_handling', 'service_delivery', 'data_quality', 'emergency'],
  community_staff: ['case_handling', 'service_delivery', 'statistics', 'emergency', 'data_quality', 'administration'],
  street_staff: ['case_handling', 'service_delivery', 'statistics', 'emergency', 'administration'],
  department_staff: ['case_handling', 'service_delivery', 'statistics'],
  leader: ['statistics', 'emergency'],
  party_admin: ['service_delivery'],
  data_steward: ['data_quality', 'statistics'],
  auditor: ['audit'],
  sysadmin: ['administration'],
};

/**
 * Separation of duties: the people who run the platform or its data must not be
 * the ones who audit it, so these roles are never held together by one account.
 */
export const INCOMPATIBLE_ROLES: ReadonlyArray<readonly [Role, Role]> = [
  ['auditor', 'sysadmin'],
  ['auditor', 'data_steward'],
];

export function incompatibleRole(held: readonly Role[], adding: Role): Role | null {
  for (const [a, b] of INCOMPATIBLE_ROLES) {
    if (adding === a && held.includes(b)) return b;
    if (adding === b && held.includes(a)) return a;
  }
  return null;
}
