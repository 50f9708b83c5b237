/**
 * An actor's relation to one case (the roles of the transition table), from
 * its grants, where the case lies and who is responsible for it. Only grants
 * whose role may handle cases count; being a reporter is a fact about the case.
 */
import { pathWithin, ROLE_PERMISSIONS, type Actor, type Grant } from '../../kernel/access/access.js';
import type { Role } from '../../kernel/access/roles.js';
import type { Channel, UnitKind } from './model.js';
import type { CaseRole } from './workflow.js';

export interface CaseRelationFacts {
  jurisdictionPath: string;
  unitKind: UnitKind | null;
  unitDepartmentId: string | null;
  unitJurisdictionCode: string | null;
}

export function caseRolesOf(actor: Actor, facts: CaseRelationFacts, isReporter: boolean): CaseRole[] {
  const roles = new Set<CaseRole>(isReporter ? ['reporter'] : []);
  const handling = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('case.handle'));
  for (const g of handling) {
    const covers = pathWithin([g.jurisdictionPath], facts.jurisdictionPath);
    if (!covers) continue;
    if (g.role === 'community_staff' || g.role === 'street_staff') roles.add('dispatcher');
    if (isAssignee(g, facts)) roles.add('assignee');
    // The level above the unit decides its returns and suspensions; a street does not judge itself.
    if (g.role === 'leader') roles.add('supervisor');
    if (g.role === 'street_staff' && !(facts.unitKind === 'street' && facts.unitJurisdictionCode === g.jurisdictionCode)) roles.add('supervisor');
    if (g.role === 'grid_worker' || g.role === 'community_staff') roles.add('verifier');
  }
  return [...roles];
}

function isAssignee(g: Grant, facts: CaseRelationFacts): boolean {
  if (facts.unitKind === 'department' || facts.unitKind === 'external') return g.role === 'department_staff' && g.departmentId === facts.unitDepartmentId;
  if (facts.unitKind === 'community') return g.role === 'community_staff' && g.jurisdictionCode === facts.unitJurisdictionCode;
  if (facts.unitKind === 'street') return g.role === 'street_staff' && g.jurisdictionCode === facts.unitJurisdictionCode;
  return false;
}

/** Whether a grant is department staff of one of these departments (whistle summons). */
export function staffOfDepartment(actor: Actor, departmentId: string): boolean {
  return actor.grants.some((g) => g.role === 'department_staff' && g.departmentId === departmentId && ROLE_PERMISSIONS[g.role].includes('case.handle'));
}

/** The channels each role reports on; other systems (API tokens) come in as api, open311 or hotline (the 12345 system). */
const CHANNELS_BY_ROLE: Partial<Record<Role, readonly Channel[]>> = {
  resident: ['resident'],
  grid_worker: ['patrol'],
  community_staff: ['patrol', 'hotline', 'party_reception'],
  street_staff: ['patrol', 'hotline', 'party_reception'],
  party_admin: ['party_reception'],
};
const TOKEN_CHANNELS: readonly Channel[] = ['api', 'open311', 'hotline'];

export function channelsFor(actor: Actor): Channel[] {
  if (actor.kind === 'token') return [...TOKEN_CHANNELS];
  const reporting = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes('case.report'));
  return [...new Set(reporting.flatMap((g) => CHANNELS_BY_ROLE[g.role] ?? []))];
}

/** Whether the actor works for the unit behind a unit key (`department:<id>` or `jurisdiction:<code>`). */
export function staffOfUnit(actor: Actor, key: string): boolean {
  const [kind, id] = key.split(':');
  if (kind === 'department') return staffOfDepartment(actor, id);
  return actor.grants.some((g) => (g.role === 'community_staff' || g.role === 'street_staff') && g.jurisdictionCode === id);
}
