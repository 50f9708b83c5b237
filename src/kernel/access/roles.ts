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
  | 'person.read_self';

const STAFF_READS: Permission[] = ['jurisdiction.read', 'department.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: ['jurisdiction.read', 'person.read_self'],
  grid_worker: [...STAFF_READS, 'person.read'],
  community_staff: [...STAFF_READS, 'person.read', 'user.read'],
  street_staff: [...STAFF_READS, 'person.read', 'user.read'],
  department_staff: [...STAFF_READS],
  leader: [...STAFF_READS, 'person.read'],
  party_admin: [...STAFF_READS],
  data_steward: [...STAFF_READS, 'person.read'],
  auditor: [...STAFF_READS, 'audit.read'],
  sysadmin: [...STAFF_READS, 'jurisdiction.manage', 'department.manage', 'user.read', 'user.manage', 'token.manage'],
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
