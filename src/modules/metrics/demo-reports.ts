/**
 * The demo's statistical definitions and six department reports, as a
 * district would have them: civil affairs, disabled persons' federation,
 * floating population, education and veterans' affairs each report on the
 * same residents, on shared metrics where they agree — and with the
 * duplicates (health and civil affairs both count the over-60s; public
 * security and the floating-population centre both count migrants) and
 * conflicts (two 独居老人数, two 残疾人数) a real district has, so the metric
 * list has something to show.
 */
import type { AppDeps } from '../../app-deps.js';
import { createMetric, reviseMetric, type MetricInput } from './define-metric.js';
import type { Condition, MetricDefinitionInput, PersonCondition } from './definition.js';
import { createTemplate, type TemplateInput } from './save-template.js';
import type { Column } from './template.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** Definitions in force from the start of the demo year (the demo's reference date is 2026-07-01). */
export const DEMO_VALID_FROM = '2026-01-01';

const living: PersonCondition = { kind: 'residence', in: ['registered', 'floating'] };
const age = (min?: number, max?: number): PersonCondition => ({ kind: 'age', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
const hasTags = (...all: string[]): PersonCondition => ({ kind: 'tags', all });
const sex = (is: 'male' | 'female'): PersonCondition => ({ kind: 'sex', is });
const floating: PersonCondition = { kind: 'residence', in: ['floating'] };
const people = (...where: Condition[]): MetricDefinitionInput => ({ kind: 'measure', subject: 'people', where });
const ratio = (numerator: string, denominator: string): MetricDefinitionInput => ({ kind: 'ratio', numerator, denominator, per: 100 });

type DemoMetric = Omit<MetricInput, 'validFrom'> & { validFrom?: string };

export const DEMO_METRICS: DemoMetric[] = [
  // Population base (public security)
  { code: 'resident_population', departmentCode: 'XH-GA', name: '实有人口数', definition: people(living), description: '在本辖区实际居住的户籍人口和流动人口。' },
  { code: 'registered_population', departmentCode: 'XH-GA', name: '户籍人口数', definition: people({ kind: 'residence', in: ['registered'] }) },
  { code: 'separated_population', departmentCode: 'XH-GA', name: '人户分离人口数', definition: people({ kind: 'residence', in: ['left'] }), description: '户籍在本辖区、实际居住在外。' },
  { code: 'floating_population', departmentCode: 'XH-GA', name: '暂住人口数', definition: people(floating) },
  // Elderly (civil affairs; health counts the over-60s again)
  { code: 'mz_elderly_60', departmentCode: 'XH-MZ', name: '60周岁及以上老年人数', definition: people(living, age(60)) },
  { code: 'wj_elderly_60', departmentCode: 'XH-WJ', name: '60岁以上老年人口', definition: people(age(60), living) },
  { code: 'mz_elderly_60_male', departmentCode: 'XH-MZ', name: '60周岁及以上男性老年人数', definition: people(living, age(60), sex('male')) },
  { code: 'mz_elderly_60_female', departmentCode: 'XH-MZ', name: '60周岁及以上女性老年人数', definition: people(living, age(60), sex('female')) },
  { code: 'mz_elderly_60_69', departmentCode: 'XH-MZ', name: '60至69周岁老年人数', definition: people(living, age(60, 69)) },
  { code: 'mz_elderly_70_79', departmentCode: 'XH-MZ', name: '70至79周岁老年人数', definition: people(living, age(70, 79)) },
  { code: 'mz_elderly_80_89', departmentCode: 'XH-MZ', name: '80至89周岁老年人数', definition: people(living, age(80, 89)) },
  { code: 'mz_elderly_90_99', departmentCode: 'XH-MZ', name: '90至99周岁老年人数', definition: people(living, age(90, 99)) },
  { code: 'mz_centenarians', departmentCode: 'XH-MZ', name: '百岁老人数', definition: people(living, age(100)) },
  { code: 'mz_elderly_80', departmentCode: 'XH-MZ', name: '80周岁及以上高龄老人数', definition: people(living, age(80)) },
  {
    code: 'mz_living_alone',
    departmentCode: 'XH-MZ',
    name: '独居老人数',
    validFrom: '2025-01-01',
    definition: people(hasTags('living_alone')),
    description: '第1版：社区上报的独居标记。',
  },
  { code: 'wj_living_alone', departmentCode: 'XH-WJ', name: '独居老人数', definition: people(hasTags('living_alone')), description: '家庭医生签约系统中的独居标记。' },
  { code: 'mz_newly_80', departmentCode: 'XH-MZ', name: '本期新增高龄老人数', definition: { kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'reached_age', age: 80 }, where: [living] } },
  {
    code: 'mz_elderly_only_households',
    departmentCode: 'XH-MZ',
    name: '纯老年人户数',
    definition: { kind: 'measure', subject: 'households', where: [{ kind: 'members', all: [age(60)] }] },
    description: '户内实际居住成员均为60周岁及以上的户。',
  },
  { code: 'mz_elderly_share', departmentCode: 'XH-MZ', name: '老龄化率（%）', definition: ratio('mz_elderly_60', 'resident_population') },
  // Assistance (civil affairs)
  { code: 'mz_low_income_households', departmentCode: 'XH-MZ', name: '低保户数', definition: { kind: 'measure', subject: 'people', where: [hasTags('low_income')], aggregate: { fn: 'count_distinct', of: 'household' } } },
  { code: 'mz_low_income_people', departmentCode: 'XH-MZ', name: '低保人数', definition: people(hasTags('low_income')) },
  { code: 'mz_low_income_elderly', departmentCode: 'XH-MZ', name: '低保对象中老年人数', definition: people(hasTags('low_income'), age(60)) },
  { code: 'mz_low_income_disabled', departmentCode: 'XH-MZ', name: '低保对象中残疾人数', definition: people(hasTags('low_income', 'disabled')) },
  { code: 'mz_low_income_children', departmentCode: 'XH-MZ', name: '低保对象中未成年人数', definition: people(hasTags('low_income'), age(undefined, 17)) },
  { code: 'mz_special_hardship', departmentCode: 'XH-MZ', name: '特困人员数', definition: people(hasTags('special_hardship')) },
  {
    code: 'mz_special_hardship_households',
    departmentCode: 'XH-MZ',
    name: '特困供养户数',
    definition: { kind: 'measure', subject: 'people', where: [hasTags('special_hardship')], aggregate: { fn: 'count_distinct', of: 'household' } },
  },
  // Disabled persons (federation; civil affairs counts only registered residents under the same name)
  { code: 'cl_disabled', departmentCode: 'XH-CL', name: '残疾人数', definition: people(hasTags('disabled')), description: '持有残疾人证的人员。' },
  { code: 'mz_disabled', departmentCode: 'XH-MZ', name: '残疾人数', definition: people(hasTags('disabled'), { kind: 'residence', in: ['registered'] }), description: '本地户籍的持证残疾人。' },
  { code: 'cl_disabled_male', departmentCode: 'XH-CL', name: '男性残疾人数', definition: people(hasTags('disabled'), sex('male')) },
  { code: 'cl_disabled_female', departmentCode: 'XH-CL', name: '女性残疾人数', definition: people(hasTags('disabled'), sex('female')) },
  { code: 'cl_disabled_elderly', departmentCode: 'XH-CL', name: '60周岁及以上残疾人数', definition: people(hasTags('disabled'), age(60)) },
  { code: 'cl_disabled_children', departmentCode: 'XH-CL', name: '未成年残疾人数', definition: people(hasTags('disabled'), age(undefined, 17)) },
  { code: 'cl_disabled_severe', departmentCode: 'XH-CL', name: '重度残疾人数（一、二级）', definition: people(hasTags('disabled'), { kind: 'field', field: 'disability_grade', in: [1, 2] }) },
  // Floating population and rental housing
  { code: 'ld_floating', departmentCode: 'XH-LD', name: '流动人口数', definition: people(floating) },
  { code: 'ld_floating_male', departmentCode: 'XH-LD', name: '男性流动人口数', definition: people(floating, sex('male')) },
  { code: 'ld_floating_female', departmentCode: 'XH-LD', name: '女性流动人口数', definition: people(floating, sex('female')) },
  { code: 'ld_floating_children', departmentCode: 'XH-LD', name: '未成年流动人口数', definition: people(floating, age(undefined, 17)) },
  { code: 'ld_floating_working_age', departmentCode: 'XH-LD', name: '16至59周岁流动人口数', definition: people(floating, age(16, 59)) },
  { code: 'ld_floating_elderly', departmentCode: 'XH-LD', name: '60周岁及以上流动人口数', definition: people(floating, age(60)) },
  { code: 'ld_newly_registered', departmentCode: 'XH-LD', name: '本期新登记流动人口数', definition: { kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'recorded' }, where: [floating] } },
  {
    code: 'ld_rented_dwellings',
    departmentCode: 'XH-LD',
    name: '出租房屋数（流动人口居住）',
    definition: { kind: 'measure', subject: 'people', where: [floating], aggregate: { fn: 'count_distinct', of: 'dwelling' } },
    description: '有流动人口实际居住的房屋。',
  },
  { code: 'ld_dwellings', departmentCode: 'XH-LD', name: '实有房屋数', definition: { kind: 'measure', subject: 'dwellings', where: [] } },
  { code: 'ld_floating_share', departmentCode: 'XH-LD', name: '流动人口占实有人口比例（%）', definition: ratio('ld_floating', 'resident_population') },
  // Children (education)
  { code: 'jy_minors', departmentCode: 'XH-JY', name: '未成年人数', definition: people(living, age(undefined, 17)) },
  { code: 'jy_age_0_2', departmentCode: 'XH-JY', name: '0至2周岁婴幼儿数', definition: people(living, age(0, 2)) },
  { code: 'jy_age_3_5', departmentCode: 'XH-JY', name: '3至5周岁学龄前儿童数', definition: people(living, age(3, 5)) },
  { code: 'jy_age_6_11', departmentCode: 'XH-JY', name: '6至11周岁儿童数', definition: people(living, age(6, 11)) },
  { code: 'jy_age_12_14', departmentCode: 'XH-JY', name: '12至14周岁少年数', definition: people(living, age(12, 14)) },
  { code: 'jy_age_15_17', departmentCode: 'XH-JY', name: '15至17周岁青少年数', definition: people(living, age(15, 17)) },
  { code: 'jy_school_age', departmentCode: 'XH-JY', name: '义务教育适龄儿童数（6至15周岁）', definition: people(living, age(6, 15)) },
  { code: 'jy_floating_children', departmentCode: 'XH-JY', name: '流动儿童数', definition: people(floating, age(undefined, 17)) },
  { code: 'jy_births', departmentCode: 'XH-JY', name: '本期出生人口数', definition: { kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'born' }, where: [living] } },
  // Veterans
  { code: 'ty_veterans', departmentCode: 'XH-TY', name: '退役军人数', definition: people(hasTags('veteran')) },
  { code: 'ty_veterans_60', departmentCode: 'XH-TY', name: '60周岁及以上退役军人数', definition: people(hasTags('veteran'), age(60)) },
  { code: 'ty_veterans_80', departmentCode: 'XH-TY', name: '80周岁及以上退役军人数', definition: people(hasTags('veteran'), age(80)) },
  { code: 'ty_veterans_low_income', departmentCode: 'XH-TY', name: '享受低保的退役军人数', definition: people(hasTags('veteran', 'low_income')) },
  { code: 'ty_veterans_disabled', departmentCode: 'XH-TY', name: '残疾退役军人数', definition: people(hasTags('veteran', 'disabled')) },
  {
    code: 'ty_veterans_alone',
    departmentCode: 'XH-TY',
    name: '独居退役军人数',
    definition: people(hasTags('veteran'), age(60), living, { kind: 'household', members: { max: 1 } }),
  },
  { code: 'ty_veteran_households', departmentCode: 'XH-TY', name: '退役军人家庭户数', definition: { kind: 'measure', subject: 'people', where: [hasTags('veteran')], aggregate: { fn: 'count_distinct', of: 'household' } } },
];

