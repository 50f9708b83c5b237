/**
 * Three sample forms, used by the tests, written out as workbooks to
 * docs/samples/forms/ by write-samples.ts, and ready for the demo seed.
 */
import type { RegistryFieldKind } from '../compile.js';
import type { FormSpec } from '../spec.js';

/** The registry fields a form may bind to, with what they hold: a person's, a household's and a dwelling's. */
export const REGISTRY_FIELDS: Readonly<Record<string, RegistryFieldKind>> = {
  'person.name': 'text',
  'person.id_number': 'text',
  'person.sex': 'text',
  'person.birth_date': 'date',
  'person.ethnicity': 'text',
  'person.phone': 'text',
  'person.residence_status': 'text',
  'person.tags': 'list',
  'person.disability_grade': 'number',
  'person.relation_to_head': 'text',
  'household.registration_type': 'text',
  'dwelling.use': 'text',
};

const yesNo = [
  { listName: 'yes_no', name: 'yes', label: { zh: '是', en: 'Yes' } },
  { listName: 'yes_no', name: 'no', label: { zh: '否', en: 'No' } },
];

/** A grid worker's visit to an older resident, opened on one person: most of it comes from the registry. */
export const elderlyCareVisit: FormSpec = {
  settings: { formId: 'elderly_care_visit', formTitle: '老年人关爱走访表', version: '2026.1', defaultLanguage: 'zh' },
  survey: [
    { type: 'note', name: 'intro', label: { zh: '底册已有的信息自动带出，只需填写缺少的内容。', en: 'What the registry knows is filled in; add only what is missing.' } },
    { type: 'text', name: 'full_name', label: { zh: '姓名', en: 'Name' }, required: 'yes', registryField: 'person.name' },
    {
      type: 'date',
      name: 'birth_date',
      label: { zh: '出生日期', en: 'Date of birth' },
      required: 'yes',
      constraint: '. <= today()',
      constraintMessage: { zh: '出生日期不能晚于今天', en: 'The date of birth cannot be in the future.' },
      registryField: 'person.birth_date',
    },
    { type: 'calculate', name: 'age', calculation: 'age(${birth_date})' },
    {
      type: 'text',
      name: 'phone',
      label: { zh: '联系电话', en: 'Phone' },
      hint: { zh: '11 位手机号', en: '11-digit mobile number' },
      constraint: "regex(., '^1[3-9][0-9]{9}$')",
      constraintMessage: { zh: '请输入 11 位手机号码', en: 'Enter an 11-digit mobile number.' },
      registryField: 'person.phone',
    },
    {
      type: 'select_multiple',
      listName: 'care_tags',
      name: 'care_tags',
      label: { zh: '关爱类别', en: 'Care categories' },
      registryField: 'person.tags',
    },
    { type: 'select_one', listName: 'living', name: 'living', label: { zh: '居住情况', en: 'Living arrangement' }, required: 'yes' },
    { type: 'begin_group', name: 'health', label: { zh: '健康与照护', en: 'Health and care' }, relevant: '${age} >= 60' },
    { type: 'select_one', listName: 'self_care', name: 'self_care', label: { zh: '生活自理能力', en: 'Self-care ability' }, required: 'yes' },
    {
      type: 'integer',
      name: 'chronic_conditions',
      label: { zh: '慢性病种数', en: 'Number of chronic conditions' },
      default: '0',
      constraint: '. >= 0 and . <= 20',
      constraintMessage: { zh: '请填写 0 到 20 之间的整数', en: 'Enter a whole number from 0 to 20.' },
    },
    {
      type: 'select_multiple',
      listName: 'services',
      name: 'services_needed',
      label: { zh: '需要的服务', en: 'Services needed' },
      choiceFilter: "alone_only = 'no' or ${living} = 'alone'",
    },
    { type: 'end_group', name: 'health' },
    { type: 'date', name: 'visit_date', label: { zh: '走访日期', en: 'Visit date' }, required: 'yes', default: 'today()', constraint: '. <= today()' },
    { type: 'select_one', listName: 'yes_no', name: 'follow_up', label: { zh: '是否需要跟进', en: 'Follow-up needed?' }, required: 'yes' },
    {
      type: 'text',
      name: 'follow_up_reason',
      label: { zh: '跟进事项', en: 'What to follow up' },
      required: 'yes',
      relevant: "${follow_up} = 'yes'",
      constraint: 'string-length(.) >= 4',
      constraintMessage: { zh: '请至少写 4 个字说明情况', en: 'Describe it in at least 4 characters.' },
    },
    { type: 'note', name: 'summary', label: { zh: '${full_name}，${age} 岁', en: '${full_name}, aged ${age}' } },
  ],
  choices: [
    { listName: 'care_tags', name: 'elderly_alone', label: { zh: '独居老人', en: 'Living alone' } },
    { listName: 'care_tags', name: 'empty_nest', label: { zh: '空巢老人', en: 'Empty nest' } },
    { listName: 'care_tags', name: 'disabled', label: { zh: '残疾人', en: 'Disabled' } },
    { listName: 'care_tags', name: 'low_income', label: { zh: '低收入', en: 'Low income' } },
    { listName: 'living', name: 'alone', label: { zh: '独居', en: 'Alone' } },
    { listName: 'living', name: 'with_spouse', label: { zh: '与配偶同住', en: 'With spouse' } },
    { listName: 'living', name: 'with_children', label: { zh: '与子女同住', en: 'With children' } },
    { listName: 'living', name: 'care_home', label: { zh: '养老机构', en: 'Care home' } },
    { listName: 'self_care', name: 'full', label: { zh: '完全自理', en: 'Fully independent' } },
    { listName: 'self_care', name: 'partial', label: { zh: '部分自理', en: 'Partly independent' } },
    { listName: 'self_care', name: 'none', label: { zh: '不能自理', en: 'Dependent' } },
    { listName: 'services', name: 'meal_delivery', label: { zh: '助餐', en: 'Meal delivery' }, filters: { alone_only: 'no' } },
    { listName: 'services', name: 'home_cleaning', label: { zh: '助洁', en: 'Home cleaning' }, filters: { alone_only: 'no' } },
    { listName: 'services', name: 'daily_call', label: { zh: '每日电话问候', en: 'Daily phone call' }, filters: { alone_only: 'yes' } },
    { listName: 'services', name: 'emergency_button', label: { zh: '紧急呼叫设备', en: 'Emergency call button' }, filters: { alone_only: 'yes' } },
    ...yesNo,
  ],
};

