/**
 * The street's two ways of taking charge, in a real browser against the demo
 * district: a case the responsibility list does not cover comes to the street
 * as hub (首接负责), which assigns it and proposes the rule that would have
 * routed it — seen on the proposals page and accepted by the list's
 * maintainer; and the whistle (吹哨报到), where the street summons a
 * department that finds the case in its summoned tab, reports and acts, and
 * the street rates its response.
 * Needs the built UI and Debian's Chromium (see shell.e2e).
 */
import type { Page } from 'playwright-core';
import { afterEach, expect, test } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { signedIn, useBrowserTestbed } from '../support/browser.js';

/**
 * Categories with no rule in the demo list, one per test, since accepting a
 * proposal covers its category from then on: 施工扰民, 道路开挖未恢复, 道路积水.
 */
const UNCOVERED = { noise: 'SJ0301', roadworks: 'SJ0302', flooding: 'SJ0501' } as const;
/** 北山街道 › 上保社区 › 第1网格, where the demo resident lives. */
const PLACE = { lon: 120.101, lat: 30.255 };

const testbed = useBrowserTestbed();

afterEach(async () => {
  await Promise.all(testbed.browser.contexts().map((context) => context.close()));
});

const logIn = (username: string) => signedIn(testbed, username, { viewport: { width: 1280, height: 800 } });

/** The resident reports over the API (the report page itself is covered in cases.e2e). */
async function reportUncovered(categoryCode: string, description: string): Promise<{ id: string; number: string }> {
  const login = await fetch(`${testbed.server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'resident', password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const response = await fetch(`${testbed.server.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ categoryCode, attributes: {}, location: PLACE, description }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; number: string };
}

/** The visible modal a button opened. */
const dialogOf = (page: Page) => page.locator('.ant-modal-wrap:visible');

/** Picks an option of an antd select by typing part of its label. */
async function choose(page: Page, select: ReturnType<Page['locator']>, label: string): Promise<void> {
  await select.click();
  await page.keyboard.type(label);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).first().click();
}

async function act(page: Page, action: string, fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  const dialog = dialogOf(page);
  await fill?.(dialog);
  await dialog.locator('.ant-btn-primary').click();
  await dialog.waitFor({ state: 'hidden' });
}

const statusIs = (page: Page, status: string) => page.locator(`[data-testid=case-detail][data-status=${status}]`).waitFor();

/** The proposals table's row for a case. */
const proposalRow = (page: Page, caseNumber: string) => page.getByTestId('rule-proposals').locator('tr', { hasText: caseNumber });

test('the street takes an uncovered case as hub, assigns it, proposes a rule, and the maintainer accepts it on the proposals page', async () => {
  const created = await reportUncovered(UNCOVERED.noise, '工地夜间施工，噪音很大，影响休息。');

  const street = await logIn('street');
  await street.goto(`${testbed.server.baseUrl}/cases/${created.id}`);
  await statusIs(street, 'submitted');
  const routing = street.getByTestId('routing-card');
  await routing.getByText('清单未覆盖：由街道首接负责').waitFor();
  expect((await street.getByTestId('routing-unit').textContent())?.trim()).toBe('北山街道');

  // The hub registers the case and assigns it to the unit it judges responsible.
  await act(street, 'register', (dialog) => dialog.getByTestId('prompt-text').fill('符合立案条件'));
  await act(street, 'dispatch', async (dialog) => {
    await choose(street, dialog.getByTestId('unit-select'), '城市管理局');
    await dialog.getByTestId('prompt-text').fill('施工噪音由城管执法');
  });
  await statusIs(street, 'dispatched');
  await street.getByTestId('routing-unit').filter({ hasText: '西湖区城市管理局' }).waitFor();

  // …and proposes the rule that would have routed it there.
  await routing.getByTestId('propose-rule').click();
  const propose = dialogOf(street);
  await choose(street, propose.getByTestId('unit-select'), '城市管理局');
  await propose.getByTestId('prompt-text').fill('施工扰民应由城管执法处理');
  await propose.locator('.ant-btn-primary').click();
  await propose.waitFor({ state: 'hidden' });
  // The case shows its proposal waiting, not a second proposal to make — also when opened again.
  await routing.getByTestId('rule-proposal-waiting').waitFor();
  expect(await routing.getByTestId('propose-rule').count()).toBe(0);
  await street.reload();
  await routing.getByTestId('rule-proposal-waiting').waitFor();
  expect(await routing.getByTestId('propose-rule').count()).toBe(0);

  // The street sees its proposal waiting, and cannot decide it itself.
  await street.goto(`${testbed.server.baseUrl}/cases/rule-proposals`);
  const waiting = proposalRow(street, created.number);
  await waiting.waitFor();
  expect(await waiting.getByTestId('proposal-status').textContent()).toBe('待处理');
  expect(await waiting.textContent()).toContain('施工扰民应由城管执法处理');
  expect(await waiting.textContent()).toContain('西湖区城市管理局');
  expect(await street.getByTestId('proposal-accept').count()).toBe(0);

  // The list's maintainer accepts it: a new rule from now on.
  const admin = await logIn('admin');
  await admin.goto(`${testbed.server.baseUrl}/cases/rule-proposals`);
  const open = proposalRow(admin, created.number);
  await open.waitFor();
  await open.getByTestId('proposal-accept').click();
  const accept = dialogOf(admin);
  await accept.getByTestId('prompt-text').fill('同意，纳入清单');
  await accept.locator('.ant-btn-primary').click();
  await accept.waitFor({ state: 'hidden' });
  // Accepted proposals leave the open list…
  await open.waitFor({ state: 'detached' });
  await admin.getByText('已采纳', { exact: true }).click();
  const accepted = proposalRow(admin, created.number);
  await accepted.waitFor();
  expect(await accepted.getByTestId('proposal-status').textContent()).toBe('已采纳');
  expect(await accepted.textContent()).toContain('同意，纳入清单');
  expect(await accepted.getByTestId('proposal-accept').count()).toBe(0);

  // …and the street sees what became of its proposal.
  await street.getByText('全部', { exact: true }).click();
  await proposalRow(street, created.number).getByTestId('proposal-status').filter({ hasText: '已采纳' }).waitFor();

  // The next such case is routed by the new rule; the one it came from keeps its hub routing.
  const next = await reportUncovered(UNCOVERED.noise, '另一处工地凌晨施工。');
  await street.goto(`${testbed.server.baseUrl}/cases/${next.id}`);
  await statusIs(street, 'submitted');
  expect((await street.getByTestId('routing-unit').textContent())?.trim()).toBe('西湖区城市管理局');
  expect(await street.getByTestId('routing-card').getByText('清单未覆盖：由街道首接负责').count()).toBe(0);
});

