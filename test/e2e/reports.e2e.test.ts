/**
 * One-table reporting in a real browser: street staff pick a department's
 * report, generate it for their street, look at the records behind a figure,
 * and download the XLSX in the department's layout.
 * Needs the built UI (`npx vite build --config web/vite.config.ts`) and
 * Debian's Chromium at /usr/bin/chromium.
 */
import ExcelJS from 'exceljs';
import { expect, test } from 'vitest';
import { signedIn as signedInAs, useBrowserTestbed } from '../support/browser.js';

const COMMUNITY_A = '330106002051';

const testbed = useBrowserTestbed();

const signedIn = (username: string) => signedInAs(testbed, username);

test('street staff generate a report, drill into a figure and download the XLSX in the department’s layout', async () => {
  const page = await signedIn('street');
  try {
    await page.getByTestId('nav-menu').getByRole('link', { name: '报表生成' }).click();
    await page.waitForURL('**/reports');
    await page.getByTestId('report-template').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '老年人口基本情况统计表' }).click();
    // Generating waits for the chosen template to show and for the user's own jurisdiction to load.
    await expect.poll(() => page.getByTestId('report-template').textContent(), { timeout: 15_000 }).toContain('老年人口基本情况统计表');
    await expect.poll(() => page.getByTestId('report-generate').isEnabled(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('report-generate').click();

    const table = page.getByTestId('report-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(5);
    await expect.poll(() => table.locator('tbody tr.ant-table-row').first().textContent()).toContain('上保社区');
    const elderly = page.getByTestId(`figure-${COMMUNITY_A}-elderly`);
    const shown = Number(await elderly.textContent());
    expect(shown).toBeGreaterThan(0);

    // The records behind the figure: as many as it counts, names masked.
    await elderly.click();
    const drawer = page.getByTestId('drill-down');
    await drawer.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await drawer.locator('tbody tr.ant-table-row').count()).toBe(Math.min(shown, 20));
    expect(await drawer.locator('tbody tr.ant-table-row td').first().textContent()).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
    await page.keyboard.press('Escape');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^老年人口基本情况统计表-北山街道-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell('A1').value).toBe('老年人口基本情况统计表');
    expect(sheet.model.merges).toEqual(expect.arrayContaining(['A3:A5', 'D3:K3', 'E4:F4']));
    expect([sheet.getCell('B6').value, sheet.getCell('D6').value]).toEqual(['上保社区', shown]);
    expect(sheet.getCell('B10').value).toBe('合计');
    expect(workbook.getWorksheet('口径说明')).toBeDefined();
  } finally {
    await page.context().close();
  }
});
