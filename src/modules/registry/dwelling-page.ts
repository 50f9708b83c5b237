// A dwelling's page: where it is, how it is used (with sources), who is
// registered there, lives there, rents or owns it, and which households and
// organisations are at it — all within the caller's jurisdiction.
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';
import { dwellingsProjection } from './projections/dwellings.js';
import { provenanceOf } from './record-page.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function getDwelling(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'dwelling.get', needsPurpose: true, target: { type: 'dwelling', id } });
  return deps.db.transaction().execute(async (trx) => {
    const dwelling = await repo.findDwelling(trx, scope, id);
    if (!dwelling) throw errors.notFound('dwelling', id);
    const { placed, related } = await repo.peopleOfDwelling(trx, scope, id);
    const households = await repo.householdsAtDwelling(trx, scope, id);
    const organisations = await repo.organisationsAtDwelling(trx, scope, id);
    const catalogue = await loadCatalogue(trx);
    const disclosure = Disclosure.forRecord(catalogue, scope);
    const { fields, history } = await provenanceOf(trx, catalogue, dwellingsProjection, 'dwelling', id);

    const people = new Map<string, { id: string; name: string; idNumber: string | null; residenceStatus: string | null; householdId: string | null; relations: string[] }>();
    for (const p of [...placed.map((row) => ({ ...row, relation: null })), ...related]) {
      const entry = people.get(p.id) ?? { id: p.id, name: p.name, idNumber: disclosure.idNumber(p.id_number), residenceStatus: p.residence_status, householdId: p.household_id, relations: [] };
      if (p.relation && !entry.relations.includes(p.relation)) entry.relations.push(p.relation);
      people.set(p.id, entry);
    }
    await recordRead(trx, deps.clock, ctx, scope, { action: 'dwelling.get', targetType: 'person', targetIds: [...people.keys()] });
    return {
      id: dwelling.id,
      address: dwelling.address,
      compound: dwelling.compound,
      building: dwelling.building,
      unit: dwelling.unit,
      room: dwelling.room,
      communityCode: dwelling.community_code,
      gridCode: dwelling.grid_code,
      use: dwelling.use,
      people: [...people.values()],
      households: households.map((h) => ({ id: h.id, householdNumber: h.household_number, registrationType: h.registration_type, headPersonId: h.head_person_id })),
      organisations: organisations.map((o) => ({ id: o.id, name: o.name, creditCode: o.credit_code, relation: o.relation })),
      fields: disclosure.fields(fields),
      history: disclosure.history(history),
    };
  });
}
