/**
 * The registry in a real browser: a data steward takes a department file
 * through the import wizard to its error report and into the registry, then
 * finds a person and reads where each value came from and which source
 * disagrees; roles without clear access see masked lists; a community worker
 * uses the search and a person's page on a phone.
 * Needs the built UI (`npm run build`) and Debian's Chromium at /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startE2eServer } from '../support/e2e-server.js';

const DEMO_PASSWORD = 'Demo@2026';
const BUILT_UI = new URL('../../web/dist/index.html', import.meta.url);
const SAMPLES = path.resolve(import.meta.dirname, '../../docs/samples');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 667 };
/** 王磊: registered here by the household register, living elsewhere per the floating-population register. */
const WANG_LEI_ID = '330106198005060130';

let server: Awaited<ReturnType<typeof startE2eServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  if (!existsSync(BUILT_UI)) throw new Error('web/dist is missing: run `npm run build` first');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(username: string, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${server.baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.getByTestId('home-title').waitFor();
  return page;
}

const profileText = (name: string) => readFileSync(path.join(SAMPLES, 'profiles', `${name}.yaml`), 'utf8');

/** Imports a sample file over the API as the steward, for tests about what the registry then shows. */
async function importSample(fileName: string, profile: string): Promise<void> {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'steward', password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path.join(SAMPLES, fileName))]), fileName);
  const created = (await (await fetch(`${server.baseUrl}/api/v1/imports`, { method: 'POST', headers, body: form })).json()) as { id: string };
  const url = `${server.baseUrl}/api/v1/imports/${created.id}`;
  const settled = async (busy: string) => {
    for (;;) {
      const current = (await (await fetch(url, { headers })).json()) as { status: string; error: string | null };
      if (current.status !== busy || current.error) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await fetch(`${url}/validate`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ text: profileText(profile) }) });
  expect((await settled('validating')).status).toBe('validated');
  await fetch(`${url}/apply`, { method: 'POST', headers });
  expect(await settled('applying')).toMatchObject({ status: 'completed', error: null });
}

test('a data steward takes a department file through the import wizard to its error report and into the registry', async () => {
  const page = await signedIn('steward');
  try {
    await page.getByTestId('nav-menu').getByRole('link', { name: '数据导入' }).click();
    await page.waitForURL('**/registry/imports');
    await page.getByTestId('import-new').click();

    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(path.join(SAMPLES, 'household-registration.csv'));
    await page.getByTestId('import-upload').click();
    await page.waitForURL(/\/registry\/imports\/[0-9a-f-]{36}$/);

    // No saved profile yet: write one (the household register's), check it, preview the first rows, save it.
    await page.getByTestId('profile-mode').getByText('新建方案').click();
    await page.getByTestId('profile-text').fill(profileText('household-registration'));
    await page.getByTestId('profile-check').click();
    await page.getByTestId('profile-ok').waitFor();
    await page.getByTestId('profile-preview').click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.locator('thead').textContent()).toContain('公民身份号码');
    await expect.poll(() => preview.locator('tbody tr.ant-table-row').count()).toBe(10);
    // As mapped: the sex code 男 becomes the catalogue's label, the name its field.
    expect(await preview.locator('tbody tr.ant-table-row').first().textContent()).toContain('王建国');
    await page.getByTestId('profile-save').click();
    await page.getByText(/已保存方案 .+（第 1 版）/).waitFor();

    await page.getByTestId('import-validate').click();
    const summary = page.getByTestId('validation-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/共 14 行：有效 10 行，隔离 4 行/);
    const issues = page.getByTestId('import-issues');
    await expect.poll(() => issues.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(4);

    // The error report names the row, the column, the bad value and the reason.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('error-report-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    expect(header.join('|')).toMatch(/行/);
    expect(sheet.rowCount).toBeGreaterThanOrEqual(5);

    await page.getByTestId('import-apply').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^写入 10 行；隔离 4 行/);
    await page.getByTestId('import-stats').waitFor();

    // The import is listed with its status.
    await page.getByRole('link', { name: '查看全部' }).click();
    await page.waitForURL('**/registry/imports');
    const listed = page.getByTestId('import-list').locator('tbody tr.ant-table-row').first();
    expect(await listed.textContent()).toContain('household-registration.csv');
    expect(await listed.getByTestId('import-status').textContent()).toBe('已完成');
  } finally {
    await page.context().close();
  }
});

