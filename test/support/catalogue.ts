// A catalogue for unit tests of mapping: the fields, codes and tags those tests
// use, defined as 0100-registry-catalogue.sql defines them.
import { Catalogue, type CodeDefinition, type FieldDefinition, type TagDefinition } from '../../src/modules/registry/catalogue/catalogue.js';

type Spec = Partial<FieldDefinition> & Pick<FieldDefinition, 'key' | 'type'>;

const field = (spec: Spec): FieldDefinition => ({
  entity: spec.key.split('.')[0] as FieldDefinition['entity'],
  role: 'fact',
  name: spec.key,
  nameEn: spec.key,
  description: '',
  multiple: false,
  codeList: null,
  sensitivity: 'personal',
  sensitiveCategory: null,
  ownerKind: null,
  survivorship: 'trusted_then_recent',
  trustedSources: [],
  ...spec,
});

const key = (spec: Spec) => field({ role: 'key', survivorship: null, ...spec });

const FIELDS: FieldDefinition[] = [
  field({ key: 'person.name', type: 'name', name: '姓名' }),
  field({ key: 'person.id_number', type: 'id_number', name: '公民身份号码' }),
  field({ key: 'person.sex', type: 'code', codeList: 'sex', name: '性别' }),
  field({ key: 'person.birth_date', type: 'date', name: '出生日期' }),
  field({ key: 'person.ethnicity', type: 'code', codeList: 'ethnicity' }),
  field({ key: 'person.phones', type: 'phone', multiple: true, survivorship: 'union', name: '联系电话' }),
  field({ key: 'person.registration_place', type: 'text' }),
  field({ key: 'person.residence_status', type: 'code', codeList: 'residence_status' }),
  field({ key: 'person.relation_to_head', type: 'code', codeList: 'relation_to_head' }),
  field({ key: 'person.tags', type: 'tag', multiple: true, survivorship: 'union' }),
  field({ key: 'person.household', type: 'reference', role: 'link' }),
  field({ key: 'person.living_dwelling', type: 'reference', role: 'link' }),
  key({ key: 'household.number', type: 'text' }),
  key({ key: 'dwelling.address', type: 'address', sensitivity: 'public' }),
  key({ key: 'dwelling.community', type: 'jurisdiction', sensitivity: 'public' }),
  key({ key: 'dwelling.compound', type: 'text', sensitivity: 'public' }),
  key({ key: 'dwelling.building', type: 'text', sensitivity: 'public' }),
  key({ key: 'dwelling.unit', type: 'text', sensitivity: 'public' }),
  key({ key: 'dwelling.room', type: 'text', sensitivity: 'public' }),
  field({ key: 'dwelling.use', type: 'code', codeList: 'dwelling_use', sensitivity: 'public' }),
  key({ key: 'organisation.credit_code', type: 'credit_code', sensitivity: 'public' }),
  field({ key: 'organisation.name', type: 'name', sensitivity: 'public' }),
];

const code = (code: string, label: string, aliases: string[] = []): CodeDefinition => ({ code, label, labelEn: code, aliases });

const CODES = new Map<string, CodeDefinition[]>([
  ['sex', [code('male', '男', ['1', '男性', 'M']), code('female', '女', ['2', '女性', 'F'])]],
  ['ethnicity', [code('汉族', '汉族', ['01', '汉']), code('回族', '回族', ['03', '回'])]],
  ['residence_status', [code('registered', '户籍人口', ['人户一致']), code('floating', '流动人口', ['流动']), code('left', '人户分离', ['户在人不在'])]],
  ['relation_to_head', [code('本人', '本人（户主）', ['01', '02', '户主']), code('配偶', '配偶', ['妻', '夫'])]],
  ['dwelling_use', [code('self_occupied', '自住'), code('rented', '出租', ['出租房'])]],
]);

const tag = (code: string, name: string, sensitiveCategory: TagDefinition['sensitiveCategory'] = null, aliases: string[] = []): TagDefinition => ({
  code,
  name,
  nameEn: code,
  description: '',
  sensitiveCategory,
  ownerKind: null,
  aliases,
});

const TAGS: TagDefinition[] = [
  tag('low_income', '低保', 'low_income', ['低保户']),
  tag('special_hardship', '特困', 'low_income'),
  tag('disabled', '残疾人', 'disability'),
  tag('chronic_disease', '慢性病患者', 'health', ['高血压']),
  tag('floating', '流动人口'),
];

export function testCatalogue(): Catalogue {
  return new Catalogue(FIELDS, CODES, TAGS);
}
