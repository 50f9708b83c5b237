// Spreadsheets as departments send them, for the report-template tests.
import ExcelJS from 'exceljs';

/** A department's sheet as they come: title, who fills it, a two-row header with merged cells, rows, a total, a note. */
export async function departmentSheet(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('老年人');
  sheet.getCell('A1').value = '老年人口基本情况统计表';
  sheet.mergeCells('A1:H1');
  sheet.getCell('A2').value = '填报单位：          填报日期：';
  sheet.mergeCells('A2:H2');
  const header: Array<[string, string]> = [
    ['A3:A4', '序号'],
    ['B3:B4', '社区'],
    ['C3:C4', '实有人口（人）'],
    ['D3:F3', '60周岁及以上老年人'],
    ['G3:G4', '独居老人数'],
    ['H3:H4', '助餐服务人数'],
  ];
  for (const [range, text] of header) {
    sheet.getCell(range.split(':')[0]).value = text;
    sheet.mergeCells(range);
  }
  sheet.getCell('D4').value = '合计';
  sheet.getCell('E4').value = '男';
  sheet.getCell('F4').value = '女';
  sheet.addRow([1, '上保社区']);
  sheet.addRow([2, '宝石社区']);
  sheet.addRow(['', '合计']);
  sheet.addRow([]);
  sheet.addRow(['注：年龄按统计时点计算周岁。']);
  sheet.addRow(['2. 独居老人指户内仅本人居住。']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
