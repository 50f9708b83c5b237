import { describe, expect, it } from 'vitest';
import type { ResponsibleUnit } from './model.js';
import { routeCase, type RoutingRule, type RoutingSubject } from './routing.js';

const DISTRICT = { code: '330106', name: '西湖区', path: '330100.330106' };
const STREET = { code: '330106002', name: '北山街道', path: `${DISTRICT.path}.330106002` };
const COMMUNITY = { code: '330106002051', name: '上保社区', path: `${STREET.path}.330106002051` };
const GRID_PATH = `${COMMUNITY.path}.33010600205101`;

const hub: ResponsibleUnit = { kind: 'street', departmentId: null, jurisdictionCode: STREET.code, name: STREET.name };

function rule(ruleKey: string, overrides: Partial<RoutingRule> = {}): RoutingRule {
  return {
    id: `${ruleKey}-id`,
    ruleKey,
    version: 1,
    categoryCode: 'SJ01',
    jurisdictionCode: DISTRICT.code,
    jurisdictionName: DISTRICT.name,
    jurisdictionPath: DISTRICT.path,
    conditions: {},
    unit: { kind: 'department', departmentId: `dept-${ruleKey}`, name: `部门${ruleKey}` },
    limits: {},
    ...overrides,
  };
}

const subject = (overrides: Partial<RoutingSubject> = {}): RoutingSubject => ({
  categoryLineage: [
    { code: 'SJ0102', name: '暴露垃圾' },
    { code: 'SJ01', name: '市容环境' },
  ],
  jurisdictionPath: GRID_PATH,
  community: { code: COMMUNITY.code, name: COMMUNITY.name },
  street: { code: STREET.code, name: STREET.name },
  channel: 'resident',
  description: '小区门口有垃圾堆放',
  ...overrides,
});

const inCommunity = { jurisdictionCode: COMMUNITY.code, jurisdictionName: COMMUNITY.name, jurisdictionPath: COMMUNITY.path };
const inStreet = { jurisdictionCode: STREET.code, jurisdictionName: STREET.name, jurisdictionPath: STREET.path };

describe('routeCase', () => {
  it('sends a case no rule covers to the street as hub, and says so', () => {
    const decision = routeCase([rule('R1', { categoryCode: 'SJ02' })], subject(), hub);
    expect(decision.rule).toBeNull();
    expect(decision.unit).toEqual(hub);
    expect(decision.explanation).toContain('首接负责');
    expect(decision.explanation).toContain('SJ0102');
  });

  it('applies a major-class rule to its subclasses', () => {
    const decision = routeCase([rule('R1')], subject(), hub);
    expect(decision.rule?.ruleKey).toBe('R1');
    expect(decision.explanation).toBe('按权责清单规则 R1 第1版派至部门R1：类别“市容环境”（SJ01），范围“西湖区”，条件：无。');
  });

  it('prefers the subclass rule over a major-class rule, even one for a smaller area', () => {
    const rules = [rule('LOCAL', { ...inCommunity }), rule('EXACT', { categoryCode: 'SJ0102' })];
    const decision = routeCase(rules, subject(), hub);
    expect(decision.rule?.ruleKey).toBe('EXACT');
    expect(decision.outranked).toEqual([{ ruleKey: 'LOCAL', version: 1 }]);
    expect(decision.explanation).toContain('优先于 LOCAL 第1版');
  });

  it('prefers the smaller area for the same category', () => {
    const rules = [rule('DISTRICT'), rule('STREET', inStreet), rule('COMMUNITY', inCommunity)];
    expect(routeCase(rules, subject(), hub).rule?.ruleKey).toBe('COMMUNITY');
    expect(routeCase(rules, subject({ jurisdictionPath: `${STREET.path}.330106002052.33010600205201` }), hub).rule?.ruleKey).toBe('STREET');
  });

  it('ignores rules for other areas', () => {
    const elsewhere = { jurisdictionCode: '330106004', jurisdictionName: '西溪街道', jurisdictionPath: `${DISTRICT.path}.330106004` };
    expect(routeCase([rule('OTHER', elsewhere)], subject(), hub).rule).toBeNull();
  });

  it('prefers a rule whose conditions hold, and skips one whose conditions do not', () => {
    const rules = [rule('PLAIN'), rule('HOTLINE', { conditions: { channels: ['hotline'] } }), rule('WORDS', { conditions: { keywords: ['垃圾', '渣土'] } })];
    expect(routeCase(rules, subject(), hub).rule?.ruleKey).toBe('WORDS');
    expect(routeCase(rules, subject({ description: '路边脏乱' }), hub).rule?.ruleKey).toBe('PLAIN');
    const both = rule('BOTH', { conditions: { channels: ['hotline'], keywords: ['垃圾'] } });
    expect(routeCase([...rules, both], subject({ channel: 'hotline' }), hub).rule?.ruleKey).toBe('BOTH');
  });

  it('breaks a remaining tie by rule key, whatever the order of the list', () => {
    const a = rule('A', { conditions: { channels: ['resident'] } });
    const b = rule('B', { conditions: { keywords: ['垃圾'] } });
    expect(routeCase([b, a], subject(), hub).rule?.ruleKey).toBe('A');
    expect(routeCase([a, b], subject(), hub).rule?.ruleKey).toBe('A');
  });

  it('resolves a rule for "the case’s own community" (属地) to that community', () => {
    const own = rule('OWN', { unit: { kind: 'community', jurisdictionCode: null, name: null } });
    const decision = routeCase([own], subject(), hub);
    expect(decision.unit).toEqual({ kind: 'community', departmentId: null, jurisdictionCode: COMMUNITY.code, name: COMMUNITY.name });
    // A case placed no deeper than its street has no community of its own: the rule cannot apply.
    expect(routeCase([own], subject({ jurisdictionPath: STREET.path, community: null }), hub).rule).toBeNull();
  });

  it('carries the winning rule’s limits and version', () => {
    const limits = { signFor: { hours: 1 }, handle: { hours: 4 } };
    const decision = routeCase([rule('R9', { version: 3, categoryCode: 'SJ0102', limits })], subject(), hub);
    expect(decision.limits).toEqual(limits);
    expect(decision.explanation).toContain('R9 第3版');
  });
});
