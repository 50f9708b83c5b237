/**
 * Case handling in a real browser against the real server and the demo
 * district with its responsibility list: a resident reports a problem with a
 * photo on a phone, the community registers and dispatches it, the department
 * the list routes it to signs for and handles it with evidence, the resident
 * rates and confirms it, the community closes it, and the resident sees it
 * closed and rated. Needs the built UI and Debian's Chromium (see shell.e2e).
 */
import type { Page } from 'playwright-core';
import { afterEach, expect, test } from 'vitest';
import { PHONE, signedIn, useBrowserTestbed } from '../support/browser.js';

/** Demo logins by the unit the responsibility list routes to (src/modules/demo/district.ts). */
const LOGIN_FOR_UNIT: Record<string, string> = { 西湖区城市管理局: 'department' };

/** A valid 1×1 PNG: the server recognises images by their bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const testbed = useBrowserTestbed();

/** A fresh browser context, logged in as `username`, on its home page. */
const logIn = (username: string, viewport = { width: 1280, height: 800 }) => signedIn(testbed, username, { viewport });

/** Fills the intake form: 暴露垃圾 with its required question, a description, a tap on 上保社区第1网格 on the city map. */
async function fillReport(page: Page, description: string): Promise<void> {
  await page.goto(`${testbed.server.baseUrl}/cases/report`);
  await page.getByTestId('category-picker').click();
  await page.keyboard.type('垃圾');
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '暴露垃圾' }).click();
  await page.getByLabel('少量（1 平方米以内）').check();
  await page.locator('#description').fill(description);
  // The resident's map is the whole city (public boundaries) with the grids of their own community.
  const map = page.getByTestId('location-map');
  expect(await map.locator('path[data-code="330106004053"]').count()).toBe(1);
  const grid = (await map.locator('path[data-code="33010600205101"]').boundingBox())!;
  const origin = (await map.boundingBox())!;
  await map.click({ position: { x: grid.x - origin.x + grid.width / 2, y: grid.y - origin.y + grid.height / 2 } });
  await page.getByTestId('location-placed').filter({ hasText: '第1网格' }).waitFor();
}

