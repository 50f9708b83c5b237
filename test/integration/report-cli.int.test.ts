// `gongzhi report` as an operator runs it: a real CLI process writes a
// department's report for a jurisdiction to XLSX in the department's layout.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendAvailable } from '../support/database.js';
import { createCliDatabase, runCli, type CliDatabase } from '../support/cli.js';

describe.skipIf(!backendAvailable())('gongzhi report', () => {
  let target: CliDatabase;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongzhi-report-'));
  beforeAll(async () => {
    target = await createCliDatabase('demo');
  });
  afterAll(async () => {
    await target?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the disabled persons’ report by grade for a street to XLSX', async () => {
    const out = path.join(dir, 'grades.xlsx');
    const result = await runCli(['report', '--template', 'CL-GRADE', '--jurisdiction', '330106002', '--date', '2026-06-30', '--out', out], target.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('持证残疾人分等级统计表 · 北山街道 · 2026-06-30: 4 rows');
    expect(result.stdout).toContain('cl_disabled v1');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A1').value).toBe('持证残疾人分等级情况统计表');
    expect([sheet.getCell('A5').value, sheet.getCell('A8').value, sheet.getCell('A9').value]).toEqual(['一级', '四级', '合计']);
    const grades = [5, 6, 7, 8].map((row) => sheet.getCell(row, 2).value as number);
    // Every disabled person in the demo has a grade, so here the total is also the sum of the grades.
    expect(sheet.getCell('B9').value).toBe(grades.reduce((a, b) => a + b, 0));
  });

  it('refuses an unknown template with exit 1 and a message', async () => {
    const result = await runCli(['report', '--template', 'NO-SUCH', '--jurisdiction', '330106002', '--out', path.join(dir, 'x.xlsx')], target.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No report_template NO-SUCH');
  });
});
