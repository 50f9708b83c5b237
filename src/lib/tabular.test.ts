import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { cellText, csvStream, detectEncoding, openTable, TableError, toCsv, toXlsx, xlsxStream, type Cell, type TableInput, type TableRow } from './tabular.js';

const ROWS = [
  ['姓名', '身份证号'],
  ['張偉', '11010519491231002X'],
  ['李四', '440524188001010014'],
];

async function read(input: TableInput, options: Parameters<typeof openTable>[1] = {}) {
  const table = await openTable(input, options);
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { ...table, rows };
}

describe('reading CSV', () => {
  it.each([
    ['UTF-8 with BOM', toCsv(ROWS, { encoding: 'utf-8', bom: true }), 'utf-8'],
    ['UTF-8 without BOM', toCsv(ROWS, { encoding: 'utf-8', bom: false }), 'utf-8'],
    ['GB18030', toCsv(ROWS, { encoding: 'gb18030' }), 'gb18030'],
    ['UTF-16 (Excel "Unicode text")', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('姓名,身份证号\r\n張偉,11010519491231002X\r\n李四,440524188001010014\r\n', 'utf-16le')]), 'utf-16le'],
  ])('reads %s, telling the encoding from the bytes', async (_name, bytes, encoding) => {
    const table = await read({ bytes });
    expect(table).toMatchObject({ format: 'csv', encoding, header: ['姓名', '身份证号'] });
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['張偉', '11010519491231002X'] },
      { rowNumber: 3, cells: ['李四', '440524188001010014'] },
    ]);
  });

  it('reads a UTF-8 file whose characters straddle the chunks it is read in', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongzhi-tabular-'));
    try {
      // Three-byte characters after a one-byte prefix: the read chunks (64 KiB) end inside characters.
      const lines = ['姓名,住址', ...Array.from({ length: 3000 }, (_, i) => `${i},浙江省杭州市西湖区北山街道金祝北路${i}号`)];
      const file = path.join(dir, 'long.csv');
      writeFileSync(file, '\uFEFF' + lines.join('\r\n') + '\r\n');
      const table = await read({ path: file });
      expect(table.header).toEqual(['姓名', '住址']);
      expect(table.rows).toHaveLength(3000);
      expect(table.rows.every((r, i) => r.cells[1] === `浙江省杭州市西湖区北山街道金祝北路${i}号`)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips blank rows but keeps their place in the row numbers, and starts at a later header row', async () => {
    const csv = Buffer.from('西湖区户籍人口导出 2026-06\r\n姓名,身份证号\r\n,\r\n王五,110105194912310021\r\n');
    const table = await read({ bytes: csv }, { headerRow: 2 });
    expect(table.header).toEqual(['姓名', '身份证号']);
    expect(table.rows).toEqual([{ rowNumber: 4, cells: ['王五', '110105194912310021'] }]);
  });

  it('reads quoted cells with commas and line breaks as one row', async () => {
    const table = await read({ bytes: Buffer.from('a,b\r\n"x, y","line\nbreak"\r\nz,w\r\n') });
    expect(table.rows).toEqual([
      { rowNumber: 2, cells: ['x, y', 'line\nbreak'] },
      { rowNumber: 3, cells: ['z', 'w'] },
    ]);
  });

  it('reports a file without its header row', async () => {
    await expect(read({ bytes: Buffer.from('a,b\r\n') }, { headerRow: 3 })).rejects.toThrow(TableError);
  });

  it('tells GB18030 from UTF-8 on the first bytes alone', () => {
    expect(detectEncoding(iconv.encode('居民姓名', 'gb18030'))).toBe('gb18030');
    expect(detectEncoding(Buffer.from('居民姓名'))).toBe('utf-8');
    // A character cut off at the end of the sample is still UTF-8.
    expect(detectEncoding(Buffer.from('居民姓名').subarray(0, 10))).toBe('utf-8');
  });
});

describe('reading XLSX', () => {
  async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    fill(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads cells as text, numbers and dates, rich text joined and formulas by their result', async () => {
    const bytes = await workbook((wb) => {
      const sheet = wb.addWorksheet('人口');
      sheet.addRow(['姓名', '证件号码', '出生日期', '序号']);
      sheet.addRow([{ richText: [{ text: '张' }, { text: '伟' }] }, 330106197804020000, new Date(Date.UTC(1985, 2, 12)), { formula: '1+1', result: 2 }]);
      sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
    });
    const table = await read({ bytes });
    expect(table).toMatchObject({ format: 'xlsx', sheet: '人口', header: ['姓名', '证件号码', '出生日期', '序号'] });
    expect(table.rows[0].cells).toEqual(['张伟', 330106197804020000, new Date(Date.UTC(1985, 2, 12)), 2]);
  });

  it('picks a sheet by name and names the sheets when it is missing', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('说明').addRow(['本表为户籍人口导出']);
      const data = wb.addWorksheet('户籍人口');
      data.addRow(['姓名']);
      data.addRow(['王五']);
    });
    expect((await read({ bytes }, { sheet: '户籍人口' })).rows).toEqual([{ rowNumber: 2, cells: ['王五'] }]);
    await expect(read({ bytes }, { sheet: '流动人口' })).rejects.toThrow('no sheet named 流动人口; it has: 说明, 户籍人口');
  });
});

