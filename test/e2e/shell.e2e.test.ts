/**
 * The web shell in a real browser against the real server and the demo
 * district: login, role homes, the audit table, and the phone-sized layout.
 * Needs the built UI (`npx vite build --config web/vite.config.ts`) and
 * Debian's Chromium at /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startE2eServer } from '../support/e2e-server.js';

const DEMO_PASSWORD = 'Demo@2026';
const BUILT_UI = new URL('../../web/dist/index.html', import.meta.url);

let server: Awaited<ReturnType<typeof startE2eServer>>;
let browser: Browser;

beforeAll(async () => {
  server = await startE2eServer();
  if (!existsSync(BUILT_UI)) {
    throw new Error('web/dist is missing: run `npx vite build --config web/vite.config.ts` first');
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh browser context (no cookies, no stored choices) on the login page, in the default language. */
async function openLoginPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${server.baseUrl}/login`);
  return page;
}

async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

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
