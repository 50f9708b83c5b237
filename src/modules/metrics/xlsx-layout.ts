/**
 * Reading a department's existing report spreadsheet as a template layout:
 * the title row, the header block with its merged cells (a heading spanning
 * several columns becomes a group, one spanning down to the last header row
 * a column), the row-label column (序号, 社区 …), the rows it lists and the
 * notes under the table. Columns come out as manual fields, ready to be bound
 * to metrics. `layoutFromGrid` is pure; `readGrid` reads the first sheet with exceljs.
 */
import ExcelJS from 'exceljs';
import { normaliseName } from './fingerprint.js';
import type { Column, Layout } from './template.js';

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A sheet as text cells (1-based rows and columns) and merged ranges. */
export interface SheetGrid {
  rowCount: number;
  columnCount: number;
  text(row: number, column: number): string;
  merges: readonly Merge[];
}

export interface ReadLayout {
  layout: Layout;
  detected: {
    title: string;
    headerRows: [number, number];
    /** Labels of the rows the sheet lists under the header (communities, categories). */
    rowLabels: string[];
    hasTotalRow: boolean;
  };
}

const ROW_LABEL_HEADING = /序号|编号|社区|街道|单位|地区|名称|项目|类别|网格|村|分类|指标/;
const NUMBER_HEADING = /^(序号|编号|No\.?)$/i;
const TOTAL_LABEL = /^(合计|总计|小计|全区|全街道)$/;
const NOTE_START = /^(注|说明|备注|填表说明|填报说明)[:：\s]?/;

export async function readGrid(bytes: Buffer | Uint8Array, sheetName?: string): Promise<SheetGrid> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
  if (!sheet) throw new RangeError(sheetName ? `the workbook has no sheet ${sheetName}` : 'the workbook has no sheets');
  const merges = (sheet.model.merges ?? []).map(parseRange);
  return {
    rowCount: sheet.rowCount,
    columnCount: sheet.columnCount,
    text: (row, column) => cellText(sheet.getCell(row, column)),
    merges,
  };
}

function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return '';
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('').trim();
  return cell.text.trim();
}

/** "B3:D4" → rows 3–4, columns 2–4. */
export function parseRange(range: string): Merge {
  const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range.replace(/\$/g, '').toUpperCase());
  if (!match) throw new RangeError(`not a cell range: ${range}`);
  return { top: Number(match[2]), left: columnNumber(match[1]), bottom: Number(match[4]), right: columnNumber(match[3]) };
}

function columnNumber(letters: string): number {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}

export interface ReadOptions {
  /** First and last header row, when the sheet's own layout is not clear enough to find them. */
  headerRows?: [number, number];
}

