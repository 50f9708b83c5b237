// Shared by the cases-*.int.test.ts files: places in the demo district, and
// short ways to report a case and move it along through the API.
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Caller, TestApp } from '../support/app.js';
import { createApiToken, createUser } from '../../src/modules/org/service.js';
import type { Role } from '../../src/kernel/access/roles.js';
import { DEMO_PASSWORD } from '../../src/modules/demo/district.js';

/** Points in the demo lattice (src/modules/demo/district.ts). */
export const PLACES = {
  // 北山街道 › 上保社区 › 第1网格 (the `grid` login's grid)
  shangbaoGrid1: { lon: 120.101, lat: 30.255 },
  // 北山街道 › 上保社区 › 第3网格
  shangbaoGrid3: { lon: 120.1055, lat: 30.255 },
  // 北山街道 › 宝石社区 › 第1网格 (community B for `community2`)
  baoshiGrid1: { lon: 120.113, lat: 30.255 },
  // 西溪街道 › 石灰桥社区
  shihuiqiao: { lon: 120.101, lat: 30.265 },
  // Outside every boundary
  outside: { lon: 121.5, lat: 31.2 },
} as const;

export const CODES = {
  street: '330106002',
  shangbao: '330106002051',
  shangbaoGrid1: '33010600205101',
  baoshi: '330106002052',
  district: '330106',
  city: '330100',
} as const;

export function ok(response: LightMyRequestResponse, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

export async function report(caller: Caller, body: Record<string, unknown> = {}) {
  return ok(
    await caller.post('/api/v1/cases', { categoryCode: 'SJ0102', description: '路口有一堆垃圾', location: PLACES.shangbaoGrid1, attributes: { VOLUME: 'small' }, ...body }),
    201,
  ) as { id: string; number: string; unit: { name: string; kind: string }; routingExplanation: string; possibleDuplicates: Array<{ id: string; distanceMetres: number }> };
}

export async function act(caller: Caller, caseId: string, body: Record<string, unknown>, status = 200) {
  const response = await caller.post(`/api/v1/cases/${caseId}/transitions`, body);
  expect(response.statusCode, `${body.action}: ${response.body}`).toBe(status);
  return response.json();
}

export async function actAsReporter(caller: Caller, caseId: string, body: Record<string, unknown>, status = 200) {
  const response = await caller.post(`/api/v1/my/cases/${caseId}/transitions`, body);
  expect(response.statusCode, `${body.action}: ${response.body}`).toBe(status);
  return response.json();
}

export async function detail(caller: Caller, caseId: string) {
  return ok(await caller.get(`/api/v1/cases/${caseId}`));
}

/** A login for a role that the demo has no account for (another department, a second grid worker…). */
export async function extraLogin(t: TestApp, username: string, role: Role, scope: string, department?: string): Promise<Caller> {
  await createUser({ db: t.database.db, clock: t.clock }, null, {
    username,
    displayName: username,
    password: DEMO_PASSWORD,
    grants: [{ role, jurisdictionCode: scope, departmentCode: department }],
  });
  return t.login(username);
}

export async function apiToken(t: TestApp, name: string, role: Role, scope: string): Promise<string> {
  return (await createApiToken({ db: t.database.db, clock: t.clock }, null, { name, expiresAt: null, grants: [{ role, jurisdictionCode: scope }] })).secret;
}

/** Report, register and dispatch: a case waiting for the responsible unit to sign for it. */
export async function dispatched(t: { resident: Caller; community: Caller }, body: Record<string, unknown> = {}) {
  const created = await report(t.resident, body);
  await act(t.community, created.id, { action: 'register' });
  await act(t.community, created.id, { action: 'dispatch' });
  return created;
}

/** All the way to handled by the department (城管局 for the default category). */
export async function handled(t: { resident: Caller; community: Caller; department: Caller }, body: Record<string, unknown> = {}) {
  const created = await dispatched(t, body);
  await act(t.department, created.id, { action: 'sign_for' });
  await act(t.department, created.id, { action: 'start' });
  await act(t.department, created.id, { action: 'handle', result: '已清理完毕' });
  return created;
}
