/**
 * Routing by the responsibility list (权责清单 / 派单目录): which rule decides
 * who is responsible for a new case, and why.
 *
 * A rule applies when the case's category is the rule's category or lies under
 * it, the case lies inside the rule's jurisdiction subtree, and every condition
 * of the rule holds. Among the rules that apply, the most specific wins,
 * compared in this order:
 *
 *   1. category: a subclass rule beats its major-class rule — the matter
 *      decides the legal responsibility, so an area-wide rule for one kind of
 *      problem is not overridden by a local rule for a broader class;
 *   2. jurisdiction: a rule for a smaller area (grid < community < street <
 *      district < city) beats one for a larger area — local arrangements
 *      override general ones for the same matter;
 *   3. conditions: a rule with more conditions (all holding) beats one with fewer;
 *   4. otherwise the rule key in code-point order, so the choice is reproducible.
 *      Two live rules with the same category, jurisdiction and conditions cannot
 *      exist (the database refuses them): a change is a new version instead.
 *
 * A case no rule covers goes to its street as hub (首接负责): the street
 * coordinates it and can propose a rule.
 */
import type { Channel, ResponsibleUnit, StageLimit } from './model.js';

export interface RuleConditions {
  /** Only for cases that came in on one of these channels. */
  channels?: Channel[];
  /** Only when the description mentions one of these words. */
  keywords?: string[];
}

/** Whom a rule names: a fixed unit, or the case's own community or street (属地). */
export type RuleUnit =
  | { kind: 'department' | 'external'; departmentId: string; name: string }
  | { kind: 'street' | 'community'; jurisdictionCode: string | null; name: string | null };

export interface RoutingRule {
  id: string;
  ruleKey: string;
  version: number;
  categoryCode: string;
  jurisdictionCode: string;
  jurisdictionName: string;
  jurisdictionPath: string;
  conditions: RuleConditions;
  unit: RuleUnit;
  limits: { signFor?: StageLimit; handle?: StageLimit };
}

export interface RoutingSubject {
  /** The case's category first, then its ancestors up to the major class. */
  categoryLineage: Array<{ code: string; name: string }>;
  /** The case's place: its grid (or the deepest jurisdiction it was placed in). */
  jurisdictionPath: string;
  /** Codes and names of the case's community and street, when known. */
  community: { code: string; name: string } | null;
  street: { code: string; name: string } | null;
  channel: Channel;
  description: string;
}

export interface RoutingDecision {
  rule: RoutingRule | null;
  unit: ResponsibleUnit;
  limits: { signFor?: StageLimit; handle?: StageLimit };
  /** One sentence a person can read: which rule, why it won, or why the hub. */
  explanation: string;
  /** Rules that also applied and lost, most specific first. */
  outranked: Array<{ ruleKey: string; version: number }>;
}

interface Ranked {
  rule: RoutingRule;
  unit: ResponsibleUnit;
  categoryDepth: number;
  jurisdictionDepth: number;
  conditionCount: number;
}

export function routeCase(rules: readonly RoutingRule[], subject: RoutingSubject, hub: ResponsibleUnit): RoutingDecision {
  const ranked = rules
    .map((rule) => rank(rule, subject))
    .filter((r): r is Ranked => r !== null)
    .sort(compareSpecificity);
  const [winner, ...losers] = ranked;
  const category = subject.categoryLineage[0];
  if (!winner) {
    return {
      rule: null,
      unit: hub,
      limits: {},
      explanation: `权责清单未覆盖类别“${category.name}”（${category.code}）在此位置的案件，由${hub.name}作为枢纽首接负责。`,
      outranked: [],
    };
  }
  const { rule } = winner;
  const matchedCategory = subject.categoryLineage.find((c) => c.code === rule.categoryCode)!;
  const conditionText = describeConditions(rule.conditions);
  const beat = losers.length > 0 ? `；优先于 ${losers.map((l) => `${l.rule.ruleKey} 第${l.rule.version}版`).join('、')}（规则越具体越优先）` : '';
  return {
    rule,
    unit: winner.unit,
    limits: rule.limits,
    explanation:
      `按权责清单规则 ${rule.ruleKey} 第${rule.version}版派至${winner.unit.name}：` +
      `类别“${matchedCategory.name}”（${matchedCategory.code}），范围“${rule.jurisdictionName}”，条件：${conditionText}${beat}。`,
    outranked: losers.map((l) => ({ ruleKey: l.rule.ruleKey, version: l.rule.version })),
  };
}

function rank(rule: RoutingRule, subject: RoutingSubject): Ranked | null {
  const categoryIndex = subject.categoryLineage.findIndex((c) => c.code === rule.categoryCode);
  if (categoryIndex === -1) return null;
  if (subject.jurisdictionPath !== rule.jurisdictionPath && !subject.jurisdictionPath.startsWith(`${rule.jurisdictionPath}.`)) return null;
  if (!conditionsHold(rule.conditions, subject)) return null;
  const unit = resolveUnit(rule.unit, subject);
  if (!unit) return null;
  return {
    rule,
    unit,
    categoryDepth: subject.categoryLineage.length - categoryIndex,
    jurisdictionDepth: rule.jurisdictionPath.split('.').length,
    conditionCount: conditionCount(rule.conditions),
  };
}

function compareSpecificity(a: Ranked, b: Ranked): number {
  return (
    b.categoryDepth - a.categoryDepth ||
    b.jurisdictionDepth - a.jurisdictionDepth ||
    b.conditionCount - a.conditionCount ||
    (a.rule.ruleKey < b.rule.ruleKey ? -1 : a.rule.ruleKey > b.rule.ruleKey ? 1 : 0)
  );
}

function conditionsHold(conditions: RuleConditions, subject: Pick<RoutingSubject, 'channel' | 'description'>): boolean {
  if (conditions.channels && !conditions.channels.includes(subject.channel)) return false;
  if (conditions.keywords && !conditions.keywords.some((k) => subject.description.includes(k))) return false;
  return true;
}

function conditionCount(conditions: RuleConditions): number {
  return (conditions.channels ? 1 : 0) + (conditions.keywords ? 1 : 0);
}

/** A rule for "the case's own community" cannot apply to a case placed no deeper than its street. */
function resolveUnit(unit: RuleUnit, subject: RoutingSubject): ResponsibleUnit | null {
  if ('departmentId' in unit) return { kind: unit.kind, departmentId: unit.departmentId, jurisdictionCode: null, name: unit.name };
  if (unit.jurisdictionCode) return { kind: unit.kind, departmentId: null, jurisdictionCode: unit.jurisdictionCode, name: unit.name ?? unit.jurisdictionCode };
  const own = unit.kind === 'community' ? subject.community : subject.street;
  return own ? { kind: unit.kind, departmentId: null, jurisdictionCode: own.code, name: own.name } : null;
}

function describeConditions(conditions: RuleConditions): string {
  const parts = [];
  if (conditions.channels) parts.push(`渠道为 ${conditions.channels.join('/')}`);
  if (conditions.keywords) parts.push(`描述含“${conditions.keywords.join('”或“')}”`);
  return parts.length > 0 ? parts.join('，且') : '无';
}
