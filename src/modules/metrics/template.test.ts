import { describe, expect, it } from 'vitest';
import { mergeLayouts } from './retire-template.js';
import { bindColumn, columnPath, headerCells, layoutSchema, leaves, type Layout } from './template.js';

const layout = (columns: unknown): Layout =>
  layoutSchema.parse({ title: '老年人口统计表', rowHeader: '社区', numbered: true, rows: { kind: 'units', level: 'community' }, columns });

const elderly = layout([
  { key: 'residents', label: '实有人口', metric: 'resident_population' },
  {
    label: '60周岁及以上老年人',
    children: [
      { key: 'elderly', label: '合计', metric: 'mz_elderly_60' },
      { label: '按性别', children: [{ key: 'male', label: '男', metric: 'mz_elderly_60_male' }, { key: 'female', label: '女', metric: 'mz_elderly_60_female' }] },
    ],
  },
  { key: 'meals', label: '助餐人数', manual: { type: 'integer' } },
]);

describe('report layouts', () => {
  it('lays out a header block with merged cells for groups and columns', () => {
    const { depth, width, cells } = headerCells(elderly);
    expect({ depth, width }).toEqual({ depth: 3, width: 7 });
    expect(cells).toEqual([
      { row: 0, column: 0, rowSpan: 3, colSpan: 1, label: '序号' },
      { row: 0, column: 1, rowSpan: 3, colSpan: 1, label: '社区' },
      { row: 0, column: 2, rowSpan: 3, colSpan: 1, label: '实有人口', key: 'residents' },
      { row: 0, column: 3, rowSpan: 1, colSpan: 3, label: '60周岁及以上老年人' },
      { row: 1, column: 3, rowSpan: 2, colSpan: 1, label: '合计', key: 'elderly' },
      { row: 1, column: 4, rowSpan: 1, colSpan: 2, label: '按性别' },
      { row: 2, column: 4, rowSpan: 1, colSpan: 1, label: '男', key: 'male' },
      { row: 2, column: 5, rowSpan: 1, colSpan: 1, label: '女', key: 'female' },
      { row: 0, column: 6, rowSpan: 3, colSpan: 1, label: '助餐人数', key: 'meals' },
    ]);
    expect(columnPath(elderly.columns, 'male')).toEqual(['60周岁及以上老年人', '按性别', '男']);
  });

  it('requires each column to be bound to a metric or be a manual field, and keys to be unique', () => {
    expect(layoutSchema.safeParse({ ...elderly, columns: [{ key: 'a', label: 'A' }] }).success).toBe(false);
    expect(layoutSchema.safeParse({ ...elderly, columns: [{ key: 'a', label: 'A', metric: 'x_y', manual: { type: 'integer' } }] }).success).toBe(false);
    const twice = layoutSchema.safeParse({ ...elderly, columns: [{ key: 'a', label: 'A', metric: 'x_y' }, { label: 'G', children: [{ key: 'a', label: 'B', metric: 'x_z' }] }] });
    expect(twice.success ? [] : twice.error.issues.map((i) => i.message)).toEqual(['column key a is used twice']);
  });

  it('binds a column to a metric or back to a manual field', () => {
    const bound = bindColumn(elderly.columns, 'meals', 'mz_meals');
    expect(leaves(bound).find((c) => c.key === 'meals')).toEqual({ key: 'meals', label: '助餐人数', metric: 'mz_meals' });
    expect(leaves(bindColumn(bound, 'meals', null)).find((c) => c.key === 'meals')).toEqual({ key: 'meals', label: '助餐人数', manual: { type: 'integer' } });
  });

  it('merges a report into another: only the fields it lacks are added, under the merged report’s name', () => {
    const other = layout([
      { key: 'elderly', label: '老年人', metric: 'mz_elderly_60' },
      { key: 'alone', label: '独居', metric: 'mz_living_alone' },
      { key: 'meals', label: '助餐人数', manual: { type: 'integer' } },
    ]);
    const { layout: merged, added } = mergeLayouts(elderly, other, '卫健委老年人表');
    expect(added).toEqual(['alone']);
    expect(merged.columns.at(-1)).toEqual({ label: '卫健委老年人表', children: [{ key: 'alone', label: '独居', metric: 'mz_living_alone' }] });
    expect(mergeLayouts(elderly, elderly, 'same').added).toEqual([]);
  });
});
