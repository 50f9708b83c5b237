/**
 * A mapping profile read backwards, for exports in a department's own format:
 * registry fields → its columns, catalogue codes → its own codes (the profile's
 * value map reversed, else the code list's label), dates in the first format
 * its profile names. Pure: the export decides what may be shown and writes the file.
 */
import type { DateFormat } from '../../../lib/dates.js';
import type { Catalogue } from '../../registry/catalogue/catalogue.js';
import type { ColumnRule, MappingProfile } from '../profiles/profile.js';

export interface ExportColumn {
  header: string;
  /** The registry fields whose values make up the cell: one, or several a split rule joins. */
  fields: string[];
  /** Between the values of several fields (a split) or of a multi-valued field (phones, tags). */
  separator: string;
  /** Registry code → the department's spelling. */
  codes: ReadonlyMap<string, string>;
  dateFormat: DateFormat;
}

/** The columns of the department's file that registry fields fill, in the profile's order, each header once. */
export function exportColumns(profile: MappingProfile): ExportColumn[] {
  const columns: ExportColumn[] = [];
  const seen = new Set<string>();
  for (const rule of profile.columns) {
    // A constant is not in the file; columns joined on import cannot be told apart again, so the first holds the value.
    const header = rule.column ?? rule.columns?.[0];
    if (!header || seen.has(header)) continue;
    seen.add(header);
    columns.push({
      header,
      fields: rule.split ? rule.split.into : [rule.field!],
      separator: firstSeparator(rule.split?.separator ?? rule.separator) ?? (rule.split ? '-' : '、'),
      codes: reversedValues(rule),
      dateFormat: rule.dateFormats?.[0] ?? 'iso',
    });
  }
  return columns;
}

/** The cell of one column for a record keyed by field (values already masked or left out as the grant says). */
export function exportCell(column: ExportColumn, record: Readonly<Record<string, unknown>>, catalogue: Catalogue): string | number | null {
  const parts: Array<string | number> = [];
  for (const key of column.fields) {
    const value = record[key];
    const values = Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
    const field = catalogue.field(key);
    for (const v of values) parts.push(field?.type === 'date' ? formatDate(String(v), column.dateFormat) : spell(column, field && catalogue, key, String(v)));
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : parts.join(column.separator);
}

function spell(column: ExportColumn, catalogue: Catalogue | undefined, key: string, value: string): string {
  const own = column.codes.get(value);
  if (own !== undefined) return own;
  const field = catalogue?.field(key);
  return field && catalogue && (field.type === 'tag' || field.codeList) ? catalogue.labelOf(field, value) : value;
}

/** An ISO date (YYYY-MM-DD, or YYYY-MM when only the month is known) as the department writes dates. */
export function formatDate(iso: string, format: DateFormat): string | number {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  // A month-only date has no day to write: every day format would invent one.
  if (day === undefined) return format === 'chinese' ? `${year}年${Number(month)}月` : `${year}-${month}`;
  switch (format) {
    case 'yyyymmdd':
      return `${year}${month}${day}`;
    case 'chinese':
      return `${year}年${Number(month)}月${Number(day)}日`;
    case 'year_month':
      return `${year}-${month}`;
    case 'excel_serial': {
      // Excel counts a 29 February 1900 that never was: from 1 March 1900 on, serials run one ahead.
      const days = (Date.UTC(Number(year), Number(month) - 1, Number(day)) - Date.UTC(1899, 11, 30)) / 86_400_000;
      return days >= 61 ? days : days - 1;
    }
    case 'iso':
      return `${year}-${month}-${day}`;
  }
}

function reversedValues(rule: ColumnRule): Map<string, string> {
  const codes = new Map<string, string>();
  // The first spelling that maps to a code is the department's own for it.
  for (const [spelling, code] of Object.entries(rule.values ?? {})) if (code !== null && !codes.has(code)) codes.set(code, spelling);
  return codes;
}

function firstSeparator(separator: string | string[] | undefined): string | undefined {
  return Array.isArray(separator) ? separator[0] : separator;
}
