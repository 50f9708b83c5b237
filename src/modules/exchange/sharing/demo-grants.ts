// The demo district's data-sharing grants: what the departments that work with
// residents may read, for what, where and on what legal basis — and one grant
// that has expired, to show the denial.
import type { AppDeps } from '../../../app-deps.js';
import { createGrant, type GrantInput } from './manage-grants.js';
import { tagField } from './grants.js';

const IDENTITY = ['person.name', 'person.id_number', 'person.sex', 'person.birth_date'];

export function demoGrants(district: { beishanStreet: string; firstCommunity: string; district: string }): GrantInput[] {
  const until = new Date('2027-12-31T16:00:00Z');
  const from = new Date('2025-12-31T16:00:00Z');
  return [
    {
      // 民政: elderly care and social assistance (低保、特困) in 北山街道.
      departmentCode: 'XH-MZ',
      fields: [...IDENTITY, 'person.phones', 'person.living_dwelling', 'person.household', 'person.relation_to_head', 'person.tags',
        tagField('low_income'), tagField('low_income_margin'), tagField('special_hardship'), 'person.disability_grade'],
      purpose: 'service_delivery',
      legalBasis: '《社会救助暂行办法》第十一条、第五十九条；《浙江省最低生活保障办法》',
      jurisdictionCode: district.beishanStreet,
      validFrom: from,
      validUntil: until,
    },
    {
      // 卫健: family-doctor contracts and chronic-disease follow-up in one community.
      departmentCode: 'XH-WJ',
      fields: [...IDENTITY, 'person.phones', 'person.living_dwelling', 'person.tags', tagField('chronic_disease'), tagField('pregnant')],
      purpose: 'service_delivery',
      legalBasis: '《中华人民共和国基本医疗卫生与健康促进法》第六十九条；《国家基本公共卫生服务规范（第三版）》',
      jurisdictionCode: district.firstCommunity,
      validFrom: from,
      validUntil: until,
    },
    {
      // 城管: reaching the person a case is about; names and numbers only.
      departmentCode: 'XH-CG',
      fields: ['person.name', 'person.phones'],
      purpose: 'case_handling',
      legalBasis: '《城市管理执法办法》第二十条；《浙江省城市管理相对集中行政处罚权条例》',
      jurisdictionCode: district.district,
      validFrom: from,
      validUntil: until,
    },
    {
      // 流动人口中心: the 2025 rental-housing check, over since the new year.
      departmentCode: 'XH-LD',
      fields: [...IDENTITY, 'person.residence_status', 'person.registration_place', 'person.living_dwelling'],
      purpose: 'service_delivery',
      legalBasis: '《浙江省流动人口居住登记条例》第十条',
      jurisdictionCode: district.district,
      validFrom: new Date('2024-12-31T16:00:00Z'),
      validUntil: from,
    },
  ];
}

export async function seedDemoGrants(deps: Pick<AppDeps, 'db' | 'clock'>, district: Parameters<typeof demoGrants>[0]): Promise<number> {
  const grants = demoGrants(district);
  for (const grant of grants) await createGrant(deps, null, grant);
  return grants.length;
}
