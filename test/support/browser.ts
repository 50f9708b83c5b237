// What every browser test file starts from: the server on a free port over a
// copy of the demo (e2e-server.ts), Debian's Chromium, and signing in through
// the login page as a user would.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type ViewportSize } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { startE2eServer } from './e2e-server.js';

const BUILT_UI = new URL('../../web/dist/index.html', import.meta.url);
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export const DESKTOP: ViewportSize = { width: 1440, height: 900 };
export const PHONE: ViewportSize = { width: 375, height: 667 };

export type E2eServer = Awaited<ReturnType<typeof startE2eServer>>;

export interface BrowserTestbed {
  server: E2eServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function openBrowserTestbed(): Promise<BrowserTestbed> {
  if (!existsSync(BUILT_UI)) throw new Error('web/dist is missing: run `npm run build` first');
  const server = await startE2eServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The testbed of a browser test file: opened before its first test, closed
 * after its last. Read `server` and `browser` inside tests and hooks
 * registered after this call, once it is open.
 */
export function useBrowserTestbed(): BrowserTestbed {
  let opened: BrowserTestbed | undefined;
  beforeAll(async () => {
    opened = await openBrowserTestbed();
  });
  afterAll(() => opened?.close());
  const open = () => {
    if (!opened) throw new Error('the browser testbed is not open yet: use it inside tests and hooks');
    return opened;
  };
  return {
    get server() {
      return open().server;
    },
    get browser() {
      return open().browser;
    },
    close: () => open().close(),
  };
}

/**
 * A fresh browser context (no cookies, no stored choices) in the default
 * language. It asks for reduced motion, so dialogs and menus open without
 * animating and a test never acts on one still moving into place.
 */
export function newBrowserContext(testbed: BrowserTestbed, viewport: ViewportSize = DESKTOP): Promise<BrowserContext> {
  return testbed.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true, reducedMotion: 'reduce' });
}

/** A fresh browser context on the login page. */
export async function openLoginPage(testbed: BrowserTestbed, options: { viewport?: ViewportSize; timeoutMs?: number } = {}): Promise<Page> {
  const context = await newBrowserContext(testbed, options.viewport);
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs ?? 15_000);
  await page.goto(`${testbed.server.baseUrl}/login`);
  return page;
}

export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
}

/** A fresh browser context signed in as `username`, on its home page. */
export async function signedIn(testbed: BrowserTestbed, username: string, options: { viewport?: ViewportSize; timeoutMs?: number } = {}): Promise<Page> {
  const page = await openLoginPage(testbed, options);
  await submitLogin(page, username);
  await page.getByTestId('home-title').waitFor();
  return page;
}
