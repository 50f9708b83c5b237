/**
 * A statistical definition in words (Chinese, as departments write 口径), for
 * the metric list, the 口径说明 sheet of every exported report and the
 * fill-in tasks. Pure.
 */
import type { Aggregate, Condition, MetricDefinition, PersonCondition, Subject, Timing } from './definition.js';

const SUBJECT: Record<Subject, string> = { people: '人员', households: '户', dwellings: '房屋', organisations: '单位' };
const FIELD: Record<string, string> = {
  sex: '性别',
  residence_status: '居住状态',
  ethnicity: '民族',
  relation_to_head: '与户主关系',
  disability_grade: '残疾等级',
  registration_place: '户籍地',
  registration_type: '户别',
  use: '房屋用途',
  kind: '单位类型',
};
const RESIDENCE: Record<string, string> = { registered: '户籍人口（人户一致）', floating: '流动人口', left: '人户分离（户在人不在）' };

export interface DescribeNames {
  /** Tag code → name from the tag dictionary. */
  tag(code: string): string;
  /** Metric code → name, for ratios. */
  metric(code: string): string;
}

export const codesAsNames: DescribeNames = { tag: (c) => c, metric: (c) => c };

export function describeDefinition(definition: MetricDefinition, names: DescribeNames = codesAsNames): string {
  if (definition.kind === 'ratio') {
    const unit = definition.per === 100 ? '（%）' : definition.per === 1000 ? '（‰）' : '';
    return `比率：${names.metric(definition.numerator)} ÷ ${names.metric(definition.denominator)}${definition.per === 1 ? '' : ` × ${definition.per}`}${unit}`;
  }
  const parts = [`对象：${SUBJECT[definition.subject]}`, describeTiming(definition.timing)];
  if (definition.where.length) parts.push(`条件：${definition.where.map((c) => describeCondition(c, names)).join('；')}`);
  parts.push(`汇总：${describeAggregate(definition.aggregate)}`);
  return parts.join('。') + '。';
}

function describeTiming(timing: Timing): string {
  if (timing.kind === 'point') return '时点数（统计时点的存量，年龄按统计时点计算）';
  if (timing.event === 'born') return '时期数（统计期内出生）';
  if (timing.event === 'recorded') return '时期数（统计期内首次登记入库）';
  return `时期数（统计期内年满${timing.age}周岁）`;
}

function describeAggregate(aggregate: Aggregate): string {
  if (aggregate.fn === 'count') return '计数';
  if (aggregate.fn === 'count_distinct') return aggregate.of === 'household' ? '按户去重计数' : '按房屋去重计数';
  return aggregate.of === 'age' ? '年龄（周岁）合计' : aggregate.of === 'members' ? '户内居住人数合计' : '房屋居住人数合计';
}

function describeCondition(c: Condition, names: DescribeNames): string {
  switch (c.kind) {
    case 'household':
      return `所在户实际居住${range(c.members, '人')}`;
    case 'members':
    case 'occupants': {
      const who = c.kind === 'members' ? '户内居住成员' : '房屋居住人员';
      const parts: string[] = [];
      if (c.count) parts.push(`${who}${range(c.count, '人')}`);
      if (c.any) parts.push(`${who}中有人${c.any.map((p) => describeCondition(p, names)).join('且')}`);
      if (c.all) parts.push(`${who}均${c.all.map((p) => describeCondition(p, names)).join('且')}`);
      if (c.none) parts.push(`${who}中无人${c.none.map((p) => describeCondition(p, names)).join('且')}`);
      return parts.join('，');
    }
    default:
      return describePersonCondition(c, names);
  }
}

function describePersonCondition(c: PersonCondition, names: DescribeNames): string {
  switch (c.kind) {
    case 'age':
      if (c.max === undefined) return `年龄${c.min}周岁及以上`;
      if (c.min === undefined || c.min === 0) return `年龄不满${c.max + 1}周岁`;
      return `年龄${c.min}至${c.max}周岁`;
    case 'sex':
      return c.is === 'male' ? '男性' : '女性';
    case 'residence':
      return `居住状态为${c.in.map((s) => RESIDENCE[s]).join('或')}`;
    case 'tags': {
      const parts: string[] = [];
      if (c.all?.length) parts.push(`标签含${c.all.map(names.tag).join('、')}`);
      if (c.any?.length) parts.push(`标签含${c.any.map(names.tag).join('或')}之一`);
      if (c.none?.length) parts.push(`标签不含${c.none.map(names.tag).join('、')}`);
      return parts.join('，');
    }
    case 'field': {
      const field = FIELD[c.field] ?? c.field;
      if (c.in) return `${field}为${c.in.join('、')}`;
      if (c.notIn) return `${field}已知且不为${c.notIn.join('、')}`;
      if (c.known !== undefined) return c.known ? `${field}已知` : `${field}未知`;
      return `${field}${range(c, '')}`;
    }
  }
}

function range(r: { min?: number; max?: number }, unit: string): string {
  if (r.min !== undefined && r.max !== undefined) return r.min === r.max ? `${r.min}${unit}` : `${r.min}至${r.max}${unit}`;
  if (r.min !== undefined) return `不少于${r.min}${unit}`;
  return `不超过${r.max}${unit}`;
}