describe('cellText', () => {
  it('writes whole numbers out in full, as Excel shows a float that lost digits', () => {
    expect(cellText(330106197804020000)).toBe('330106197804020000');
    expect(cellText(1.10105e17)).toBe('110105000000000000');
    expect(cellText(13900001111)).toBe('13900001111');
    expect(cellText(3.5)).toBe('3.5');
    expect(cellText(new Date(Date.UTC(1985, 2, 12)))).toBe('1985-03-12');
  });
});

describe('writing', () => {
  it('neutralises cells that would run as formulas in a spreadsheet, when asked', () => {
    const text = toCsv([['=HYPERLINK("x")', '+86 139', 'ok']], { bom: false, neutraliseFormulas: true }).toString('utf8');
    expect(text).toBe(`"'=HYPERLINK(""x"")",'+86 139,ok\r\n`);
  });

  it('writes XLSX whose text cells stay text, so ID numbers are never floats', async () => {
    const bytes = await toXlsx([{ name: '结果', rows: [['身份证号'], ['11010519491231002X'], ['440524188001010014']], headerRow: true }]);
    const table = await read({ bytes });
    expect(table.rows.map((r) => r.cells[0])).toEqual(['11010519491231002X', '440524188001010014']);
  });
});

describe('writing as a stream', () => {
  const ROWS_WITH_EDGES: Cell[][] = [
    ['姓名', '身份证号', '手机', '备注', '年龄'],
    ['張偉', '11010519491231002X', '=HYPERLINK("x")', 'a, "quoted"\nline', 76],
    ['李四', '440524188001010014', null, '+86 139', 3.5],
    ['王五', null, '@name', null, null],
  ];

  /** The rows in batches of `size`, counting how many batches the writer has asked for. */
  function batchesOf(rows: Cell[][], size: number) {
    const pulled = { count: 0 };
    async function* batches() {
      for (let i = 0; i < rows.length; i += size) {
        pulled.count++;
        yield rows.slice(i, i + size);
      }
    }
    return { batches: batches(), pulled };
  }

  it.each([
    ['UTF-8 with BOM', { neutraliseFormulas: true }],
    ['UTF-8 without BOM', { bom: false }],
    ['GB18030', { encoding: 'gb18030', neutraliseFormulas: true }],
  ] as const)('writes CSV (%s) byte for byte as toCsv does', async (_name, options) => {
    for (const size of [1, 2, 10]) {
      expect(await buffer(csvStream(batchesOf(ROWS_WITH_EDGES, size).batches, options))).toEqual(toCsv(ROWS_WITH_EDGES, options));
    }
    expect(await buffer(csvStream(batchesOf([], 1).batches, options))).toEqual(toCsv([], options));
  });

  it('writes an XLSX sheet whose cells, header row and frozen pane are those toXlsx writes', async () => {
    const streamed = await buffer(xlsxStream({ name: '联系人名册', headerRow: true, columnWidths: [10, 20] }, batchesOf(ROWS_WITH_EDGES, 2).batches));
    const built = await toXlsx([{ name: '联系人名册', rows: ROWS_WITH_EDGES, headerRow: true, columnWidths: [10, 20] }]);
    const [mine, theirs] = await Promise.all([streamed, built].map(async (bytes) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      return workbook.worksheets[0];
    }));
    expect(mine.name).toBe(theirs.name);
    expect(mine.views).toEqual(theirs.views);
    expect(mine.getColumn(2).width).toBe(20);
    expect(mine.getRow(1).getCell(1).font).toEqual({ bold: true });
    expect(mine.getRow(2).getCell(1).font).toEqual(theirs.getRow(2).getCell(1).font);
    expect(mine.rowCount).toBe(ROWS_WITH_EDGES.length);
    ROWS_WITH_EDGES.forEach((row, r) =>
      row.forEach((_cell, c) => expect(mine.getRow(r + 1).getCell(c + 1).value).toEqual(theirs.getRow(r + 1).getCell(c + 1).value)),
    );
    // And what the import reads back is the rows themselves.
    const table = await read({ bytes: streamed });
    expect(table.rows.map((r) => r.cells)).toEqual(ROWS_WITH_EDGES.slice(1).map((row) => withoutTrailingEmpties(row)));
  });

  it.each([
    ['CSV', (batches: AsyncIterable<Cell[][]>) => csvStream(batches)],
    ['XLSX', (batches: AsyncIterable<Cell[][]>) => xlsxStream({ name: 's' }, batches)],
  ])('reads %s batches no faster than the reader takes the file, and stops when it goes away', async (_name, stream) => {
    const row = Array.from({ length: 20 }, (_, i) => `cell ${i} ${'x'.repeat(40)}`);
    const { batches, pulled } = batchesOf(Array.from({ length: 100_000 }, () => row), 500);
    const file = stream(batches);
    const first = await new Promise<Buffer>((resolve) => file.once('data', resolve));
    file.pause();
    expect(first.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const whilePaused = pulled.count;
    expect(whilePaused).toBeLessThan(10);
    file.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pulled.count).toBeLessThanOrEqual(whilePaused + 1);
  });
});

/** A row as reading a file gives it back: without its trailing empty cells. */
function withoutTrailingEmpties(row: Cell[]): Cell[] {
  let end = row.length;
  while (end > 0 && row[end - 1] === null) end--;
  return row.slice(0, end);
}
