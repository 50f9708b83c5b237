/**
 * A generated report in the department's own layout: XLSX with the title,
 * the merged header block, the rows, the total row and the notes, each data
 * column's heading annotated with the statistical definition version behind
 * it and a second sheet (口径说明) stating every definition; or CSV (UTF-8
 * with a byte-order mark, so Excel opens it in Chinese) as one flat table.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { FigureValue } from './report-plan.js';
import type { ReportView } from './report-view.js';
import { headerCells } from './template.js';

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Where the table starts: row 1 is the title, row 2 who and when. */
const HEADER_FIRST_ROW = 3;

export async function reportXlsx(report: ReportView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '共治 Gongzhi';
  // The report's own time, not the export's: exporting twice gives the same document properties.
  workbook.created = new Date(report.generatedAt);
  workbook.modified = new Date(report.generatedAt);
  const sheet = workbook.addWorksheet(sheetName(report.template.name));
  const header = headerCells(report.layout);
  const width = header.width;
  const lastColumn = (row: number) => sheet.getCell(row, width).address;

  sheet.getCell(1, 1).value = report.layout.title;
  sheet.mergeCells(`A1:${lastColumn(1)}`);
  Object.assign(sheet.getCell(1, 1), { font: { bold: true, size: 16 }, alignment: { horizontal: 'center', vertical: 'middle' } });
  sheet.getRow(1).height = 28;
  sheet.getCell(2, 1).value = subtitle(report);
  sheet.mergeCells(`A2:${lastColumn(2)}`);
  sheet.getCell(2, 1).alignment = { horizontal: 'left', vertical: 'middle' };

  const columnByKey = new Map(report.columns.map((c) => [c.key, c]));
  for (const cell of header.cells) {
    const row = HEADER_FIRST_ROW + cell.row;
    const column = 1 + cell.column;
    const target = sheet.getCell(row, column);
    target.value = cell.label;
    if (cell.rowSpan > 1 || cell.colSpan > 1) sheet.mergeCells(row, column, row + cell.rowSpan - 1, column + cell.colSpan - 1);
    if (cell.key) {
      const info = columnByKey.get(cell.key);
      target.note = info?.metric ? `口径：${info.metric.code} 第${info.metric.version}版（${info.metric.validFrom}起）` : '手工填报';
    }
  }
  for (let r = HEADER_FIRST_ROW; r < HEADER_FIRST_ROW + header.depth; r++) {
    for (let c = 1; c <= width; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    }
  }

  const ratioColumns = new Set(report.columns.filter((c) => c.metric?.ratio).map((c) => c.key));
  const leading = report.layout.numbered ? 2 : 1;
  const writeRow = (values: Array<FigureValue>, bold = false) => {
    const row = sheet.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cell.border = BORDER;
      cell.alignment = { horizontal: column <= leading ? 'left' : 'right', vertical: 'middle' };
      if (bold) cell.font = { bold: true };
      const key = report.columns[column - leading - 1]?.key;
      if (key && ratioColumns.has(key)) cell.numFmt = '0.00';
    });
  };
  report.rows.forEach((row, i) => {
    writeRow([...(report.layout.numbered ? [i + 1] : []), row.label, ...report.columns.map((c) => row.values[c.key] ?? null)]);
  });
  if (report.total) writeRow([...(report.layout.numbered ? [null] : []), '合计', ...report.columns.map((c) => report.total![c.key] ?? null)], true);

  const notes = [
    ...report.layout.notes,
    `每个数字的统计口径（代码、版本、生效日期、定义）见“口径说明”工作表。报表编号 ${report.id}，数字摘要 ${report.digest.slice(0, 16)}。`,
  ];
  for (const note of notes) {
    const row = sheet.addRow([note]);
    sheet.mergeCells(row.number, 1, row.number, width);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  }
  sheet.columns.forEach((column, i) => {
    column.width = i < leading ? (i === leading - 1 ? 16 : 6) : 12;
  });

  const definitions = workbook.addWorksheet('口径说明');
  definitions.addRow(['列', '指标名称', '口径代码', '版本', '生效日期', '口径定义', '定义指纹']).font = { bold: true };
  for (const c of report.columns) {
    definitions.addRow(
      c.metric
        ? [c.path.join(' / '), c.metric.name, c.metric.code, c.metric.version, c.metric.validFrom, c.metric.statement, c.metric.fingerprint.slice(0, 16)]
        : [c.path.join(' / '), c.label, '', '', '', '手工填报：由各填报单位录入', ''],
    );
  }
  definitions.columns = [{ width: 28 }, { width: 24 }, { width: 24 }, { width: 6 }, { width: 12 }, { width: 80 }, { width: 18 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function reportCsv(report: ReportView): string {
  const heading = [...(report.layout.numbered ? ['序号'] : []), report.layout.rowHeader, ...report.columns.map((c) => c.path.join('/'))];
  const rows = report.rows.map((row, i) => [...(report.layout.numbered ? [i + 1] : []), row.label, ...report.columns.map((c) => row.values[c.key] ?? '')]);
  if (report.total) rows.push([...(report.layout.numbered ? [''] : []), '合计', ...report.columns.map((c) => report.total![c.key] ?? '')]);
  return `\uFEFF${stringify([heading, ...rows])}`;
}

/** Who, where and when, under the title. */
function subtitle(report: ReportView): string {
  const period = report.period.start === report.period.end ? '' : `　统计期：${report.period.start} 至 ${report.period.end}`;
  return `填报单位：${report.jurisdiction.name}　统计时点：${report.referenceDate}${period}　数据截至：${chinaTime(report.dataAsOf)}`;
}

function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || '报表';
}

export function exportFileName(report: ReportView, format: 'xlsx' | 'csv'): string {
  return `${report.template.name}-${report.jurisdiction.name}-${report.referenceDate}.${format}`;
}
