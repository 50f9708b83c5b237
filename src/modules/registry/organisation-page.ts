// Organisations: search by name or unified social credit code, and one
// organisation's page with its dwellings and the sources of its facts.
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { validateCreditCode } from '../../lib/credit-code.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';
import { organisationsProjection } from './projections/organisations.js';
import { provenanceOf } from './record-page.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export async function searchOrganisations(deps: Deps, ctx: RequestContext, query: { q?: string; limit: number; offset: number }) {
  // The list shows no personal data (the legal representative is on the page only), so no purpose is needed.
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'organisation.search' });
  const code = query.q ? validateCreditCode(query.q) : null;
  const rows = await repo.searchOrganisations(deps.db, scope, { ...(code?.ok ? { creditCode: code.value } : query.q ? { name: query.q.trim() } : {}), limit: query.limit, offset: query.offset });
  return rows.map((o) => ({ id: o.id, name: o.name, creditCode: o.credit_code, kind: o.kind }));
}

/** Organisation pages name a legal representative: personal data, read for a purpose and audited. */
export async function getOrganisation(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'organisation.get', needsPurpose: true, target: { type: 'organisation', id } });
  return deps.db.transaction().execute(async (trx) => {
    const organisation = await repo.findOrganisation(trx, scope, id);
    if (!organisation) throw errors.notFound('organisation', id);
    const dwellings = await repo.dwellingsOfOrganisation(trx, scope, id);
    const catalogue = await loadCatalogue(trx);
    const disclosure = Disclosure.forRecord(catalogue, scope);
    const { fields, history } = await provenanceOf(trx, catalogue, organisationsProjection, 'organisation', id);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'organisation.get', targetType: 'organisation', targetIds: [id] });
    return {
      id: organisation.id,
      name: organisation.name,
      creditCode: organisation.credit_code,
      kind: organisation.kind,
      legalRepresentative: organisation.legal_representative,
      phone: disclosure.phone(organisation.phone),
      dwellings: dwellings.map((d) => ({ relation: d.relation, dwellingId: d.id, address: d.address, communityCode: d.community_code })),
      fields: disclosure.fields(fields),
      history: disclosure.history(history),
    };
  });
}
