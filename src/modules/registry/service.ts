// Registry reads: always authorised for a purpose, masked per policy, and audited.
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { maskIdNumber, maskName, maskPhone } from '../../lib/masking.js';
import type { AppDeps } from '../../app-deps.js';
import { seesContactInClear } from './policy.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

function present(row: repo.PersonRow, clear: { name: boolean; contact: boolean }) {
  return {
    id: row.id,
    name: clear.name ? row.name : maskName(row.name),
    idNumber: row.id_number && (clear.contact ? row.id_number : maskIdNumber(row.id_number)),
    sex: row.sex,
    birthDate: row.birth_date,
    ethnicity: row.ethnicity,
    phone: row.phone && (clear.contact ? row.phone : maskPhone(row.phone)),
    residenceStatus: row.residence_status,
    tags: row.tags,
    disabilityGrade: row.disability_grade,
    relationToHead: row.relation_to_head,
    householdId: row.household_id,
    address: row.address,
    communityCode: row.community_code,
    gridCode: row.grid_code,
  };
}

export async function searchPeople(deps: Deps, ctx: RequestContext, search: repo.PersonSearch) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'person.search', needsPurpose: true });
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.searchPeople(trx, scope, search);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'person.search', targetType: 'person', targetIds: rows.map((r) => r.id) });
    // Result lists are always masked; a single person's page may show more.
    return rows.map((r) => present(r, { name: true, contact: false }));
  });
}

export async function getPerson(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'person.get', needsPurpose: true, target: { type: 'person', id } });
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.findPerson(trx, scope, id);
    if (!row) throw errors.notFound('person', id);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'person.get', targetType: 'person', targetIds: [row.id] });
    return present(row, { name: true, contact: seesContactInClear(scope.role, scope.purpose) });
  });
}