test('the maintainer declines a proposal with a reason, which the street sees', async () => {
  const created = await reportUncovered(UNCOVERED.roadworks, '路面开挖后一个月未恢复。');
  const street = await logIn('street');
  await street.goto(`${testbed.server.baseUrl}/cases/${created.id}`);
  await street.getByTestId('propose-rule').click();
  const propose = dialogOf(street);
  await choose(street, propose.getByTestId('unit-select'), '上保社区');
  await propose.getByTestId('prompt-text').fill('由属地社区协调');
  await propose.locator('.ant-btn-primary').click();
  await propose.waitFor({ state: 'hidden' });

  const admin = await logIn('admin');
  await admin.goto(`${testbed.server.baseUrl}/cases/rule-proposals`);
  const open = proposalRow(admin, created.number);
  await open.getByTestId('proposal-decline').click();
  const decline = dialogOf(admin);
  // A decline needs its reason.
  await decline.locator('.ant-btn-primary').click();
  await decline.locator('.ant-form-item-explain-error').waitFor();
  await decline.getByTestId('prompt-text').fill('社区无执法权，不宜列为责任单位');
  await decline.locator('.ant-btn-primary').click();
  await decline.waitFor({ state: 'hidden' });
  await open.waitFor({ state: 'detached' });

  await street.goto(`${testbed.server.baseUrl}/cases/rule-proposals`);
  await street.getByText('未采纳', { exact: true }).click();
  const declined = proposalRow(street, created.number);
  await declined.waitFor();
  expect(await declined.textContent()).toContain('社区无执法权，不宜列为责任单位');
});

test('the street blows the whistle on a case; the summoned department finds it in its summoned tab, reports and acts; the street rates it', async () => {
  const created = await reportUncovered(UNCOVERED.flooding, '下穿通道积水严重，需要多部门到场。');

  const street = await logIn('street');
  await street.goto(`${testbed.server.baseUrl}/cases/${created.id}`);
  const card = street.getByTestId('whistle-card');
  await card.getByTestId('whistle-blow').click();
  const blow = dialogOf(street);
  await choose(street, blow.locator('.ant-select'), '城市管理局');
  await blow.getByTestId('prompt-text').fill('积水影响通行，请城管到场');
  await blow.locator('.ant-btn-primary').click();
  await blow.waitFor({ state: 'hidden' });
  const summons = card.getByTestId('summons').filter({ hasText: '西湖区城市管理局' });
  await summons.waitFor();
  expect(await summons.getByTestId('summons-report').count()).toBe(0);

  // The case is not the department's own, so it is only in the summoned tab.
  const department = await logIn('department');
  await department.goto(`${testbed.server.baseUrl}/cases/inbox`);
  await department.getByTestId('queue-tab-summoned').click();
  const link = department.getByTestId('case-link').filter({ hasText: created.number });
  await link.waitFor();
  await link.click();
  await department.getByTestId('case-detail').waitFor();
  const mine = department.getByTestId('summons').filter({ hasText: '西湖区城市管理局' });
  await mine.getByTestId('summons-report').click();
  const report = dialogOf(department);
  await report.getByTestId('prompt-text').fill('执法队员已到场');
  await report.locator('.ant-btn-primary').click();
  await report.waitFor({ state: 'hidden' });
  await mine.getByText('执法队员已到场', { exact: false }).waitFor();
  await mine.getByText('按时', { exact: true }).waitFor();
  expect(await mine.getByTestId('summons-report').count()).toBe(0);

  // Then it says what it did.
  await mine.getByTestId('summons-action').click();
  const action = dialogOf(department);
  await action.getByTestId('prompt-text').fill('已设置警示并协调排水');
  await action.locator('.ant-btn-primary').click();
  await action.waitFor({ state: 'hidden' });
  await mine.getByText('已设置警示并协调排水', { exact: false }).waitFor();
  expect(await mine.getByTestId('summons-action').count()).toBe(0);

  // The street sees who came and what they did, and rates the response.
  await street.reload();
  await summons.getByText('执法队员已到场', { exact: false }).waitFor();
  await summons.getByText('已设置警示并协调排水', { exact: false }).waitFor();
  await summons.getByTestId('summons-score').click();
  const score = dialogOf(street);
  await score.locator('.ant-rate-star').nth(3).click();
  await score.locator('.ant-btn-primary').click();
  await score.waitFor({ state: 'hidden' });
  await summons.locator('.ant-rate-disabled .ant-rate-star-full').nth(3).waitFor();
  expect(await summons.locator('.ant-rate-disabled .ant-rate-star-full').count()).toBe(4);
  expect(await summons.getByTestId('summons-score').count()).toBe(0);
});
