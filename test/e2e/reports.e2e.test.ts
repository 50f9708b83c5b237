/**
 * One-table reporting in a real browser: street staff pick a department's
 * report, generate it for their street, look at the records behind a figure,
 * and download the XLSX in the department's layout.
 * Needs the built UI (`npx vite build --config web/vite.config.ts`) and
 * Debian's Chromium at /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startE2eServer } from '../support/e2e-server.js';

const DEMO_PASSWORD = 'Demo@2026';
const BUILT_UI = new URL('../../web/dist/index.html', import.meta.url);
const COMMUNITY_A = '330106002051';

let server: Awaited<ReturnType<typeof startE2eServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  if (!existsSync(BUILT_UI)) throw new Error('web/dist is missing: run `npx vite build --config web/vite.config.ts` first');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('home-title').waitFor();
  return page;
}

test('street staff generate a report, drill into a figure and download the XLSX in the department’s layout', async () => {
  const page = await signedIn('street');
  try {
    await page.getByTestId('nav-menu').getByRole('link', { name: '报表生成' }).click();
    await page.waitForURL('**/reports');
    await page.getByTestId('report-template').click();
    await page.locator('.ant-select-item-option', { hasText: '老年人口基本情况统计表' }).click();
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
