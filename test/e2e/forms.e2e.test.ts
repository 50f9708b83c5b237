/**
 * A grid worker fills a pre-filled collection form on a phone-sized screen:
 * picks a resident of their grid, sees the registry's values read-only with
 * source and date, answers what is missing (relevance and constraint
 * messages as they type), reloads half-way through and finds the answers
 * kept, and submits; and opens a form on the dwelling a resident lives in.
 * Needs the built UI and Debian's Chromium (see shell.e2e.test.ts).
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { newBrowserContext, PHONE, submitLogin, useBrowserTestbed } from '../support/browser.js';

const testbed = useBrowserTestbed();

async function logIn(page: Page, username: string): Promise<void> {
  await page.goto(`${testbed.server.baseUrl}/login`);
  await submitLogin(page, username);
  await page.getByTestId('home-title').waitFor();
}

/** An older resident of the grid worker's grid, found the way the page finds people. */
async function olderResident(page: Page): Promise<{ name: string; birthDate: string }> {
  const response = await page.request.get(`${testbed.server.baseUrl}/api/v1/people?limit=200`, { headers: { 'x-purpose': 'service_delivery' } });
  const people = (await response.json()).items as Array<{ name: string; birthDate: string | null }>;
  const older = people.find((p) => p.birthDate !== null && p.birthDate <= '1955-12-31');
  if (!older) throw new Error('the demo grid has no resident aged 70 or more');
  return older as { name: string; birthDate: string };
}

const question = (page: Page, path: string) => page.getByTestId(`question-${path}`);

async function savedAfterChange(page: Page): Promise<void> {
  // The indicator reads "saving" then "saved" once the server has the answers.
  await page.locator('[data-testid=save-state][data-status=saved]').waitFor();
}

test('a grid worker fills a pre-filled form on a phone, reloads half-way, and submits', async () => {
  const context = await newBrowserContext(testbed, PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    await logIn(page, 'grid');
    const resident = await olderResident(page);

    await page.getByTestId('open-forms').click();
    await page.waitForURL('**/forms');
    await page.getByTestId('form-elderly_care_visit').getByTestId('choose-person').click();
    await page.waitForURL('**/people');
    await page.getByTestId('person-search').locator('input').fill(resident.name);
    await page.getByTestId('person-search').locator('input').press('Enter');
    await page.getByTestId('person-option').filter({ hasText: `${resident.birthDate} 出生` }).first().click();
    await page.waitForURL('**/forms/submissions/*');

    // What the registry knows is shown read-only, with where it came from and since when.
    expect(await page.getByTestId('answer-full_name').textContent()).toBe(resident.name);
    expect(await page.getByTestId('answer-birth_date').textContent()).toBe(resident.birthDate);
    const source = await page.getByTestId('prefill-full_name').textContent();
    expect(source).toContain('初始底册');
    expect(source).toMatch(/2026\/07\/01/);
    expect(await question(page, 'full_name').locator('input').count()).toBe(0);

    // Relevance: the health group is there because the resident is over 60; daily calls are offered once "alone" is chosen.
    await question(page, 'self_care').waitFor();
    expect(await question(page, 'services_needed').getByText('每日电话问候').count()).toBe(0);
    await question(page, 'living').getByText('独居', { exact: true }).click();
    await question(page, 'services_needed').getByText('每日电话问候').waitFor();
    await question(page, 'self_care').getByText('部分自理', { exact: true }).click();
    await savedAfterChange(page);

    // Half-way: the page is reloaded and the answers are still there.
    await page.reload();
    await question(page, 'living').waitFor();
    expect(await question(page, 'living').getByRole('radio', { name: '独居' }).isChecked()).toBe(true);
    expect(await question(page, 'self_care').getByRole('radio', { name: '部分自理' }).isChecked()).toBe(true);

    // A constraint message while typing, gone once the answer fits.
    await question(page, 'follow_up').getByText('是', { exact: true }).click();
    const reason = question(page, 'follow_up_reason').locator('input');
    await reason.fill('看看');
    const message = question(page, 'follow_up_reason').locator('.ant-form-item-explain-error');
    expect(await message.textContent()).toBe('请至少写 4 个字说明情况');
    await reason.fill('需要每周上门看望');
    await message.waitFor({ state: 'detached' });
    await question(page, 'services_needed').getByText('每日电话问候').click();

    await page.getByTestId('submit-form').click();
    await page.locator('[data-testid=submission-status][data-status=submitted]').waitFor();
    await page.getByTestId('awaiting-review').waitFor();
    expect(await page.getByTestId('submit-form').count()).toBe(0);

    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
  } finally {
    await context.close();
  }
});

test('community staff find the submitted form in their review queue and approve it', async () => {
  const context = await newBrowserContext(testbed, PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    await logIn(page, 'community');
    await page.goto(`${testbed.server.baseUrl}/forms/review`);
    await page.getByTestId('submission-link').first().click();
    await page.waitForURL('**/forms/submissions/*');
    await page.getByTestId('review-actions').waitFor();
    // The reviewer reads the answers; nothing can be changed.
    expect(await page.getByTestId('submission-form').locator('input:not([type=radio]):not([type=checkbox])').count()).toBe(0);
    await page.getByTestId('review-comment').fill('情况属实');
    await page.getByTestId('approve').click();
    await page.locator('[data-testid=submission-status][data-status=approved]').waitFor();
    // Everything bound was already in the registry: nothing new to write.
    expect(await page.getByTestId('write-back').textContent()).toContain('没有需要写回底册的新信息');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  } finally {
    await context.close();
  }
});

test('a grid worker opens a form on a dwelling from a resident, and fills it on a phone', async () => {
  const context = await newBrowserContext(testbed, PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    await logIn(page, 'grid');
    const resident = await olderResident(page);
    await page.goto(`${testbed.server.baseUrl}/forms`);
    await page.getByTestId('form-rental_housing_check').getByTestId('choose-person').click();
    await page.waitForURL('**/people');
    await page.getByTestId('person-search').locator('input').fill(resident.name);
    await page.getByTestId('person-search').locator('input').press('Enter');
    // The resident stands for the dwelling they live in: the form opens on the dwelling, named by its address.
    const option = page.getByTestId('person-option').filter({ hasText: `${resident.name}居住的房屋` }).first();
    const address = (await option.locator('.ant-typography-secondary').first().textContent())!;
    await option.click();
    await page.waitForURL('**/forms/submissions/*');
    expect(await page.getByTestId('submission-subject').textContent()).toBe(address);

    // Tenants are asked only of a rented dwelling; with one fire-safety item the hazards must be described.
    expect(await question(page, 'tenants').count()).toBe(0);
    await question(page, 'use').getByText('出租', { exact: true }).click();
    await question(page, 'tenants').locator('input').fill('3');
    await question(page, 'contract_registered').getByText('是', { exact: true }).click();
    await question(page, 'fire_safety').getByText('灭火器', { exact: true }).click();
    await question(page, 'hazards').locator('input').fill('缺少烟雾报警器');
    await savedAfterChange(page);

    await page.getByTestId('submit-form').click();
    await page.locator('[data-testid=submission-status][data-status=submitted]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  } finally {
    await context.close();
  }
});