/** A household's members and income, with a member repeat, totals and a community → grid choice filter. */
export const householdSurvey: FormSpec = {
  settings: { formId: 'household_survey', formTitle: '家庭成员与收入情况采集表', version: '2026.1', defaultLanguage: 'zh' },
  survey: [
    { type: 'select_one', listName: 'communities', name: 'community', label: { zh: '所属社区', en: 'Community' }, required: 'yes' },
    {
      type: 'select_one',
      listName: 'grids',
      name: 'grid',
      label: { zh: '所属网格', en: 'Grid' },
      required: 'yes',
      choiceFilter: 'community = ${community}',
    },
    { type: 'select_one', listName: 'housing', name: 'housing', label: { zh: '住房性质', en: 'Housing' }, required: 'yes' },
    {
      type: 'decimal',
      name: 'monthly_rent',
      label: { zh: '月租金（元）', en: 'Monthly rent (yuan)' },
      relevant: "${housing} = 'rented'",
      required: 'yes',
      constraint: '. > 0',
    },
    { type: 'begin_repeat', name: 'members', label: { zh: '家庭成员', en: 'Household members' } },
    { type: 'text', name: 'member_name', label: { zh: '姓名', en: 'Name' }, required: 'yes' },
    { type: 'select_one', listName: 'relation', name: 'relation', label: { zh: '与户主关系', en: 'Relation to head' }, required: 'yes' },
    { type: 'date', name: 'member_birth', label: { zh: '出生日期', en: 'Date of birth' }, required: 'yes', constraint: '. <= today()' },
    { type: 'calculate', name: 'member_age', calculation: 'age(${member_birth})' },
    {
      type: 'select_one',
      listName: 'school',
      name: 'school_stage',
      label: { zh: '就学情况', en: 'Schooling' },
      relevant: '${member_age} >= 6 and ${member_age} < 18',
      required: 'yes',
    },
    {
      type: 'decimal',
      name: 'monthly_income',
      label: { zh: '月收入（元）', en: 'Monthly income (yuan)' },
      relevant: '${member_age} >= 16',
      constraint: '. >= 0',
      constraintMessage: { zh: '收入不能为负数', en: 'Income cannot be negative.' },
    },
    {
      type: 'text',
      name: 'member_phone',
      label: { zh: '联系电话', en: 'Phone' },
      constraint: "regex(., '^1[3-9][0-9]{9}$')",
      constraintMessage: { zh: '${member_name}的手机号应为 11 位', en: 'The phone number of ${member_name} should have 11 digits.' },
    },
    { type: 'end_repeat', name: 'members' },
    { type: 'calculate', name: 'member_count', calculation: 'count(${members})' },
    { type: 'calculate', name: 'total_income', calculation: 'sum(${monthly_income})' },
    { type: 'calculate', name: 'per_capita_income', calculation: "if(${member_count} > 0, round(${total_income} div ${member_count}, 2), '')" },
    {
      type: 'select_one',
      listName: 'yes_no',
      name: 'apply_assistance',
      label: { zh: '是否申请低收入救助', en: 'Apply for low-income assistance?' },
      relevant: '${member_count} > 0 and ${per_capita_income} < 1200',
    },
    {
      type: 'note',
      name: 'totals',
      label: { zh: '共 ${member_count} 人，人均月收入 ${per_capita_income} 元', en: '${member_count} people, ${per_capita_income} yuan per person per month' },
    },
  ],
  choices: [
    { listName: 'communities', name: 'shangbao', label: { zh: '上保社区', en: 'Shangbao' } },
    { listName: 'communities', name: 'baoshi', label: { zh: '宝石社区', en: 'Baoshi' } },
    { listName: 'grids', name: 'shangbao_1', label: { zh: '上保社区第1网格', en: 'Shangbao grid 1' }, filters: { community: 'shangbao' } },
    { listName: 'grids', name: 'shangbao_2', label: { zh: '上保社区第2网格', en: 'Shangbao grid 2' }, filters: { community: 'shangbao' } },
    { listName: 'grids', name: 'baoshi_1', label: { zh: '宝石社区第1网格', en: 'Baoshi grid 1' }, filters: { community: 'baoshi' } },
    { listName: 'housing', name: 'owned', label: { zh: '自有住房', en: 'Owned' } },
    { listName: 'housing', name: 'rented', label: { zh: '租住', en: 'Rented' } },
    { listName: 'housing', name: 'public', label: { zh: '公租房', en: 'Public housing' } },
    { listName: 'relation', name: 'head', label: { zh: '户主', en: 'Head' } },
    { listName: 'relation', name: 'spouse', label: { zh: '配偶', en: 'Spouse' } },
    { listName: 'relation', name: 'child', label: { zh: '子女', en: 'Child' } },
    { listName: 'relation', name: 'parent', label: { zh: '父母', en: 'Parent' } },
    { listName: 'relation', name: 'other', label: { zh: '其他', en: 'Other' } },
    { listName: 'school', name: 'primary', label: { zh: '小学', en: 'Primary school' } },
    { listName: 'school', name: 'middle', label: { zh: '初中', en: 'Middle school' } },
    { listName: 'school', name: 'high', label: { zh: '高中/中职', en: 'High school' } },
    { listName: 'school', name: 'not_in_school', label: { zh: '未在学', en: 'Not in school' } },
    ...yesNo,
  ],
};