export function layoutFromGrid(grid: SheetGrid, options: ReadOptions = {}): ReadLayout {
  const mergeAt = (row: number, column: number) => grid.merges.find((m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right);
  /** The cell's own text, or '' for a cell covered by another cell's merge. */
  const own = (row: number, column: number) => {
    const merge = mergeAt(row, column);
    return merge && (merge.top !== row || merge.left !== column) ? '' : grid.text(row, column);
  };
  const filled = (row: number) => {
    let n = 0;
    for (let c = 1; c <= grid.columnCount; c++) if (own(row, c)) n++;
    return n;
  };
  const verticalMergeFrom = (row: number) => grid.merges.some((m) => m.top === row && m.bottom > row);

  const [headerStart, headerEndGiven] = options.headerRows ?? [0, 0];
  let start = headerStart;
  if (!start) {
    for (let r = 1; r <= grid.rowCount && !start; r++) if (filled(r) >= 3 || (filled(r) >= 2 && verticalMergeFrom(r))) start = r;
  }
  if (!start) throw new RangeError('no header row found: give the header rows');
  let end = headerEndGiven || start;
  if (!headerEndGiven) {
    for (let grew = true; grew; ) {
      grew = false;
      for (const m of grid.merges) {
        if (m.top >= start && m.top <= end && m.bottom > end) {
          end = m.bottom;
          grew = true;
        }
      }
      // A heading spanning several columns that ends on the last header row so far has its sub-headings in the next row.
      const group = grid.merges.find((m) => m.bottom === end && m.top >= start && m.right > m.left && m.top <= end);
      if (group && end < grid.rowCount) {
        let below = false;
        for (let c = group.left; c <= group.right; c++) if (own(end + 1, c)) below = true;
        if (below) {
          end += 1;
          grew = true;
        }
      }
    }
  }

  let title = '';
  for (let r = 1; r < start && !title; r++) {
    for (let c = 1; c <= grid.columnCount && !title; c++) title = own(r, c);
  }

  let width = 0;
  for (let r = start; r <= end; r++) {
    for (let c = 1; c <= grid.columnCount; c++) if (own(r, c)) width = Math.max(width, mergeAt(r, c)?.right ?? c);
  }

  // Row-label columns: on the left, spanning the whole header block, headed 序号, 社区 …
  let firstData = 1;
  let numbered = false;
  let rowHeader = '';
  let labelColumn = 1;
  for (let c = 1; c <= width; c++) {
    const heading = own(start, c);
    const merge = mergeAt(start, c);
    const spansHeader = (merge?.bottom ?? start) >= end && (merge?.right ?? c) === c;
    if (!heading || !spansHeader || !ROW_LABEL_HEADING.test(heading)) break;
    if (NUMBER_HEADING.test(heading)) numbered = true;
    else {
      rowHeader = heading;
      labelColumn = c;
    }
    firstData = c + 1;
  }
  if (firstData === 1) {
    // No recognisable heading: the first column still holds the row labels.
    rowHeader = own(start, 1) || '单位';
    firstData = 2;
  }

  let leafCount = 0;
  const leaf = (label: string): Column => {
    leafCount += 1;
    return { key: `c${leafCount}`, label: label || `第${leafCount}列`, manual: { type: 'integer' } };
  };
  const build = (row: number, from: number, to: number): Column[] => {
    const columns: Column[] = [];
    for (let c = from; c <= to; ) {
      const merge = mergeAt(row, c);
      const right = Math.min(merge?.right ?? c, to);
      const bottom = merge?.bottom ?? row;
      const label = own(row, c);
      if (!label && row < end) {
        // Nothing written at this level: the heading is lower down.
        columns.push(...build(row + 1, c, right));
      } else if (bottom >= end) {
        // Reaches the last header row: one data column.
        columns.push(leaf(label));
      } else {
        // A heading with sub-headings under it.
        const children = build(bottom + 1, c, right);
        columns.push(children.length ? { label, children } : leaf(label));
      }
      c = right + 1;
    }
    return columns;
  };
  const columns = build(start, firstData, width);

  const rowLabels: string[] = [];
  const notes: string[] = [];
  let hasTotalRow = false;
  let inNotes = false;
  for (let r = end + 1; r <= grid.rowCount; r++) {
    let first = '';
    for (let c = 1; c <= grid.columnCount && !first; c++) first = own(r, c);
    if (!first) continue;
    if (inNotes || NOTE_START.test(first)) {
      inNotes = true;
      notes.push(first);
      continue;
    }
    const label = own(r, labelColumn);
    if (!label) continue;
    if (TOTAL_LABEL.test(label.replace(/\s/g, ''))) hasTotalRow = true;
    else rowLabels.push(label);
  }

  return {
    layout: {
      title: title || '未命名报表',
      rowHeader: rowHeader || '单位',
      numbered,
      rows: { kind: 'units', level: 'community' },
      columns,
      totals: hasTotalRow,
      notes,
    },
    detected: { title, headerRows: [start, end], rowLabels, hasTotalRow },
  };
}

export interface BindingSuggestion {
  column: string;
  label: string;
  metric: string;
  metricName: string;
  /** 1 for the same name; otherwise how alike the names are (Dice coefficient over character pairs). */
  score: number;
}

/** Metrics whose names match the columns' headings, best first per column; exact matches score 1. */
export function suggestBindings(leaves: ReadonlyArray<{ key: string; label: string }>, metrics: ReadonlyArray<{ code: string; name: string }>): BindingSuggestion[] {
  const out: BindingSuggestion[] = [];
  for (const leaf of leaves) {
    const label = comparable(leaf.label);
    let best: BindingSuggestion | null = null;
    for (const metric of metrics) {
      const name = comparable(metric.name);
      const score = label === name ? 1 : dice(label, name);
      if (score >= 0.6 && (!best || score > best.score)) best = { column: leaf.key, label: leaf.label, metric: metric.code, metricName: metric.name, score: Math.round(score * 100) / 100 };
    }
    if (best) out.push(best);
  }
  return out;
}

/** Units in brackets ("（人）") and a trailing 数 say how a figure is written, not what it counts. */
function comparable(text: string): string {
  return normaliseName(text.replace(/[（(][^（()）]*[)）]/g, '')).replace(/数$/, '');
}

function dice(a: string, b: string): number {
  const pairs = (s: string) => {
    const chars = [...s];
    return chars.slice(0, -1).map((ch, i) => ch + chars[i + 1]);
  };
  const left = pairs(a);
  const right = pairs(b);
  if (left.length === 0 || right.length === 0) return 0;
  const pool = [...right];
  let shared = 0;
  for (const pair of left) {
    const i = pool.indexOf(pair);
    if (i >= 0) {
      shared++;
      pool.splice(i, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}
