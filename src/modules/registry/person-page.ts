// One person's page: current values with where each came from and what other
// sources say, the dwellings they are linked to, and the history of every fact.
import type { AppDeps } from '../../app-deps.js';
import type { RequestContext } from '../../kernel/access/access.js';
import { AppError, errors } from '../../kernel/errors.js';
import { loadCatalogue } from './catalogue/repo.js';
import { survivorOf } from './merges/merge-people.js';
import { openPersonRead } from './person-reader.js';
import { peopleProjection } from './projections/people.js';
import { provenanceOf } from './record-page.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

async function openPerson(deps: Deps, ctx: RequestContext, action: string, id: string) {
  const reader = await openPersonRead(deps, ctx, { action, listing: false, target: { type: 'person', id } });
  const row = await repo.findPerson(deps.db, reader.recordScope, id);
  if (!row) throw await notFoundOrMerged(deps, reader.recordScope, id);
  await reader.admit(row);
  return { reader, row };
}

/** A person merged away is found under the survivor: the error says which, when the reader may see the survivor. */
async function notFoundOrMerged(deps: Deps, scope: Parameters<typeof repo.findPerson>[1], id: string) {
  const survivor = await survivorOf(deps.db, id);
  if (survivor && (await repo.findPerson(deps.db, scope, survivor))) {
    return new AppError('person.merged', `Person ${id} was merged into ${survivor}`, 404, { survivorId: survivor });
  }
  return errors.notFound('person', id);
}

export async function getPerson(deps: Deps, ctx: RequestContext, id: string) {
  const { reader, row } = await openPerson(deps, ctx, 'person.get', id);
  return deps.db.transaction().execute(async (trx) => {
    const catalogue = await loadCatalogue(trx);
    const { fields } = await provenanceOf(trx, catalogue, peopleProjection, 'person', id);
    const person = reader.present(row);
    const linked = await repo.dwellingsOfPerson(trx, reader.recordScope, id);
    // A department sees the dwelling lived in when its grant names it, and no other.
    const dwellings = person.share ? linked.filter((d) => person.dwellingId !== null && d.relation === 'living') : linked;
    await reader.recordRead(trx, 'person.get', [row]);
    return {
      ...person,
      dwellings: dwellings.map((d) => ({ relation: d.relation, dwellingId: d.id, address: d.address, communityCode: d.community_code })),
      fields: reader.fields(row, fields),
    };
  });
}

export async function getPersonHistory(deps: Deps, ctx: RequestContext, id: string) {
  const { reader, row } = await openPerson(deps, ctx, 'person.history', id);
  return deps.db.transaction().execute(async (trx) => {
    const catalogue = await loadCatalogue(trx);
    const { history } = await provenanceOf(trx, catalogue, peopleProjection, 'person', id);
    await reader.recordRead(trx, 'person.history', [row]);
    return reader.history(row, history);
  });
}
