/**
 * The error report of an import, for the data steward and for the department
 * that sent the file: one line per problem naming the row, the column, the bad
 * value and the reason (in Chinese and English), and — in the XLSX — the
 * quarantined rows as they were read, with their problems beside them, so they
 * can be corrected and imported again.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { toCsv, toXlsx, type Cell } from '../../../lib/tabular.js';
import type { Catalogue } from '../../registry/catalogue/catalogue.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { describeIssue, type RowIssue } from './issues.js';
import { rowsWithIssues, type ImportRow } from './repo.js';
import type { ImportRowStatus } from './schema.js';

export type ReportFormat = 'xlsx' | 'csv';

const PAGE = 5000;

/** The whole report of an import, as a file. The caller has authorised and audited the read. */
export async function buildErrorReport(db: Kysely<DB>, found: Pick<ImportRow, 'id' | 'file_name' | 'header'>, format: ReportFormat, encoding: 'utf-8' | 'gb18030' = 'utf-8') {
  const rows: ReportRow[] = [];
  for (let after = 0; ; ) {
    const page = (await rowsWithIssues(db, found.id, after, PAGE)) as unknown as ReportRow[];
    rows.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1].row_number;
  }
  const catalogue = await loadCatalogue(db);
  const base = found.file_name.replace(/\.[^.]+$/, '');
  return format === 'xlsx'
    ? { fileName: `${base}-errors.xlsx`, bytes: await errorReportXlsx((found.header as string[] | null) ?? [], rows, catalogue) }
    : { fileName: `${base}-errors.csv`, bytes: errorReportCsv(rows, catalogue, encoding) };
}

export interface ReportRow {
  row_number: number;
  status: ImportRowStatus;
  cells: Array<string | null>;
  issues: RowIssue[];
}

const OUTCOME: Record<ImportRowStatus, string> = {
  valid: '已导入 imported',
  invalid: '已隔离 quarantined',
  rejected: '已隔离 quarantined while applying',
  held: '待核对 held for review',
};

export const ISSUE_COLUMNS = ['行号 row', '列 column', '字段 field', '原值 value', '级别 severity', '原因', 'reason', '代码 code', '处理 outcome'];

export function issueLines(rows: readonly ReportRow[], catalogue: Catalogue): Cell[][] {
  return rows.flatMap((row) =>
    row.issues.map((i) => {
      const text = describeIssue(i);
      const field = i.field ? i.field.split(',').map((key) => catalogue.field(key)?.name ?? key).join('、') : null;
      return [
        row.row_number,
        i.column,
        field,
        i.value,
        i.severity === 'error' ? '错误 error' : '警告 warning',
        text.zh,
        text.en,
        i.code,
        OUTCOME[row.status],
      ];
    }),
  );
}

export function errorReportCsv(rows: readonly ReportRow[], catalogue: Catalogue, encoding: 'utf-8' | 'gb18030'): Buffer {
  return toCsv([ISSUE_COLUMNS, ...issueLines(rows, catalogue)], { encoding, neutraliseFormulas: true });
}

export function errorReportXlsx(header: readonly string[], rows: readonly ReportRow[], catalogue: Catalogue): Promise<Buffer> {
  const quarantined = rows.filter((r) => r.status !== 'valid');
  return toXlsx([
    { name: '问题明细 issues', rows: [ISSUE_COLUMNS, ...issueLines(rows, catalogue)], headerRow: true, columnWidths: [8, 16, 14, 28, 12, 40, 50, 28, 22] },
    {
      name: '隔离行 quarantined',
      // The file's own columns first, so the sheet can be corrected and imported with the same profile.
      rows: [
        [...header, '行号 row', '问题 problems'],
        ...quarantined.map((r) => [...header.map((_, i) => r.cells[i] ?? null), r.row_number, r.issues.map((i) => `${i.column ?? ''} ${describeIssue(i).zh}`.trim()).join('；')]),
      ],
      headerRow: true,
    },
  ]);
}
