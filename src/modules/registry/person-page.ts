// One person's page: current values with where each came from and what other
// sources say, the dwellings they are linked to, and the history of every fact.
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';
import { peopleProjection } from './projections/people.js';
import { provenanceOf } from './record-page.js';
import * as repo from './repo.js';
import { presentPerson } from './search-people.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function getPerson(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'person.get', needsPurpose: true, target: { type: 'person', id } });
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.findPerson(trx, scope, id);
    if (!row) throw errors.notFound('person', id);
    const catalogue = await loadCatalogue(trx);
    const disclosure = Disclosure.forRecord(catalogue, scope);
    const { fields } = await provenanceOf(trx, catalogue, peopleProjection, 'person', id);
    const dwellings = await repo.dwellingsOfPerson(trx, scope, id);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'person.get', targetType: 'person', targetIds: [row.id] });
    return {
      ...presentPerson(row, disclosure),
      dwellings: dwellings.map((d) => ({ relation: d.relation, dwellingId: d.id, address: d.address, communityCode: d.community_code })),
      fields: disclosure.fields(fields),
    };
  });
}

export async function getPersonHistory(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'person.history', needsPurpose: true, target: { type: 'person', id } });
  return deps.db.transaction().execute(async (trx) => {
    const row = await repo.findPerson(trx, scope, id);
    if (!row) throw errors.notFound('person', id);
    const catalogue = await loadCatalogue(trx);
    const { history } = await provenanceOf(trx, catalogue, peopleProjection, 'person', id);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'person.history', targetType: 'person', targetIds: [row.id] });
    return Disclosure.forRecord(catalogue, scope).history(history);
  });
}
