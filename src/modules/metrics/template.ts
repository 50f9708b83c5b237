/**
 * A department's report layout as data: rows (the units of a jurisdiction,
 * or categories defined by conditions) × columns (metrics, or fields a unit
 * fills in by hand), grouped under multi-row headers with merged cells, a
 * total row and notes. Written as JSON or read from the department's own
 * XLSX (xlsx-layout.ts). Pure.
 */
import { z } from 'zod';
import { condition, metricCode } from './definition.js';

export const columnKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, starting with a letter');
const label = z.string().trim().min(1).max(200);

export const manualField = z.object({
  /** What the unit types in: a whole number, a decimal number or text. */
  type: z.enum(['integer', 'decimal', 'text']).default('integer'),
});

export interface LeafColumn {
  key: string;
  label: string;
  /** The metric that fills the column; absent for a manual column. */
  metric?: string;
  manual?: { type: 'integer' | 'decimal' | 'text' };
  note?: string;
}
export interface GroupColumn {
  label: string;
  children: Column[];
}
export type Column = LeafColumn | GroupColumn;

const leafColumn = z
  .object({ key: columnKey, label, metric: metricCode.optional(), manual: manualField.optional(), note: z.string().max(500).optional() })
  .strict()
  .refine((c) => (c.metric === undefined) !== (c.manual === undefined), 'a column has either a metric or a manual field');
const groupColumn: z.ZodType<GroupColumn> = z.lazy(() => z.object({ label, children: z.array(column).min(1).max(200) }).strict());
export const column: z.ZodType<Column> = z.lazy(() => z.union([leafColumn, groupColumn]));

export const UNIT_LEVELS = ['street', 'community', 'grid'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const rowsSpec = z.discriminatedUnion('kind', [
  /** One row per unit of this level within the jurisdiction the report is generated for. */
  z.object({ kind: z.literal('units'), level: z.enum(UNIT_LEVELS) }),
  /** Fixed rows, each adding its conditions to every metric in the row (e.g. disability grade 1 … 4). */
  z.object({
    kind: z.literal('categories'),
    items: z.array(z.object({ key: columnKey, label, where: z.array(condition).min(1).max(10) })).min(1).max(100),
  }),
]);

export const layoutSchema = z
  .object({
    title: label,
    /** Heading of the row-label column: 社区, 类别 … */
    rowHeader: z.string().trim().min(1).max(50).default('单位'),
    /** A 序号 column before the row labels. */
    numbered: z.boolean().default(false),
    rows: rowsSpec,
    columns: z.array(column).min(1).max(200),
    /** A 合计 row: the metric over the whole area (not the sum of overlapping categories). */
    totals: z.boolean().default(true),
    notes: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  })
  .superRefine((layout, ctx) => {
    const keys = leaves(layout.columns).map((c) => c.key);
    const seen = new Set<string>();
    for (const key of keys) {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['columns'], message: `column key ${key} is used twice` });
      seen.add(key);
    }
    if (keys.length > 200) ctx.addIssue({ code: 'custom', path: ['columns'], message: 'at most 200 columns' });
    if (layout.rows.kind === 'categories') {
      const rowKeys = layout.rows.items.map((i) => i.key);
      if (new Set(rowKeys).size !== rowKeys.length) ctx.addIssue({ code: 'custom', path: ['rows', 'items'], message: 'row keys must be different' });
    }
  });

export type Layout = z.infer<typeof layoutSchema>;
export type LayoutInput = z.input<typeof layoutSchema>;

export function isLeaf(c: Column): c is LeafColumn {
  return !('children' in c);
}

/** The data columns, left to right. */
export function leaves(columns: readonly Column[]): LeafColumn[] {
  return columns.flatMap((c) => (isLeaf(c) ? [c] : leaves(c.children)));
}

/** The metrics the columns name, each once. */
export function metricsOf(layout: Pick<Layout, 'columns'>): string[] {
  return [...new Set(leaves(layout.columns).flatMap((c) => (c.metric ? [c.metric] : [])))];
}

export function headerDepth(columns: readonly Column[]): number {
  return Math.max(...columns.map((c) => (isLeaf(c) ? 1 : 1 + headerDepth(c.children))));
}

/** One cell of the header block; row and column from 0 within the block. */
export interface HeaderCell {
  row: number;
  column: number;
  rowSpan: number;
  colSpan: number;
  label: string;
  /** Set on a data column's own heading. */
  key?: string;
}

/**
 * The header block as cells with spans: the 序号 and row-label headings span
 * every header row; a group spans its columns; a column's heading spans down
 * to the last header row. The XLSX export merges exactly these cells.
 */
export function headerCells(layout: Pick<Layout, 'columns' | 'rowHeader' | 'numbered'>): { depth: number; width: number; cells: HeaderCell[] } {
  const depth = headerDepth(layout.columns);
  const cells: HeaderCell[] = [];
  let column = 0;
  if (layout.numbered) cells.push({ row: 0, column: column++, rowSpan: depth, colSpan: 1, label: '序号' });
  cells.push({ row: 0, column: column++, rowSpan: depth, colSpan: 1, label: layout.rowHeader });
  const place = (columns: readonly Column[], row: number) => {
    for (const c of columns) {
      if (isLeaf(c)) {
        cells.push({ row, column, rowSpan: depth - row, colSpan: 1, label: c.label, key: c.key });
        column += 1;
      } else {
        const start = column;
        const width = leaves(c.children).length;
        cells.push({ row, column: start, rowSpan: 1, colSpan: width, label: c.label });
        place(c.children, row + 1);
        column = start + width;
      }
    }
  };
  place(layout.columns, 0);
  return { depth, width: column, cells };
}

/** The heading of a data column with its groups: 老年人口 / 其中：80岁以上. */
export function columnPath(columns: readonly Column[], key: string): string[] {
  for (const c of columns) {
    if (isLeaf(c)) {
      if (c.key === key) return [c.label];
    } else {
      const inner = columnPath(c.children, key);
      if (inner.length) return [c.label, ...inner];
    }
  }
  return [];
}

/** The layout with one column's binding changed: a metric, or a manual field when `metric` is null. */
export function bindColumn(columns: readonly Column[], key: string, metric: string | null): Column[] {
  return columns.map((c) => {
    if (!isLeaf(c)) return { ...c, children: bindColumn(c.children, key, metric) };
    if (c.key !== key) return c;
    const bound: LeafColumn = { key: c.key, label: c.label, ...(c.note ? { note: c.note } : {}) };
    return metric ? { ...bound, metric } : { ...bound, manual: c.manual ?? { type: 'integer' } };
  });
}