/** Takes a workflow step on the staff case page, answering its prompt. */
async function act(page: Page, action: string, text?: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = page.locator('.ant-modal-wrap:visible');
  if (text) await dialog.getByTestId('prompt-text').fill(text);
  await dialog.locator('.ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
}

const statusIs = (page: Page, status: string) => page.locator(`[data-testid=case-detail][data-status=${status}]`).waitFor();

afterEach(async () => {
  await Promise.all(testbed.browser.contexts().map((context) => context.close()));
});

test('a resident reports with a photo, the routed department handles it, the resident rates it and sees it closed', async () => {
  const resident = await logIn('resident', PHONE);
  const description = '小区门口有一堆生活垃圾，两天没人清理。<script>document.title="x"</script>';
  await fillReport(resident, description);
  await resident.getByTestId('report-photos').locator('input[type=file]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
  expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await resident.getByTestId('report-submit').click();
  await resident.getByTestId('photos-sent').waitFor();
  const receipt = (await resident.getByTestId('report-receipt').textContent()) ?? '';
  const caseNumber = /GZ-\d{8}-\d{6}/.exec(receipt)?.[0];
  expect(caseNumber).toBeDefined();

  await resident.getByTestId('receipt-open-case').click();
  await resident.waitForURL(/\/my\/cases\/[0-9a-f-]+$/);
  const caseId = resident.url().split('/').pop()!;
  await resident.getByTestId('my-case').waitFor();
  expect(await resident.getByTestId('case-status').getAttribute('data-status')).toBe('submitted');
  await resident.getByTestId('case-photo').first().waitFor();
  // The description is shown as text; the script in it never ran.
  expect(await resident.getByText('<script>document.title="x"</script>', { exact: false }).count()).toBe(1);
  expect(await resident.title()).not.toBe('x');

  // The community where the case lies registers and dispatches it to the unit the list names.
  const community = await logIn('community');
  await community.goto(`${testbed.server.baseUrl}/cases/${caseId}`);
  const unit = (await community.getByTestId('routing-unit').textContent())?.trim() ?? '';
  expect(await community.getByTestId('routing-explanation').textContent()).toContain(unit);
  expect(LOGIN_FOR_UNIT[unit], `no demo login for ${unit}`).toBeDefined();
  await act(community, 'register', '符合立案条件');
  await act(community, 'dispatch');
  await statusIs(community, 'dispatched');

  // That department finds it in its inbox, signs for it, and handles it with an evidence photo.
  const department = await logIn(LOGIN_FOR_UNIT[unit]);
  await department.goto(`${testbed.server.baseUrl}/cases/inbox`);
  // Its row counts down the sign-for limit without opening the case.
  const row = department.locator('tr', { has: department.getByTestId('case-link').filter({ hasText: caseNumber! }) });
  expect(await row.getByTestId('next-deadline').getAttribute('data-stage')).toBe('sign_for');
  await row.getByTestId('case-link').click();
  await statusIs(department, 'dispatched');
  await act(department, 'sign_for');
  await act(department, 'start');
  await department.getByTestId('action-handle').click();
  const handle = department.locator('.ant-modal-wrap:visible');
  await handle.getByTestId('prompt-text').fill('已清运完毕，地面冲洗干净。');
  await handle.getByTestId('evidence-photos').locator('input[type=file]').setInputFiles({ name: '处置后.png', mimeType: 'image/png', buffer: PNG });
  await handle.locator('.ant-btn-primary').click();
  await handle.waitFor({ state: 'hidden' });
  await statusIs(department, 'handled');

  // The resident sees the result, rates it on the five levels and confirms it is solved.
  await resident.reload();
  expect((await resident.getByTestId('case-result').textContent())?.trim()).toBe('已清运完毕，地面冲洗干净。');
  await resident.getByTestId('rating-overall').getByText('非常满意').click();
  await resident.getByTestId('rating-solved').getByText('是').click();
  await resident.getByTestId('rating-contacted').getByText('是').click();
  await resident.getByTestId('rating-submit').click();
  await resident.getByTestId('rating-summary').waitFor();
  await resident.getByTestId('reporter-confirm').click();
  await resident.locator('.ant-modal-wrap:visible .ant-btn-primary').click();
  await resident.locator('[data-testid=case-status][data-status=verified]').waitFor();

  await community.reload();
  await act(community, 'close', '报告人确认解决');
  await statusIs(community, 'closed');

  await resident.reload();
  await resident.locator('[data-testid=case-status][data-status=closed]').waitFor();
  expect(await resident.getByTestId('rating-summary').textContent()).toContain('非常满意');
  expect(await resident.getByTestId('rating-form').count()).toBe(0);
  expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});

test('a photo the server refuses refuses the report, with its reason, and nothing is sent', async () => {
  const resident = await logIn('resident', PHONE);
  await fillReport(resident, '路口垃圾桶满溢。');
  // Named and typed as an image, but not one by its bytes.
  await resident
    .getByTestId('report-photos')
    .locator('input[type=file]')
    .setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await resident.getByTestId('report-submit').click();
  const error = resident.getByTestId('report-error');
  await error.waitFor();
  expect(await error.textContent()).toContain('fake.png');
  expect(await resident.getByTestId('report-receipt').count()).toBe(0);
  // The form keeps what was typed, to try again with another photo; no case was made.
  expect(await resident.locator('#description').inputValue()).toBe('路口垃圾桶满溢。');
  const mine = await resident.evaluate(() => fetch('/api/v1/my/cases?limit=1000').then((r) => r.json() as Promise<{ items: Array<{ summary: string }> }>));
  expect(mine.items.filter((item) => item.summary.includes('路口垃圾桶满溢'))).toEqual([]);
});