test('a data steward searches by ID number and reads where each value came from and which source disagrees', async () => {
  // Two registers that disagree on whether 王磊 lives where he is registered.
  await importSample('household-registration.csv', 'household-registration');
  await importSample('floating-population.csv', 'floating-population');

  const page = await signedIn('steward');
  try {
    await page.getByTestId('nav-menu').getByRole('link', { name: '人口底册' }).click();
    await page.waitForURL('**/registry');
    expect(await page.getByTestId('registry-purpose').textContent()).toContain('数据治理');
    await page.getByTestId('search-id-number').fill(WANG_LEI_ID);
    await page.getByTestId('search-submit').click();
    const results = page.getByTestId('person-result');
    await expect.poll(() => results.count()).toBe(1);
    // Lists mask the ID number even for the steward.
    expect(await results.first().getByTestId('person-result-facts').textContent()).toContain('330106********0130');
    await results.first().click();

    await page.waitForURL(/\/registry\/people\//);
    expect(await page.getByTestId('record-title').textContent()).toBe('王磊');
    // On the record's own page, for data stewardship, the ID number is in clear.
    expect(await page.getByTestId('person-summary').textContent()).toContain(WANG_LEI_ID);

    const name = page.getByTestId('field-person.name');
    expect(await name.getByTestId('field-value').textContent()).toBe('王磊');
    const nameSources = await name.getByTestId('field-source').allTextContents();
    expect(nameSources.join('\n')).toMatch(/户籍.*household-registration\.csv 第 \d+ 行/);

    const status = page.getByTestId('field-person.residence_status');
    expect(await status.getByTestId('field-value').textContent()).toBe('流动人口');
    expect(await status.getByTestId('field-source').first().textContent()).toContain('流动人口登记');
    expect(await status.getByTestId('field-disagreement-count').textContent()).toBe('1 条来源说法不同');
    const disagreement = status.getByTestId('field-disagreements');
    expect(await disagreement.textContent()).toContain('人户分离');
    expect(await disagreement.getByTestId('field-source').textContent()).toMatch(/户籍.*household-registration\.csv/);

    // The history holds what every source said.
    await page.getByRole('tab', { name: '变更历史' }).click();
    const history = page.getByTestId('record-history');
    await expect.poll(() => history.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(5);
    expect(await history.textContent()).toContain('流动人口登记');

    // The household the register places him in, with its members.
    await page.getByRole('tab', { name: '字段与来源' }).click();
    await page.getByTestId('person-household').click();
    await page.waitForURL(/\/registry\/households\//);
    expect(await page.getByTestId('household-members').textContent()).toContain('王建国');
  } finally {
    await page.context().close();
  }
});

test('a role that may read only aggregates sees masked names and numbers; a role without registry access has no search', async () => {
  const leader = await signedIn('leader');
  try {
    await leader.goto(`${server.baseUrl}/registry?name=${encodeURIComponent('王')}`);
    expect(await leader.getByTestId('registry-purpose').textContent()).toContain('统计分析');
    const names = leader.getByTestId('person-result-name');
    await expect.poll(() => names.count()).toBeGreaterThan(0);
    for (const name of await names.allTextContents()) expect(name).toMatch(/^王\*+$/u);
    for (const facts of await leader.getByTestId('person-result-facts').allTextContents()) {
      expect(facts).not.toMatch(/\d{17}[\dX]/);
    }
  } finally {
    await leader.context().close();
  }

  const department = await signedIn('department');
  try {
    expect(await department.getByTestId('nav-menu').getByRole('link', { name: '人口底册' }).count()).toBe(0);
    await department.goto(`${server.baseUrl}/registry?name=${encodeURIComponent('王')}`);
    await department.getByText('无权访问').waitFor();
    expect(await department.getByTestId('person-result').count()).toBe(0);
  } finally {
    await department.context().close();
  }
});

test('a community worker finds a resident and opens their page on a phone', async () => {
  const page = await signedIn('community', PHONE);
  try {
    await page.goto(`${server.baseUrl}/registry`);
    await page.getByTestId('search-name').fill('王');
    await page.getByTestId('search-submit').click();
    const results = page.getByTestId('person-result');
    await expect.poll(() => results.count()).toBeGreaterThan(0);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(await fits()).toBe(true);

    await results.first().click();
    await page.waitForURL(/\/registry\/people\//);
    await page.getByTestId('person-summary').waitFor();
    await page.locator('[data-testid^="field-person."]').first().waitFor();
    expect(await fits()).toBe(true);
  } finally {
    await page.context().close();
  }
});
