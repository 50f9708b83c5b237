/**
 * The web shell in a real browser against the real server and the demo
 * district: login, role homes, the audit table, and the phone-sized layout.
 * Needs the built UI (`npx vite build --config web/vite.config.ts`) and
 * Debian's Chromium at /usr/bin/chromium.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openLoginPage as openLoginPageOf, submitLogin, useBrowserTestbed } from '../support/browser.js';

const testbed = useBrowserTestbed();

const openLoginPage = (viewport = { width: 1280, height: 800 }) => openLoginPageOf(testbed, { viewport, timeoutMs: 10_000 });
const logIn = submitLogin;

async function homeTitle(page: Page): Promise<string> {
  const title = page.getByTestId('home-title');
  await title.waitFor();
  return (await title.textContent()) ?? '';
}

test('a resident logs in and lands on the resident home', async () => {
  const page = await openLoginPage();
  try {
    await logIn(page, 'resident');
    expect(await homeTitle(page)).toBe('居民首页');
  } finally {
    await page.context().close();
  }
});

test('an auditor lands on the audit home and reads the audit table', async () => {
  const page = await openLoginPage();
  try {
    await logIn(page, 'auditor');
    expect(await homeTitle(page)).toBe('审计工作台');

    await page.getByTestId('nav-menu').getByRole('link', { name: '审计日志' }).click();
    await page.waitForURL('**/audit');
    const rows = page.getByTestId('audit-table').locator('tr[data-row-key]');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
  } finally {
    await page.context().close();
  }
});

test('a wrong password shows the server’s refusal', async () => {
  const page = await openLoginPage();
  try {
    await logIn(page, 'leader', 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).not.toBe('');
    expect(page.url()).toMatch(/\/login$/);
  } finally {
    await page.context().close();
  }
});

test('the resident home fits a 375×667 phone without horizontal scrolling', async () => {
  const page = await openLoginPage({ width: 375, height: 667 });
  try {
    await logIn(page, 'resident');
    expect(await homeTitle(page)).toBe('居民首页');
    await page.getByTestId('open-nav').waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
  } finally {
    await page.context().close();
  }
});

test('a user whose system asks for less motion gets menus that open without animating', async () => {
  const context = await testbed.browser.newContext({ locale: 'zh-CN', reducedMotion: 'no-preference' });
  try {
    const page = await context.newPage();
    await page.goto(`${testbed.server.baseUrl}/login`);
    // Motion is on by default…
    const transition = await page.locator('button[type=submit]').evaluate((button) => getComputedStyle(button).transitionDuration);
    expect(transition.split(', ').some((duration) => duration !== '0s')).toBe(true);

    // …and off as soon as the system asks, without a reload.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: 'English' }).waitFor();
    expect(await page.evaluate(() => document.getAnimations().length)).toBe(0);
  } finally {
    await context.close();
  }
});
