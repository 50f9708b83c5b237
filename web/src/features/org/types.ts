/** The shapes of the org module's API: users, their grants, and the jurisdiction tree. */

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

export type JurisdictionLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

export interface JurisdictionRef {
  code: string;
  name: string;
  level: JurisdictionLevel;
}

export interface Jurisdiction extends JurisdictionRef {
  parentCode: string | null;
}

export interface Grant {
  role: Role;
  jurisdiction: JurisdictionRef;
  department: { id: string; name: string } | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  grants: Grant[];
}

export interface JurisdictionDetail extends Jurisdiction {
  /** GeoJSON Polygon or MultiPolygon in lon/lat; null where none was drawn (a city, say). */
  boundary: unknown;
  childLevel: JurisdictionLevel | null;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  kind: string;
  jurisdictionCode: string;
  isExternal: boolean;
}