/**
 * A rental-housing check (出租房屋巡查), opened on a dwelling: how the dwelling
 * is used comes from the registry (and goes back to it on approval); the
 * worker adds what the registry does not hold — tenants, contract, fire safety.
 */
export const rentalHousingCheck: FormSpec = {
  settings: { formId: 'rental_housing_check', formTitle: '出租房屋巡查登记表', version: '2026.1', defaultLanguage: 'zh', subject: 'dwelling' },
  survey: [
    { type: 'note', name: 'intro', label: { zh: '底册记有房屋用途的自动带出；没有的请现场确认后填写。', en: 'The use is filled in when the registry has it; otherwise record what you see.' } },
    { type: 'select_one', listName: 'dwelling_use', name: 'use', label: { zh: '房屋用途', en: 'Use' }, required: 'yes', registryField: 'dwelling.use' },
    {
      type: 'integer',
      name: 'tenants',
      label: { zh: '承租人数', en: 'Number of tenants' },
      required: 'yes',
      relevant: "${use} = 'rented'",
      constraint: '. >= 1 and . <= 50',
      constraintMessage: { zh: '出租房屋至少有 1 名承租人，最多 50 名', en: 'A rented dwelling has from 1 to 50 tenants.' },
    },
    { type: 'select_one', listName: 'yes_no', name: 'contract_registered', label: { zh: '租赁合同是否备案', en: 'Tenancy contract registered?' }, required: 'yes', relevant: "${use} = 'rented'" },
    { type: 'select_multiple', listName: 'fire_safety', name: 'fire_safety', label: { zh: '消防安全检查', en: 'Fire safety' }, hint: { zh: '勾选现场具备的项目', en: 'Tick what is in place' } },
    { type: 'calculate', name: 'fire_safety_items', calculation: 'count-selected(${fire_safety})' },
    {
      type: 'text',
      name: 'hazards',
      label: { zh: '隐患及整改要求', en: 'Hazards and what must be fixed' },
      required: 'yes',
      relevant: '${fire_safety_items} < 2',
      constraint: 'string-length(.) >= 4',
      constraintMessage: { zh: '请至少写 4 个字说明隐患', en: 'Describe the hazards in at least 4 characters.' },
    },
    { type: 'date', name: 'check_date', label: { zh: '巡查日期', en: 'Date of the check' }, required: 'yes', default: 'today()', constraint: '. <= today()' },
  ],
  choices: [
    { listName: 'dwelling_use', name: 'self_occupied', label: { zh: '自住', en: 'Owner-occupied' } },
    { listName: 'dwelling_use', name: 'rented', label: { zh: '出租', en: 'Rented out' } },
    { listName: 'dwelling_use', name: 'vacant', label: { zh: '空置', en: 'Vacant' } },
    { listName: 'dwelling_use', name: 'business', label: { zh: '经营', en: 'Business' } },
    { listName: 'fire_safety', name: 'extinguisher', label: { zh: '灭火器', en: 'Fire extinguisher' } },
    { listName: 'fire_safety', name: 'smoke_alarm', label: { zh: '烟雾报警器', en: 'Smoke alarm' } },
    { listName: 'fire_safety', name: 'clear_exit', label: { zh: '疏散通道畅通', en: 'Clear escape route' } },
    { listName: 'fire_safety', name: 'safe_wiring', label: { zh: '电线规范', en: 'Safe wiring' } },
    ...yesNo,
  ],
};

export const SAMPLE_FORMS: readonly FormSpec[] = [elderlyCareVisit, householdSurvey, rentalHousingCheck];