/** Civil affairs' second statistical definition of 独居老人: computed from who lives in the household, not from a mark someone set. */
export const LIVING_ALONE_V2: { validFrom: string; name: string; description: string; definition: MetricDefinitionInput } = {
  validFrom: DEMO_VALID_FROM,
  name: '独居老人数',
  description: '第2版：60周岁及以上、实际居住在本辖区、所在户实际居住仅本人。',
  definition: people(age(60), living, { kind: 'household', members: { max: 1 } }),
};

const col = (key: string, label: string, metric: string): Column => ({ key, label, metric });
const manual = (key: string, label: string, type: 'integer' | 'decimal' = 'integer'): Column => ({ key, label, manual: { type } });
const group = (label: string, ...children: Column[]): Column => ({ label, children });
const byCommunity = { kind: 'units', level: 'community' } as const;

export const DEMO_TEMPLATES: TemplateInput[] = [
  {
    code: 'MZ-ELDERLY',
    name: '老年人口基本情况统计表',
    departmentCode: 'XH-MZ',
    frequency: 'quarterly',
    layout: {
      title: '老年人口基本情况统计表',
      rowHeader: '社区',
      numbered: true,
      rows: byCommunity,
      columns: [
        col('residents', '实有人口', 'resident_population'),
        group(
          '60周岁及以上老年人',
          col('elderly', '合计', 'mz_elderly_60'),
          group('按性别', col('male', '男', 'mz_elderly_60_male'), col('female', '女', 'mz_elderly_60_female')),
          group(
            '按年龄',
            col('age_60_69', '60-69岁', 'mz_elderly_60_69'),
            col('age_70_79', '70-79岁', 'mz_elderly_70_79'),
            col('age_80_89', '80-89岁', 'mz_elderly_80_89'),
            col('age_90_99', '90-99岁', 'mz_elderly_90_99'),
            col('age_100', '100岁及以上', 'mz_centenarians'),
          ),
        ),
        col('alone', '独居老人', 'mz_living_alone'),
        col('elderly_households', '纯老年人户', 'mz_elderly_only_households'),
        col('newly_80', '本期新增高龄老人', 'mz_newly_80'),
        col('share', '老龄化率（%）', 'mz_elderly_share'),
        group('居家养老服务（社区填报）', manual('home_care_visits', '上门服务人次'), manual('meal_service', '助餐服务人数')),
      ],
      totals: true,
      notes: ['年龄按统计时点计算周岁。', '独居老人：60周岁及以上、实际居住在本辖区且所在户实际居住仅本人（口径第2版起）。'],
    },
  },
  {
    code: 'MZ-ASSIST',
    name: '城乡低保和特困人员统计表',
    departmentCode: 'XH-MZ',
    frequency: 'monthly',
    layout: {
      title: '城乡最低生活保障和特困人员救助供养情况统计表',
      rowHeader: '社区',
      numbered: true,
      rows: byCommunity,
      columns: [
        group(
          '最低生活保障',
          col('households', '户数', 'mz_low_income_households'),
          col('people', '人数', 'mz_low_income_people'),
          group('其中', col('elderly', '老年人', 'mz_low_income_elderly'), col('disabled', '残疾人', 'mz_low_income_disabled'), col('children', '未成年人', 'mz_low_income_children')),
        ),
        group('特困人员救助供养', col('hardship_households', '户数', 'mz_special_hardship_households'), col('hardship_people', '人数', 'mz_special_hardship')),
        manual('allowance_paid', '当月发放保障金（元）', 'decimal'),
      ],
      totals: true,
      notes: ['户数按户去重：同一户多人享受只计一户。'],
    },
  },
  {
    code: 'CL-GRADE',
    name: '持证残疾人分等级统计表',
    departmentCode: 'XH-CL',
    frequency: 'quarterly',
    layout: {
      title: '持证残疾人分等级情况统计表',
      rowHeader: '残疾等级',
      numbered: false,
      rows: {
        kind: 'categories',
        items: [1, 2, 3, 4].map((grade) => ({
          key: `grade_${grade}`,
          label: `${['一', '二', '三', '四'][grade - 1]}级`,
          where: [{ kind: 'field', field: 'disability_grade', in: [grade] }],
        })),
      },
      columns: [
        col('disabled', '残疾人数', 'cl_disabled'),
        group('按性别', col('male', '男', 'cl_disabled_male'), col('female', '女', 'cl_disabled_female')),
        group('按年龄', col('elderly', '60岁及以上', 'cl_disabled_elderly'), col('children', '未成年', 'cl_disabled_children')),
        col('low_income', '享受低保', 'mz_low_income_disabled'),
        manual('rehab_services', '本季度康复服务人次'),
      ],
      totals: true,
      notes: ['合计为全部持证残疾人，不是各等级相加（等级未知者只计入合计）。'],
    },
  },
  {
    code: 'LD-FLOAT',
    name: '流动人口和出租房屋统计表',
    departmentCode: 'XH-LD',
    frequency: 'monthly',
    layout: {
      title: '流动人口和出租房屋服务管理情况统计表',
      rowHeader: '社区',
      numbered: true,
      rows: byCommunity,
      columns: [
        col('residents', '实有人口', 'resident_population'),
        group(
          '流动人口',
          col('floating', '合计', 'ld_floating'),
          group('按性别', col('male', '男', 'ld_floating_male'), col('female', '女', 'ld_floating_female')),
          group('按年龄', col('minors', '未成年', 'ld_floating_children'), col('working', '16-59岁', 'ld_floating_working_age'), col('elderly', '60岁及以上', 'ld_floating_elderly')),
          col('new', '本期新登记', 'ld_newly_registered'),
        ),
        col('share', '流动人口占比（%）', 'ld_floating_share'),
        group('房屋', col('dwellings', '实有房屋', 'ld_dwellings'), col('rented', '出租房屋（流动人口居住）', 'ld_rented_dwellings'), manual('inspected', '本月出租房屋安全检查户数')),
      ],
      totals: true,
      notes: [],
    },
  },
  {
    code: 'JY-CHILD',
    name: '未成年人和适龄儿童统计表',
    departmentCode: 'XH-JY',
    frequency: 'half_yearly',
    layout: {
      title: '辖区未成年人和义务教育适龄儿童情况统计表',
      rowHeader: '社区',
      numbered: true,
      rows: byCommunity,
      columns: [
        group(
          '未成年人',
          col('minors', '合计', 'jy_minors'),
          col('age_0_2', '0-2岁', 'jy_age_0_2'),
          col('age_3_5', '3-5岁', 'jy_age_3_5'),
          col('age_6_11', '6-11岁', 'jy_age_6_11'),
          col('age_12_14', '12-14岁', 'jy_age_12_14'),
          col('age_15_17', '15-17岁', 'jy_age_15_17'),
        ),
        col('school_age', '义务教育适龄儿童', 'jy_school_age'),
        col('floating', '流动儿童', 'jy_floating_children'),
        col('low_income', '低保家庭未成年人', 'mz_low_income_children'),
        col('births', '本期出生', 'jy_births'),
        manual('enrolled', '本期入学登记人数'),
      ],
      totals: true,
      notes: ['统计期为半年：1月1日至6月30日或7月1日至12月31日。'],
    },
  },
  {
    code: 'TY-VETERAN',
    name: '退役军人和优抚对象统计表',
    departmentCode: 'XH-TY',
    frequency: 'quarterly',
    layout: {
      title: '退役军人和其他优抚对象基本情况统计表',
      rowHeader: '社区',
      numbered: true,
      rows: byCommunity,
      columns: [
        group(
          '退役军人',
          col('veterans', '合计', 'ty_veterans'),
          col('age_60', '60岁及以上', 'ty_veterans_60'),
          col('age_80', '80岁及以上', 'ty_veterans_80'),
          col('low_income', '享受低保', 'ty_veterans_low_income'),
          col('disabled', '残疾', 'ty_veterans_disabled'),
          col('alone', '独居', 'ty_veterans_alone'),
        ),
        col('households', '退役军人家庭户', 'ty_veteran_households'),
        group('其他优抚对象（社区填报）', manual('entitled', '优抚对象人数'), manual('visits', '本季度走访慰问户数')),
      ],
      totals: true,
      notes: ['优抚对象（烈士遗属、因公牺牲军人遗属、病故军人遗属等）尚未纳入基础数据，由社区填报。'],
    },
  },
];

/** Declare the demo's metrics and create its six reports, as the operator at the CLI. */
export async function seedDemoReporting(deps: Deps): Promise<{ metrics: number; templates: number }> {
  for (const metric of DEMO_METRICS) await createMetric(deps, null, { ...metric, validFrom: metric.validFrom ?? DEMO_VALID_FROM });
  await reviseMetric(deps, null, 'mz_living_alone', LIVING_ALONE_V2);
  for (const template of DEMO_TEMPLATES) await createTemplate(deps, null, template);
  return { metrics: DEMO_METRICS.length, templates: DEMO_TEMPLATES.length };
}
