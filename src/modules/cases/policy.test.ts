import { describe, expect, it } from 'vitest';
import type { Actor, Grant } from '../../kernel/access/access.js';
import { caseRolesOf, channelsFor, staffOfUnit, type CaseRelationFacts } from './policy.js';

const DISTRICT = '330100.330106';
const STREET = `${DISTRICT}.330106002`;
const COMMUNITY = `${STREET}.330106002051`;
const GRID = `${COMMUNITY}.33010600205101`;
const OTHER_COMMUNITY = `${STREET}.330106002052`;

const grant = (role: Grant['role'], path: string, departmentId: string | null = null): Grant => ({
  role,
  jurisdictionCode: path.split('.').at(-1)!,
  jurisdictionPath: path,
  departmentId,
});
const actor = (...grants: Grant[]): Actor => ({ kind: 'user', id: 'u1', name: 'u1', grants });

const routedToDepartment: CaseRelationFacts = { jurisdictionPath: GRID, unitKind: 'department', unitDepartmentId: 'cg', unitJurisdictionCode: null };
const routedToStreet: CaseRelationFacts = { jurisdictionPath: GRID, unitKind: 'street', unitDepartmentId: null, unitJurisdictionCode: '330106002' };
const routedToCommunity: CaseRelationFacts = { jurisdictionPath: GRID, unitKind: 'community', unitDepartmentId: null, unitJurisdictionCode: '330106002051' };

describe('caseRolesOf', () => {
  it('makes community staff where the case lies its dispatcher and verifier', () => {
    expect(caseRolesOf(actor(grant('community_staff', COMMUNITY)), routedToDepartment, false).sort()).toEqual(['dispatcher', 'verifier']);
  });

  it('makes community staff the assignee too when the community is the unit', () => {
    expect(caseRolesOf(actor(grant('community_staff', COMMUNITY)), routedToCommunity, false).sort()).toEqual(['assignee', 'dispatcher', 'verifier']);
  });

  it('makes street staff dispatcher and supervisor — but not supervisor of its own street’s work', () => {
    expect(caseRolesOf(actor(grant('street_staff', STREET)), routedToDepartment, false).sort()).toEqual(['dispatcher', 'supervisor']);
    expect(caseRolesOf(actor(grant('street_staff', STREET)), routedToStreet, false).sort()).toEqual(['assignee', 'dispatcher']);
  });

  it('makes department staff the assignee of their own department’s cases only', () => {
    expect(caseRolesOf(actor(grant('department_staff', DISTRICT, 'cg')), routedToDepartment, false)).toEqual(['assignee']);
    expect(caseRolesOf(actor(grant('department_staff', DISTRICT, 'sj')), routedToDepartment, false)).toEqual([]);
  });

  it('makes the grid worker of the grid a verifier, and a leader a supervisor', () => {
    expect(caseRolesOf(actor(grant('grid_worker', GRID)), routedToDepartment, false)).toEqual(['verifier']);
    expect(caseRolesOf(actor(grant('leader', DISTRICT)), routedToStreet, false)).toEqual(['supervisor']);
  });

  it('gives nothing outside the grant’s place, and reporter to whoever reported', () => {
    expect(caseRolesOf(actor(grant('community_staff', OTHER_COMMUNITY)), routedToDepartment, false)).toEqual([]);
    expect(caseRolesOf(actor(grant('resident', COMMUNITY)), routedToDepartment, true)).toEqual(['reporter']);
    // Roles without case.handle never count, even in place.
    expect(caseRolesOf(actor(grant('auditor', DISTRICT), grant('data_steward', DISTRICT)), routedToDepartment, false)).toEqual([]);
  });
});

describe('staffOfUnit and channelsFor', () => {
  it('knows who works for a unit', () => {
    expect(staffOfUnit(actor(grant('department_staff', DISTRICT, 'cg')), 'department:cg')).toBe(true);
    expect(staffOfUnit(actor(grant('department_staff', DISTRICT, 'cg')), 'department:sj')).toBe(false);
    expect(staffOfUnit(actor(grant('community_staff', COMMUNITY)), 'jurisdiction:330106002051')).toBe(true);
    expect(staffOfUnit(actor(grant('street_staff', STREET)), 'jurisdiction:330106002051')).toBe(false);
  });

  it('lets each role report on its own channels', () => {
    expect(channelsFor(actor(grant('resident', COMMUNITY)))).toEqual(['resident']);
    expect(channelsFor(actor(grant('grid_worker', GRID)))).toEqual(['patrol']);
    expect(channelsFor(actor(grant('street_staff', STREET)))).toEqual(['patrol', 'hotline', 'party_reception']);
    expect(channelsFor(actor(grant('department_staff', DISTRICT, 'cg')))).toEqual([]);
    expect(channelsFor({ kind: 'token', id: 't', name: 'token:x', grants: [grant('street_staff', STREET)] })).toEqual(['api', 'open311', 'hotline']);
  });
});
