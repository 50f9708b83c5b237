/**
 * Case handling for the demo district, set up through the same services an
 * administrator uses: the standard taxonomy, the city's 2026 working calendar,
 * and a responsibility list that shows each kind of rule — a major class and
 * its subclasses, external bodies on natural-hour limits, rules for "the
 * case's own community" (属地), a local override for one community, and
 * categories left uncovered so they go to the street as hub.
 */
import type { AppDeps } from '../../app-deps.js';
import { putCalendar } from './calendars.js';
import { PRC_2026 } from './prc-holidays.js';
import { createRule, type RuleInput } from './responsibility-list.js';
import { STANDARD_TAXONOMY } from './standard-taxonomy.js';
import { saveCategories } from './taxonomy.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface DemoPlaces {
  city: { code: string; name: string };
  districtCode: string;
  /** A community whose property matters go to its property company instead of the community. */
  gatedCommunityCode: string;
}

const department = (departmentCode: string): RuleInput['unit'] => ({ kind: 'department', departmentCode });
const ownCommunity: RuleInput['unit'] = { kind: 'community', jurisdictionCode: null };

export async function seedDemoCaseHandling(deps: Deps, places: DemoPlaces): Promise<{ categories: number; rules: number }> {
  await saveCategories(deps, null, STANDARD_TAXONOMY);
  await putCalendar(deps, null, {
    jurisdictionCode: places.city.code,
    name: `${places.city.name}工作日历`,
    utcOffsetMinutes: 480,
    workingHours: [
      { start: '08:30', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ],
    weekendDays: [0, 6],
    days: PRC_2026,
  });
  const inDistrict = (categoryCode: string, unit: RuleInput['unit'], limits: RuleInput['limits'], note: string): RuleInput => ({
    categoryCode,
    jurisdictionCode: places.districtCode,
    conditions: {},
    unit,
    limits,
    note,
  });
  const rules: RuleInput[] = [
    inDistrict('SJ01', department('XH-CG'), { signFor: { hours: 2 }, handle: { days: 2 } }, '市容环境类事件由城管局处置'),
    inDistrict('SJ0101', department('XH-CG'), { signFor: { hours: 2 }, handle: { days: 20 } }, '私搭乱建：停工 4 小时内，拆除 20 个工作日内'),
    inDistrict('SJ0102', department('XH-CG'), { signFor: { hours: 1 }, handle: { hours: 4 } }, '暴露垃圾 4 个工作小时内清除'),
    inDistrict('SJ0103', department('XH-CG'), { signFor: { hours: 2 }, handle: { days: 2 } }, '建筑垃圾/渣土 2 个工作日'),
    inDistrict('SJ0104', department('XH-CG'), { signFor: { hours: 1 }, handle: { hours: 2 } }, '道路保洁 2 个工作小时'),
    inDistrict('SJ0106', department('XH-CG'), { handle: { days: 5 } }, '绿地养护 5 个工作日'),
    inDistrict('SJ02', department('XH-CG'), { handle: { days: 1 } }, '宣传广告类'),
    inDistrict('SJ04', department('XH-CG'), { handle: { days: 1 } }, '街面秩序类'),
    inDistrict('SJ0503', department('HZ-RQ'), { signFor: { minutes: 30, natural: true }, handle: { hours: 2, natural: true } }, '危及生命财产安全：2 小时'),
    inDistrict('BJ01', department('XH-CG'), { handle: { days: 5 } }, '公用设施部件'),
    inDistrict('MS01', department('HZ-SW'), { handle: { hours: 24, natural: true } }, '水电气暖 24 小时'),
    inDistrict('MS02', department('HZ-GD'), { handle: { hours: 24, natural: true } }, '水电气暖 24 小时'),
    inDistrict('MS03', department('HZ-RQ'), { handle: { hours: 24, natural: true } }, '水电气暖 24 小时'),
    inDistrict('MS04', ownCommunity, { handle: { days: 7 } }, '物业管理由属地社区协调'),
    inDistrict('MS0402', department('XH-SJ'), { signFor: { hours: 1 }, handle: { days: 1 } }, '电梯安全由市场监管局处置'),
    inDistrict('MS0501', department('XH-GA'), { handle: { days: 1 } }, '社会生活噪声由公安处置'),
    inDistrict('MS0502', department('XH-CG'), { handle: { days: 3 } }, '商业经营噪声由城管局处置'),
    inDistrict('MS06', ownCommunity, { handle: { days: 15 } }, '邻里纠纷由属地社区调解（复杂事项 15 日）'),
    inDistrict('MS07', department('XH-MZ'), { handle: { days: 15 } }, '社会救助由民政局办理'),
    inDistrict('MS08', ownCommunity, { handle: { days: 7 } }, '居家养老服务由属地社区对接'),
    {
      categoryCode: 'MS04',
      jurisdictionCode: places.gatedCommunityCode,
      conditions: {},
      unit: department('XH-WY'),
      limits: { handle: { days: 3 } },
      note: '该社区物业管理事项直接派物业公司（社区级规则优先于区级规则）',
    },
  ];
  for (const rule of rules) await createRule(deps, null, rule);
  return { categories: STANDARD_TAXONOMY.length, rules: rules.length };
}
