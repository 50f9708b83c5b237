/**
 * The registry in a real browser: a data steward takes a department file
 * through the import wizard to its error report and into the registry, then
 * finds a person and reads where each value came from and which source
 * disagrees; roles without clear access see masked lists; a community worker
 * uses the search and a person's page on a phone.
 * Needs the built UI (`npm run build`) and Debian's Chromium at /usr/bin/chromium.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { expect, test } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { DESKTOP, PHONE, signedIn as signedInAs, useBrowserTestbed } from '../support/browser.js';

const SAMPLES = path.resolve(import.meta.dirname, '../../docs/samples');
/** How long a poll waits for the page to catch up (the machine is shared and slow). */
const WAIT = { timeout: 20_000 };
/** 王磊: registered here by the household register, living elsewhere per the floating-population register. */
const WANG_LEI_ID = '330106198005060130';

const testbed = useBrowserTestbed();

const signedIn = (username: string, viewport = DESKTOP) => signedInAs(testbed, username, { viewport, timeoutMs: 20_000 });

const profileText = (name: string) => readFileSync(path.join(SAMPLES, 'profiles', `${name}.yaml`), 'utf8');

/** Imports a department file over the API as the steward, for tests about what the registry then shows. */
async function importSample(fileName: string, profile: string, bytes: Uint8Array = readFileSync(path.join(SAMPLES, fileName))): Promise<void> {
  const login = await fetch(`${testbed.server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'steward', password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
  const created = (await (await fetch(`${testbed.server.baseUrl}/api/v1/imports`, { method: 'POST', headers, body: form })).json()) as { id: string };
  const url = `${testbed.server.baseUrl}/api/v1/imports/${created.id}`;
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
    await expect.poll(() => preview.locator('tbody tr.ant-table-row').count(), WAIT).toBe(10);
    // As mapped: the sex code 男 becomes the catalogue's label, the name its field.
    expect(await preview.locator('tbody tr.ant-table-row').first().textContent()).toContain('王建国');
    await page.getByTestId('profile-save').click();
    await page.getByText(/已保存方案 .+（第 1 版）/).waitFor();

    await page.getByTestId('import-validate').click();
    const summary = page.getByTestId('validation-summary');
    await summary.waitFor();
    const [, valid, quarantined] = /共 14 行：有效 (\d+) 行，隔离 (\d+) 行/.exec((await summary.textContent()) ?? '') ?? [];
    expect(Number(valid)).toBeGreaterThan(0);
    expect(Number(quarantined)).toBeGreaterThan(0);
    const issues = page.getByTestId('import-issues');
    await expect.poll(() => issues.locator('tbody tr.ant-table-row').count(), WAIT).toBeGreaterThanOrEqual(Number(quarantined));

    // The error report names the row, the column, the bad value and the reason.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('error-report-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    expect(header.join('|')).toMatch(/行/);
    expect(sheet.rowCount).toBeGreaterThan(Number(quarantined));

    await page.getByTestId('import-apply').click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(new RegExp(`^写入 ${valid} 行；隔离 ${quarantined} 行`));
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
    await expect.poll(() => results.count(), WAIT).toBe(1);
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
    await expect.poll(() => history.locator('tbody tr.ant-table-row').count(), WAIT).toBeGreaterThan(5);
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

test('a leader sees masked names and numbers; a department sees only what its grant allows, and nothing for a purpose it has no grant for', async () => {
  const leader = await signedIn('leader');
  try {
    await leader.goto(`${testbed.server.baseUrl}/registry?name=${encodeURIComponent('王')}`);
    expect(await leader.getByTestId('registry-purpose').textContent()).toContain('统计分析');
    const names = leader.getByTestId('person-result-name');
    await expect.poll(() => names.count(), WAIT).toBeGreaterThan(0);
    for (const name of await names.allTextContents()) expect(name).toMatch(/^王\*+$/u);
    for (const facts of await leader.getByTestId('person-result-facts').allTextContents()) expect(facts).not.toMatch(/\d{17}[\dX]/);
  } finally {
    await leader.context().close();
  }

  // 城管 may read names and phones for case handling (demo grant): ID numbers masked, the rest left out.
  const department = await signedIn('department');
  try {
    await department.getByTestId('nav-menu').getByRole('link', { name: '人口底册' }).click();
    expect(await department.getByTestId('registry-purpose').textContent()).toContain('案件办理');
    await department.getByTestId('search-name').fill('王');
    await department.getByTestId('search-submit').click();
    const results = department.getByTestId('person-result');
    await expect.poll(() => results.count(), WAIT).toBeGreaterThan(0);
    const note = department.getByTestId('share-note');
    expect(await note.textContent()).toContain('《城市管理执法办法》');
    // Field names come from the catalogue, which may arrive after the results.
    await expect.poll(() => note.textContent(), WAIT).toMatch(/脱敏显示：公民身份号码/);
    for (const facts of await department.getByTestId('person-result-facts').allTextContents()) {
      expect(facts).not.toMatch(/\d{17}[\dX]/);
      expect(facts).not.toContain('出生');
    }

    // No grant for service delivery: refused, with the reason.
    await department.getByTestId('registry-purpose').click();
    await department.locator('.ant-select-item-option', { hasText: '服务提供' }).click();
    await department.getByTestId('search-error').waitFor();
    expect(await results.count()).toBe(0);
  } finally {
    await department.context().close();
  }
});

test('a community worker finds a resident and opens their page on a phone', async () => {
  const page = await signedIn('community', PHONE);
  try {
    await page.goto(`${testbed.server.baseUrl}/registry`);
    await page.getByTestId('search-name').fill('王');
    await page.getByTestId('search-submit').click();
    const results = page.getByTestId('person-result');
    await expect.poll(() => results.count(), WAIT).toBeGreaterThan(0);
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

/** A valid ID number: the 17 digits and their GB 11643 check character. */
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

test('a data steward reviews a pair the linker held back: side by side, and decided not the same person', async () => {
  await importSample('household-registration.csv', 'household-registration');
  // The floating-population register names 王建国 with everything the same but another valid ID number.
  const rows = [
    '登记编号,姓名,性别,公民身份号码,出生日期,户籍地区划代码,现居住地址,所属社区,联系电话,房屋编号,房屋用途,出租单位,出租单位统一社会信用代码,登记日期',
    `Y1,王建国,男,${withCheck('33010619520314035')},1952年3月14日,330106,宝石新村3幢2单元301室,上保社区,13905710001,,,,,2026-01-05`,
  ];
  await importSample('floating-population-update.csv', 'floating-population', Buffer.from(`\ufeff${rows.join('\n')}\n`));

  const page = await signedIn('steward');
  try {
    await page.getByTestId('nav-menu').getByRole('link', { name: '匹配复核' }).click();
    await page.waitForURL('**/registry/reviews');
    const item = page.getByTestId('review-item').filter({ hasText: '王建国 ↔ 王建国' });
    await item.waitFor();
    expect(await item.textContent()).toContain('身份证号不一致');
    await item.click();

    await page.waitForURL(/\/registry\/reviews\/[0-9a-f-]{36}$/);
    const comparison = page.getByTestId('review-comparison');
    const idRow = comparison.locator('tr[data-row-key=idNumber]');
    expect(await idRow.textContent()).toContain('不一致');
    expect(await idRow.textContent()).toContain('330106195203140314');
    const phoneRow = comparison.locator('tr[data-row-key=phone]');
    expect(await phoneRow.textContent()).toContain('完全一致');
    expect(await phoneRow.textContent()).toMatch(/\+\d+\.\d/);

    await page.getByTestId('review-different').click();
    const decided = page.getByTestId('review-decided');
    await decided.waitFor();
    expect(await decided.textContent()).toMatch(/^已判定：不是同一人（/);

    await page.getByRole('link', { name: '返回复核队列' }).click();
    await page.getByTestId('review-status').getByText('不是同一人').click();
    await page.getByTestId('review-item').filter({ hasText: '王建国 ↔ 王建国' }).waitFor();
  } finally {
    await page.context().close();
  }
});

test('a data steward grants a department a field for a purpose, the department then reads it, and the steward revokes it', async () => {
  const steward = await signedIn('steward');
  try {
    await steward.getByTestId('nav-menu').getByRole('link', { name: '共享授权' }).click();
    await steward.waitForURL('**/registry/grants');
    const list = steward.getByTestId('grant-list');
    await expect.poll(() => list.locator('tbody tr.ant-table-row').count(), WAIT).toBe(4);
    expect(await list.locator('tbody tr.ant-table-row').filter({ hasText: '流动人口' }).getByTestId('grant-status').textContent()).toBe('已过期');

    await steward.getByTestId('grant-new').click();
    const form = steward.getByTestId('grant-form');
    await form.getByTestId('grant-department').click();
    await steward.locator('.ant-select-item-option:visible', { hasText: '城市管理局' }).click();
    await form.getByTestId('grant-fields').click();
    await steward.locator('.ant-select-item-option:visible', { hasText: '姓名' }).click();
    await steward.locator('.ant-select-item-option:visible', { hasText: '公民身份号码' }).click();
    await steward.keyboard.press('Escape');
    await form.getByTestId('grant-purpose').click();
    await steward.locator('.ant-select-item-option:visible', { hasText: '服务提供' }).click();
    await form.getByTestId('grant-legal-basis').fill('《浙江省城市管理条例》第二十条（测试）');
    await form.getByTestId('grant-jurisdiction').click();
    await steward.locator('.ant-select-item-option:visible', { hasText: '西湖区（区）' }).click();
    await steward.getByTestId('grant-submit').click();
    await expect.poll(() => list.locator('tbody tr.ant-table-row').count(), WAIT).toBe(5);
  } finally {
    await steward.context().close();
  }

  // Under the new grant, for service delivery, 城管 sees ID numbers in clear.
  const department = await signedIn('department');
  try {
    await department.goto(`${testbed.server.baseUrl}/registry`);
    await department.getByTestId('registry-purpose').click();
    await department.locator('.ant-select-item-option', { hasText: '服务提供' }).click();
    await department.getByTestId('search-name').fill('王');
    await department.getByTestId('search-submit').click();
    await expect.poll(() => department.getByTestId('person-result').count(), WAIT).toBeGreaterThan(0);
    expect(await department.getByTestId('share-note').textContent()).toContain('《浙江省城市管理条例》第二十条（测试）');
    await department.getByTestId('person-result').first().click();
    await department.waitForURL(/\/registry\/people\//);
    expect(await department.getByTestId('person-summary').textContent()).toMatch(/\d{17}[\dX]/);
  } finally {
    await department.context().close();
  }

  const again = await signedIn('steward');
  try {
    await again.goto(`${testbed.server.baseUrl}/registry/grants`);
    const row = again.getByTestId('grant-list').locator('tbody tr.ant-table-row').filter({ hasText: '（测试）' });
    await row.getByTestId('grant-revoke').click();
    await again.locator('.ant-modal textarea').fill('测试结束');
    await again.locator('.ant-modal .ant-btn-primary').click();
    await expect.poll(() => row.count(), WAIT).toBe(0);
  } finally {
    await again.context().close();
  }
});

test('a resident sees on a phone which department read their data, why, and on what legal basis', async () => {
  const resident = await testbed.server.db
    .selectFrom('resident_people as rp')
    .innerJoin('users as u', 'u.id', 'rp.user_id')
    .innerJoin('people as p', 'p.id', 'rp.person_id')
    .select(['p.id', 'p.name'])
    .where('u.username', '=', 'resident')
    .executeTakeFirstOrThrow();

  // 城管 opens the resident's record for a case.
  const department = await signedIn('department');
  try {
    await department.goto(`${testbed.server.baseUrl}/registry/people/${resident.id}`);
    expect(await department.getByTestId('record-title').textContent()).toBe(resident.name);
  } finally {
    await department.context().close();
  }

  const page = await signedIn('resident', PHONE);
  try {
    const section = page.getByTestId('section-dataAccess');
    await section.getByTestId('data-access-entry').first().waitFor();
    await section.getByRole('link', { name: '查看全部' }).click();
    await page.waitForURL('**/my/data-access');
    const entry = page.getByTestId('data-access-entry').filter({ hasText: '西湖区城市管理局' }).first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('案件办理');
    expect(await entry.textContent()).toContain('查看了您的个人信息');
    expect(await entry.getByTestId('data-access-basis').textContent()).toContain('《城市管理执法办法》');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  } finally {
    await page.context().close();
  }
});
