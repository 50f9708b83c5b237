import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { fixedClock } from '../clock.js';
import { authorize, narrowScope } from './access.js';

const DISTRICT = '330100.330106';
const BEISHAN = `${DISTRICT}.330106002`;
const XIXI = `${DISTRICT}.330106004`;

// An allowed authorisation touches no database.
const deps = { db: null as unknown as Kysely<DB>, clock: fixedClock('2026-11-30T10:00:00+08:00') };

async function scopeOver(paths: string[]) {
  const grants = paths.map((p) => ({ role: 'department_staff' as const, jurisdictionCode: p.split('.').at(-1)!, jurisdictionPath: p, departmentId: 'd' }));
  const ctx = { actor: { kind: 'token' as const, id: 't', name: 'token:t', grants }, purpose: 'service_delivery' as const, ip: null, requestId: null };
  return authorize(deps, ctx, { permission: 'person.read_shared', action: 'test', needsPurpose: true });
}

describe('narrowScope', () => {
  it('keeps the deeper of two nested subtrees, from either side', async () => {
    expect(narrowScope(await scopeOver([DISTRICT]), [BEISHAN])?.paths).toEqual([BEISHAN]);
    expect(narrowScope(await scopeOver([BEISHAN]), [DISTRICT])?.paths).toEqual([BEISHAN]);
  });

  it('keeps only the parts both cover, and nothing when they do not meet', async () => {
    expect(narrowScope(await scopeOver([BEISHAN, XIXI]), [`${XIXI}.330106004053`])?.paths).toEqual([`${XIXI}.330106004053`]);
    expect(narrowScope(await scopeOver([BEISHAN]), [XIXI])).toBeNull();
  });

  it('stays a scope of the same actor, role and purpose', async () => {
    const scope = await scopeOver([DISTRICT]);
    expect(narrowScope(scope, [BEISHAN])).toMatchObject({ actor: scope.actor, role: scope.role, purpose: 'service_delivery', permission: 'person.read_shared' });
  });
});
