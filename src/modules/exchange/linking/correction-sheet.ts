/**
 * A correction list in the department's own format: the mapping profile read
 * in reverse. Each column the profile reads into a registry field is written
 * back from the row as imported — codes mapped back to the department's own
 * (男/女, 人户一致), dates in its first date format — so the department finds
 * the record in its system; then what is wrong and the value suggested.
 */
import type { MappingProfile } from '../profiles/profile.js';
import type { StagedRecord } from '../import/map-row.js';
import type { CorrectionKind } from './schema.js';

export interface CorrectionLine {
  kind: CorrectionKind;
  field: string;
  value: string | null;
  suggestion: string | null;
  detail: string | null;
  row: number;
  record: StagedRecord | null;
}

export const CORRECTION_KIND_TEXT: Record<CorrectionKind, string> = {
  id_number_invalid: '身份证号未通过校验（校验位或其中的出生日期有误） ID number fails its check (check character, or the birth date inside it)',
  birth_date_conflicts_with_id: '出生日期与身份证号不一致 birth date disagrees with the ID number',
  registered_in_two_dwellings: '同一人登记在两处住址 registered in two dwellings',
};

export const CORRECTION_COLUMNS = ['原文件行号 row', '问题 problem', '原值 value', '建议值 suggestion', '说明 detail'];

/** The catalogue's label of a code (female → 女), for columns the profile maps without a value map of its own. */
export type CodeLabel = (field: string, code: string) => string;

/** A value as the reader may see it (an ID number or phone masked unless their role and purpose need it in clear). */
export type Disclose = (field: string, value: string) => string;

export function correctionSheet(
  profile: MappingProfile,
  lines: readonly CorrectionLine[],
  label: CodeLabel = (_, code) => code,
  disclose: Disclose = (_, value) => value,
): Array<Array<string | number | null>> {
  const shown = (field: string, value: string | null) => (value === null ? null : disclose(field, value));
  const columns = profile.columns.filter((c) => c.column !== undefined || c.columns !== undefined);
  const header = columns.map((c) => c.column ?? c.columns![0]);
  return [
    [...header, ...CORRECTION_COLUMNS],
    ...lines.map((line) => [
      ...columns.map((c) => cellOf(c, line, label, shown)),
      line.row,
      CORRECTION_KIND_TEXT[line.kind],
      shown(line.field, line.value),
      shown(line.field, line.suggestion),
      line.detail,
    ]),
  ];
}

type Rule = MappingProfile['columns'][number];

function cellOf(rule: Rule, line: CorrectionLine, label: CodeLabel, shown: (field: string, value: string | null) => string | null): string | null {
  const record = line.record;
  if (!record) return null;
  if (rule.split) {
    const parts = rule.split.into.map((f) => shown(f, valueOf(record, f, line)));
    return parts.every((p) => p === null) ? null : parts.map((p) => p ?? '').join(Array.isArray(rule.split.separator) ? rule.split.separator[0] : rule.split.separator);
  }
  const value = shown(rule.field!, valueOf(record, rule.field!, line));
  if (value === null) return null;
  const departmentCode = rule.values && Object.entries(rule.values).find(([, code]) => code === value)?.[0];
  if (departmentCode !== undefined) return departmentCode;
  if (rule.dateFormats && /^\d{4}-\d{2}(-\d{2})?$/.test(value)) return formatDate(value, rule.dateFormats[0]);
  return label(rule.field!, value);
}

function valueOf(record: StagedRecord, field: string, line: CorrectionLine): string | null {
  // The number the department holds is the one to correct, even though the registry did not store it.
  if (field === 'person.id_number') return (record.person?.[field] as string | undefined) ?? record.suspectIdNumber ?? (line.field === field ? line.value : null);
  if (field === 'household.number') return record.household?.number ?? null;
  if (field === 'organisation.credit_code') return record.organisation?.creditCode ?? null;
  if (field === 'dwelling.address') return record.dwelling?.address ?? null;
  if (field === 'dwelling.community') return record.dwelling?.communityCode ?? null;
  if (field.startsWith('dwelling.') && record.dwelling) {
    const part = field.slice('dwelling.'.length) as 'compound' | 'building' | 'unit' | 'room';
    if (['compound', 'building', 'unit', 'room'].includes(part)) return record.dwelling[part] || null;
  }
  const entity = field.split('.')[0];
  const facts = entity === 'person' ? record.person : entity === 'household' ? record.household?.facts : entity === 'organisation' ? record.organisation?.facts : record.dwelling?.facts;
  const value = facts?.[field];
  if (value === undefined || value === null) return null;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function formatDate(iso: string, format: string): string {
  const [y, m, d] = iso.split('-');
  if (format === 'yyyymmdd') return `${y}${m}${d ?? ''}`;
  if (format === 'chinese') return d ? `${y}年${Number(m)}月${Number(d)}日` : `${y}年${Number(m)}月`;
  if (format === 'year_month') return `${y}-${m}`;
  return iso;
}
