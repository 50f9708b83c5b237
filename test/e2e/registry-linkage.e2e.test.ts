/**
 * The data steward's merge history and correction lists in a real browser:
 * both pages are in the registry menu; a merged person's page leads to the
 * survivor; a merge made over the API is listed
 * with who, when and why, and undone from the page after a confirmation that
 * asks why; a department's correction list is shown and downloaded in its own
 * format. Needs the built UI (`npm run build`) and Debian's Chromium at /usr/bin/chromium.
 */
import { beforeAll, expect, test } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';
import { signedIn as signedInAs, useBrowserTestbed } from '../support/browser.js';

const WAIT = { timeout: 20_000 };

const PROFILE = `
version: 1
id: e2e-mz-corrections
name: 民政救助对象（纠错）
source:
  department: XH-MZ
  dataset: e2e-corrections
  name: 救助对象
recordKey: [档案号]
columns:
  - column: 姓名
    field: person.name
    required: true
  - column: 身份证号
    field: person.id_number
`;

const testbed = useBrowserTestbed();
let api: (path: string, init?: { method?: string; body?: unknown; form?: FormData; purpose?: string }) => Promise<Response>;

beforeAll(async () => {
  const login = await fetch(`${testbed.server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'steward', password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  api = (path, init = {}) =>
    fetch(`${testbed.server.baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(init.purpose ? { 'x-purpose': init.purpose } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    });
});

const signedIn = (username: string) => signedInAs(testbed, username, { timeoutMs: 20_000 });

/** A department file whose ID number fails its check character: one finding on the department's correction list. */
async function importWithFinding(): Promise<void> {
  const file = '档案号,姓名,身份证号\nE2E-1,纠错测试,330106196701080209\n';
  const form = new FormData();
  form.append('file', new Blob([file]), 'e2e-corrections.csv');
  const created = (await (await api('/imports', { method: 'POST', form })).json()) as { id: string };
  const settled = async (busy: string) => {
    for (;;) {
      const current = (await (await api(`/imports/${created.id}`)).json()) as { status: string; error: string | null };
      if (current.status !== busy || current.error) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await api(`/imports/${created.id}/validate`, { method: 'POST', body: { text: PROFILE } });
  expect((await settled('validating')).status).toBe('validated');
  await api(`/imports/${created.id}/apply`, { method: 'POST' });
  expect(await settled('applying')).toMatchObject({ status: 'completed', error: null });
}

test('a data steward reads the merge history and undoes a merge, then downloads a department’s correction list', async () => {
  const people = (await (await api('/people?limit=2', { purpose: 'data_quality' })).json()) as { items: Array<{ id: string; name: string }> };
  const [survivor, merged] = people.items;
  const merge = await api('/linkage/merges', { method: 'POST', body: { survivorId: survivor.id, mergedId: merged.id, reason: '端到端测试合并' } });
  expect(merge.status, await merge.clone().text()).toBe(201);
  await importWithFinding();

  const page = await signedIn('steward');
  try {
    // The merged person's page says where their records went.
    await page.goto(`${testbed.server.baseUrl}/registry/people/${merged.id}`);
    await page.getByTestId('person-survivor').click();
    await page.waitForURL(`**/registry/people/${survivor.id}`);

    await page.getByTestId('nav-menu').getByRole('link', { name: '合并记录' }).click();
    await page.waitForURL('**/registry/merges');
    const row = page.getByTestId('merge-list').locator('tbody tr', { hasText: '端到端测试合并' });
    // The merged person under the name they had when merged; the survivor under the name that survived.
    await expect.poll(() => row.textContent(), WAIT).toContain(`${merged.name}（${merged.id}）`);
    expect(await row.textContent()).toContain(survivor.id);
    await row.getByTestId('merge-unmerge').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea').fill('不是同一人');
    await dialog.getByRole('button', { name: '撤销合并' }).click();
    await expect.poll(() => row.getByTestId('merge-status').textContent(), WAIT).toContain('已撤销');
    // The person merged away has their page back.
    await row.getByRole('link', { name: new RegExp(merged.id) }).click();
    await page.waitForURL(`**/registry/people/${merged.id}`);

    await page.getByTestId('nav-menu').getByRole('link', { name: '校核纠错' }).click();
    await page.waitForURL('**/registry/corrections');
    await page.getByTestId('correction-sources').getByText('救助对象').click();
    await expect.poll(() => page.getByTestId('correction-list').textContent(), WAIT).toContain('身份证号未通过校验');
    expect(await page.getByTestId('correction-list').textContent()).toContain('330106196701080209');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('corrections-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('e2e-mz-corrections-corrections.xlsx');
  } finally {
    await page.context().close();
  }
});
