/**
 * From a layout and the definition versions in force to the queries that
 * fill it, and from their results to the figures: each row × column cell,
 * and the total row. Counts and sums add up over rows; distinct counts and
 * ratios do not, so their totals are computed, never added. Pure.
 */
import { compileQuery, queryKindOf, type CompileContext, type CompiledQuery, type Measure } from './compiler.js';
import type { MeasureDefinition, MetricDefinition } from './definition.js';
import { leaves, type Layout, type LeafColumn } from './template.js';

/** A metric as resolved for a report: the version in force on the reference date. */
export interface ResolvedMetric {
  code: string;
  version: number;
  versionId: string;
  validFrom: string;
  name: string;
  fingerprint: string;
  definition: MetricDefinition;
}

export interface ReportUnit {
  code: string;
  name: string;
  path: string;
}

export type FigureValue = number | string | null;

export interface FigureRow {
  key: string;
  label: string;
  /** The jurisdiction a unit row stands for; null for category rows. */
  unitCode: string | null;
  values: Record<string, FigureValue>;
}

export interface Figures {
  rows: FigureRow[];
  total: Record<string, FigureValue> | null;
}

export interface PlanInput {
  layout: Layout;
  metrics: ReadonlyMap<string, ResolvedMetric>;
  /** The rows' units, for layouts with unit rows; all at one depth of the tree. */
  units: readonly ReportUnit[] | null;
  ctx: CompileContext;
}

export interface ReportPlan {
  queries: CompiledQuery[];
  assemble(results: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>): Figures;
}

const TOTAL = '';

/** Ratios are published to two decimal places: the figure a department prints. */
export function ratioValue(numerator: number, denominator: number, per: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * per * 100) / 100;
}

export function planReport(input: PlanInput): ReportPlan {
  const { layout, metrics, units, ctx } = input;
  const columns = leaves(layout.columns);
  const measureOf = (code: string): MeasureDefinition => {
    const metric = metrics.get(code);
    if (!metric) throw new Error(`metric ${code} was not resolved`);
    if (metric.definition.kind !== 'measure') throw new Error(`metric ${code} is a ratio, not a measure`);
    return metric.definition;
  };
  const baseCodes = new Set<string>();
  for (const c of columns) {
    if (!c.metric) continue;
    const definition = metrics.get(c.metric)?.definition;
    if (!definition) throw new Error(`metric ${c.metric} was not resolved`);
    if (definition.kind === 'ratio') {
      baseCodes.add(definition.numerator);
      baseCodes.add(definition.denominator);
    } else baseCodes.add(c.metric);
  }

  const measures: Measure[] = [];
  const categories = layout.rows.kind === 'categories' ? layout.rows.items : null;
  for (const code of baseCodes) {
    if (categories) {
      for (const item of categories) measures.push({ key: `${code}@${item.key}`, definition: measureOf(code), extra: item.where });
      if (layout.totals) measures.push({ key: code, definition: measureOf(code), extra: [] });
    } else {
      measures.push({ key: code, definition: measureOf(code), extra: [] });
    }
  }

  const grouping = units ? { depth: depthOf(units) } : null;
  const byKind = new Map<string, Measure[]>();
  for (const m of measures) {
    const kind = queryKindOf(m);
    byKind.set(kind, [...(byKind.get(kind) ?? []), m]);
  }
  const queries = [...byKind.keys()].sort().map((kind) => compileQuery(byKind.get(kind)!, grouping, ctx));

  return {
    queries,
    assemble(results) {
      // measure key → unit path (TOTAL for the whole area) → value
      const values = new Map<string, Map<string, number>>();
      results.forEach((rows, i) => {
        const query = queries[i];
        for (const row of rows) {
          const unit = row.unit === null || row.unit === undefined ? TOTAL : String(row.unit);
          for (const [key, column] of query.columns) {
            const byUnit = values.get(key) ?? new Map<string, number>();
            byUnit.set(unit, Number(row[column] ?? 0));
            values.set(key, byUnit);
          }
        }
      });
      const totalsComputed = new Set(queries.filter((q) => q.totals).flatMap((q) => [...q.columns.keys()]));
      const valueAt = (key: string, unit: string): number => {
        const byUnit = values.get(key);
        if (unit !== TOTAL || !units || totalsComputed.has(key)) return byUnit?.get(unit) ?? 0;
        // Counts and sums over disjoint units add up.
        return units.reduce((sum, u) => sum + (byUnit?.get(u.path) ?? 0), 0);
      };
      const cell = (column: LeafColumn, measureKey: (code: string) => string, unit: string): FigureValue => {
        if (!column.metric) return null;
        const definition = metrics.get(column.metric)!.definition;
        if (definition.kind === 'measure') return valueAt(measureKey(column.metric), unit);
        return ratioValue(valueAt(measureKey(definition.numerator), unit), valueAt(measureKey(definition.denominator), unit), definition.per);
      };
      const rowOf = (key: string, label: string, unitCode: string | null, measureKey: (code: string) => string, unit: string): FigureRow => ({
        key,
        label,
        unitCode,
        values: Object.fromEntries(columns.map((c) => [c.key, cell(c, measureKey, unit)])),
      });
      const same = (code: string) => code;
      const rows = categories
        ? categories.map((item) => rowOf(item.key, item.label, null, (code) => `${code}@${item.key}`, TOTAL))
        : units!.map((u) => rowOf(u.code, u.name, u.code, same, u.path));
      const total = layout.totals ? rowOf('total', '合计', null, same, TOTAL).values : null;
      return { rows, total };
    },
  };
}

function depthOf(units: readonly ReportUnit[]): number {
  const depths = new Set(units.map((u) => u.path.split('.').length));
  if (depths.size !== 1) throw new Error('the units of one report must lie at one depth of the jurisdiction tree');
  return [...depths][0];
}

/** The metrics a layout needs resolved: its columns' metrics and, for ratios, their parts. */
export function requiredMetricCodes(layout: Layout, definitionOf: (code: string) => MetricDefinition | undefined): string[] {
  const codes = new Set<string>();
  for (const c of leaves(layout.columns)) {
    if (!c.metric) continue;
    codes.add(c.metric);
    const definition = definitionOf(c.metric);
    if (definition?.kind === 'ratio') {
      codes.add(definition.numerator);
      codes.add(definition.denominator);
    }
  }
  return [...codes].sort();
}
