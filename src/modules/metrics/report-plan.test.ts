import { describe, expect, it } from 'vitest';
import { parseDefinition } from './definition.js';
import { planReport, ratioValue, type ResolvedMetric } from './report-plan.js';
import { layoutSchema } from './template.js';

const metric = (code: string, definition: unknown): [string, ResolvedMetric] => [
  code,
  { code, version: 1, versionId: `${code}-v1`, validFrom: '2026-01-01', name: code, fingerprint: code, definition: parseDefinition(definition) },
];
const metrics = new Map([
  metric('elderly', { kind: 'measure', subject: 'people', where: [{ kind: 'age', min: 60 }] }),
  metric('population', { kind: 'measure', subject: 'people' }),
  metric('households', { kind: 'measure', subject: 'people', where: [{ kind: 'tags', all: ['low_income'] }], aggregate: { fn: 'count_distinct', of: 'household' } }),
  metric('share', { kind: 'ratio', numerator: 'elderly', denominator: 'population' }),
]);
const ctx = { referenceDate: '2026-06-30', period: { start: '2026-06-01', end: '2026-06-30' }, paths: ['1.2'] };
const units = [
  { code: 'A', name: '上保社区', path: '1.2.3.A' },
  { code: 'B', name: '宝石社区', path: '1.2.3.B' },
];

describe('planning and assembling a report', () => {
  it('publishes ratios to two decimals and leaves a ratio over zero empty', () => {
    expect(ratioValue(1, 3, 100)).toBe(33.33);
    expect(ratioValue(5, 0, 100)).toBeNull();
  });

  it('takes totals from the database when a distinct count needs them, and computes ratios of totals', () => {
    const layout = layoutSchema.parse({
      title: 't',
      rows: { kind: 'units', level: 'community' },
      columns: [
        { key: 'e', label: '老年人', metric: 'elderly' },
        { key: 'h', label: '低保户', metric: 'households' },
        { key: 's', label: '老龄化率', metric: 'share' },
        { key: 'm', label: '手填', manual: { type: 'integer' } },
      ],
    });
    const plan = planReport({ layout, metrics, units, ctx });
    expect(plan.queries).toHaveLength(1);
    const [cube] = plan.queries;
    // A distinct count in the query: it returns its own total row.
    expect(cube.totals).toBe(true);
    const col = (key: string) => cube.columns.get(key)!;
    const results = [
      [
        { unit: '1.2.3.A', [col('elderly')]: '30', [col('population')]: '120', [col('households')]: 2 },
        { unit: '1.2.3.B', [col('elderly')]: '10', [col('population')]: '80', [col('households')]: 1 },
        // One household with members in both units: counted once in the total.
        { unit: null, [col('elderly')]: '40', [col('population')]: '200', [col('households')]: 2 },
      ],
    ];
    const figures = plan.assemble(results);
    expect(figures.rows).toEqual([
      { key: 'A', label: '上保社区', unitCode: 'A', values: { e: 30, h: 2, s: 25, m: null } },
      { key: 'B', label: '宝石社区', unitCode: 'B', values: { e: 10, h: 1, s: 12.5, m: null } },
    ]);
    expect(figures.total).toEqual({ e: 40, h: 2, s: 20, m: null });
  });

  it('adds counts over units when no distinct count is in the query', () => {
    const layout = layoutSchema.parse({
      title: 't',
      rows: { kind: 'units', level: 'community' },
      columns: [
        { key: 'e', label: '老年人', metric: 'elderly' },
        { key: 's', label: '老龄化率', metric: 'share' },
      ],
    });
    const [cube] = planReport({ layout, metrics, units, ctx }).queries;
    expect(cube.totals).toBe(false);
    const col = (key: string) => cube.columns.get(key)!;
    const figures = planReport({ layout, metrics, units, ctx }).assemble([
      [
        { unit: '1.2.3.A', [col('elderly')]: '30', [col('population')]: '120' },
        { unit: '1.2.3.B', [col('elderly')]: '10', [col('population')]: '80' },
      ],
    ]);
    expect(figures.total).toEqual({ e: 40, s: 20 });
  });

  it('gives category rows their conditions and a total over the whole area, not their sum', () => {
    const layout = layoutSchema.parse({
      title: 't',
      rowHeader: '类别',
      rows: {
        kind: 'categories',
        items: [
          { key: 'men', label: '男', where: [{ kind: 'sex', is: 'male' }] },
          { key: 'old', label: '80岁以上', where: [{ kind: 'age', min: 80 }] },
        ],
      },
      columns: [{ key: 'e', label: '老年人', metric: 'elderly' }],
    });
    const plan = planReport({ layout, metrics, units: null, ctx });
    expect(plan.queries).toHaveLength(1);
    const q = plan.queries[0];
    const figures = plan.assemble([[{ unit: null, [q.columns.get('elderly@men')!]: '12', [q.columns.get('elderly@old')!]: '5', [q.columns.get('elderly')!]: '30' }]]);
    expect(figures.rows.map((r) => r.values.e)).toEqual([12, 5]);
    expect(figures.total).toEqual({ e: 30 });
  });
});
