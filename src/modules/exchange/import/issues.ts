/**
 * What can be wrong with a row of department data, in words a data steward and
 * the department can act on. An error quarantines the row; a warning lets it in
 * and is reported. Each issue names the column and the value it is about.
 */

export const ISSUE_TEXT = {
  required: { zh: '必填项为空', en: 'a required value is missing' },
  split_parts: { zh: '拆分后的段数不对', en: 'does not split into the expected parts' },
  'id_number.length': { zh: '身份证号位数不对（应为18位或15位）', en: 'ID number has the wrong length (18, or 15 for old numbers)' },
  'id_number.characters': { zh: '身份证号含有非法字符', en: 'ID number contains characters other than digits and a final X' },
  'id_number.unverified': {
    zh: '身份证号未通过校验（校验位错误，或其中的出生日期不存在），未采用；按姓名、出生日期等关联，并列入校核纠错清单',
    en: 'ID number fails its check (a wrong check character, or a birth date inside it that does not exist): not stored; the row is linked by name, birth date and the rest, and goes to the correction list',
  },
  'id_number.float_precision_lost': { zh: '身份证号被Excel存成数字，后几位已丢失', en: 'Excel stored the ID number as a number and lost its last digits: ask the department again' },
  'id_number.sex_mismatch': { zh: '性别与身份证号不一致', en: 'sex disagrees with the ID number' },
  'id_number.birth_date_mismatch': { zh: '出生日期与身份证号不一致', en: 'birth date disagrees with the ID number' },
  'credit_code.length': { zh: '统一社会信用代码应为18位', en: 'unified social credit code must have 18 characters' },
  'credit_code.characters': { zh: '统一社会信用代码含有非法字符', en: 'unified social credit code contains characters outside GB 32100' },
  'credit_code.checksum': { zh: '统一社会信用代码校验位错误', en: 'unified social credit code check character is wrong' },
  'date.format': { zh: '日期格式无法识别', en: 'not a date in any of the formats the profile allows' },
  'date.calendar': { zh: '日期不存在', en: 'not a real calendar date' },
  'date.future': { zh: '日期晚于数据截止日期', en: 'the date lies after the as-of date of the data' },
  'code.unknown': { zh: '不是代码表中的值', en: 'not a value of the code list' },
  'tag.unknown': { zh: '不是标签字典中的标签', en: 'not a tag of the tag dictionary' },
  'phone.characters': { zh: '电话号码含有非法字符，已忽略', en: 'phone number contains letters or symbols; left out' },
  'phone.not_a_phone': { zh: '不是有效的手机或固话号码，已忽略', en: 'not a mobile or landline number; left out' },
  'phone.landline_without_area_code': { zh: '固话缺少区号，已忽略', en: 'landline without area code; left out' },
  'phone.float_precision_lost': { zh: '电话号码被Excel存成数字，位数已丢失，已忽略', en: 'Excel stored the phone number as a number and lost digits; left out' },
  'address.unparsed': { zh: '地址无法解析到小区和楼幢/室', en: 'the address does not give a compound and a building or room' },
  'address.unplaced': { zh: '地址无法落到社区（未写社区，小区也不在底册中）', en: 'the address cannot be placed in a community: it names none and its compound is not in the registry' },
  'address.ambiguous': { zh: '地址对应多个社区的房屋', en: 'the address matches dwellings in more than one community' },
  'community.unknown': { zh: '社区代码或名称不存在', en: 'no community with this code or name' },
  'community.ambiguous': { zh: '多个社区同名', en: 'several communities have this name' },
  'scope.outside': { zh: '不在本次导入的辖区内', en: 'lies outside the jurisdiction of this import' },
  unidentifiable: { zh: '无法识别对象：没有有效身份证号/信用代码，也没有记录编号', en: 'cannot be identified: no valid ID number or credit code, and no record key' },
  'household.number_missing': { zh: '有户信息但缺少户号', en: 'household fields without a household number' },
  'person.name_missing': { zh: '新建人员需要姓名', en: 'a new person needs a name' },
  'organisation.name_missing': { zh: '新建单位需要单位名称', en: 'a new organisation needs a name' },
  'organisation.unidentified': { zh: '单位没有统一社会信用代码，单位信息已忽略', en: 'the organisation has no unified social credit code; its details are left out' },
  duplicate: { zh: '与前面的行是同一对象', en: 'the same record as an earlier row of the file' },
  'linkage.review': { zh: '疑似重复人员，待数据专员核对', en: 'may be a person already in the registry: held for a data steward to decide' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type IssueCode = keyof typeof ISSUE_TEXT;

export interface RowIssue {
  code: IssueCode;
  severity: 'error' | 'warning';
  /** The file's column(s) the value came from; null for a problem of the whole row. */
  column: string | null;
  field: string | null;
  value: string | null;
  /** Specifics: the parts expected, the allowed codes, the earlier row. */
  detail?: string;
}

export const WARNING_CODES: ReadonlySet<IssueCode> = new Set([
  'id_number.unverified',
  'id_number.sex_mismatch',
  'id_number.birth_date_mismatch',
  'phone.characters',
  'phone.not_a_phone',
  'phone.landline_without_area_code',
  'phone.float_precision_lost',
  'organisation.unidentified',
]);

export function issue(code: IssueCode, at: { column?: string | null; field?: string | null; value?: string | null; detail?: string }): RowIssue {
  return {
    code,
    severity: WARNING_CODES.has(code) ? 'warning' : 'error',
    column: at.column ?? null,
    field: at.field ?? null,
    value: at.value ?? null,
    ...(at.detail ? { detail: at.detail } : {}),
  };
}

/** The reason in both languages, with the specifics. */
export function describeIssue(i: RowIssue): { zh: string; en: string } {
  const text = ISSUE_TEXT[i.code];
  return i.detail ? { zh: `${text.zh}（${i.detail}）`, en: `${text.en} (${i.detail})` } : { zh: text.zh, en: text.en };
}
