// A household's page: its number, type and registered dwelling with their
// sources, and its members within the caller's jurisdiction.
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';
import { householdsProjection } from './projections/households.js';
import { provenanceOf } from './record-page.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function getHousehold(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'household.get', needsPurpose: true, target: { type: 'household', id } });
  return deps.db.transaction().execute(async (trx) => {
    const household = await repo.findHousehold(trx, scope, id);
    if (!household) throw errors.notFound('household', id);
    const members = await repo.householdMembers(trx, scope, id);
    const catalogue = await loadCatalogue(trx);
    const disclosure = Disclosure.forRecord(catalogue, scope);
    const { fields, history } = await provenanceOf(trx, catalogue, householdsProjection, 'household', id);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'household.get', targetType: 'person', targetIds: members.map((m) => m.id) });
    return {
      id: household.id,
      householdNumber: household.household_number,
      registrationType: household.registration_type,
      headPersonId: household.head_person_id,
      dwelling: household.dwelling_id ? { id: household.dwelling_id, address: household.address, communityCode: household.community_code } : null,
      members: members.map((m) => ({
        id: m.id,
        name: m.name,
        idNumber: disclosure.idNumber(m.id_number),
        sex: m.sex,
        birthDate: m.birth_date,
        relationToHead: m.relation_to_head,
        residenceStatus: m.residence_status,
      })),
      fields: disclosure.fields(fields),
      history: disclosure.history(history),
    };
  });
}
