import { describe, expect, it } from 'vitest';
import { layoutFromGrid, parseRange, readGrid, suggestBindings } from './xlsx-layout.js';
import { leaves } from './template.js';
import { departmentSheet } from '../../../test/support/report-sheets.js';

describe('reading a department’s XLSX layout', () => {
  it('finds the title, the header block with its merged cells, the row labels, the total row and the notes', async () => {
    const { layout, detected } = layoutFromGrid(await readGrid(await departmentSheet()));
    expect(detected).toEqual({ title: '老年人口基本情况统计表', headerRows: [3, 4], rowLabels: ['上保社区', '宝石社区'], hasTotalRow: true });
    expect(layout.title).toBe('老年人口基本情况统计表');
    expect(layout.numbered).toBe(true);
    expect(layout.rowHeader).toBe('社区');
    expect(layout.totals).toBe(true);
    expect(layout.notes).toEqual(['注：年龄按统计时点计算周岁。', '2. 独居老人指户内仅本人居住。']);
    expect(layout.columns).toEqual([
      { key: 'c1', label: '实有人口（人）', manual: { type: 'integer' } },
      {
        label: '60周岁及以上老年人',
        children: [
          { key: 'c2', label: '合计', manual: { type: 'integer' } },
          { key: 'c3', label: '男', manual: { type: 'integer' } },
          { key: 'c4', label: '女', manual: { type: 'integer' } },
        ],
      },
      { key: 'c5', label: '独居老人数', manual: { type: 'integer' } },
      { key: 'c6', label: '助餐服务人数', manual: { type: 'integer' } },
    ]);
  });

  it('takes the header rows it is given when the sheet does not make them clear', async () => {
    const { detected } = layoutFromGrid(await readGrid(await departmentSheet()), { headerRows: [3, 4] });
    expect(detected.headerRows).toEqual([3, 4]);
  });

  it('reads cell ranges', () => {
    expect(parseRange('B3:AA4')).toEqual({ top: 3, left: 2, bottom: 4, right: 27 });
  });

  it('suggests metrics whose names match the headings; units in brackets do not count', async () => {
    const { layout } = layoutFromGrid(await readGrid(await departmentSheet()));
    const suggestions = suggestBindings(leaves(layout.columns), [
      { code: 'resident_population', name: '实有人口数' },
      { code: 'mz_living_alone', name: '独居老人数' },
      { code: 'ld_floating', name: '流动人口数' },
    ]);
    expect(suggestions).toEqual([
      { column: 'c1', label: '实有人口（人）', metric: 'resident_population', metricName: '实有人口数', score: 1 },
      { column: 'c5', label: '独居老人数', metric: 'mz_living_alone', metricName: '独居老人数', score: 1 },
    ]);
  });
});
