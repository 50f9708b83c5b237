// Registry search: by name, ID number, phone or address, within the caller's
// jurisdiction, masked per role and purpose (or, for a department, per its
// data-sharing grants), and every person shown audited.
import type { AppDeps } from '../../app-deps.js';
import type { RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { normaliseAddressText, parseAddress } from '../../lib/addresses.js';
import { normaliseName, toHalfWidth } from '../../lib/chinese-text.js';
import { normaliseIdNumber } from '../../lib/id-number.js';
import { cleanPhone } from '../../lib/phones.js';
import { openPersonRead } from './person-reader.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface PeopleQuery {
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  /** A jurisdiction code: search only its subtree. */
  jurisdiction?: string;
  limit: number;
  offset: number;
}

export async function searchPeople(deps: Deps, ctx: RequestContext, query: PeopleQuery) {
  const reader = await openPersonRead(deps, ctx, { action: 'person.search', listing: true, within: query.jurisdiction });
  const search = canonicalSearch(query);
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.searchPeople(trx, reader.searchScope, search);
    await reader.recordRead(trx, 'person.search', rows);
    return rows.map((r) => reader.present(r));
  });
}

/** What the caller typed, in the forms the registry stores: 15-digit IDs upgraded, phones cleaned, names simplified. */
function canonicalSearch(query: PeopleQuery): repo.PersonSearch {
  const search: repo.PersonSearch = { limit: query.limit, offset: query.offset };
  if (query.name) search.name = normaliseName(query.name);
  if (query.idNumber) {
    const id = normaliseIdNumber(query.idNumber);
    search.idNumber = id.ok ? id.value : toHalfWidth(query.idNumber).replace(/\s/g, '').toUpperCase();
  }
  if (query.phone) {
    const phone = cleanPhone(query.phone);
    search.phone = phone.ok ? phone.value : toHalfWidth(query.phone).replace(/\D/g, '');
  }
  if (query.address) {
    const parsed = parseAddress(normaliseAddressText(query.address));
    if (!parsed.compound) throw errors.validation([{ path: 'querystring.address', message: 'give at least the name of the compound (小区)' }]);
    search.address = { compound: normaliseName(parsed.compound), building: parsed.building, unit: parsed.unit, room: parsed.room };
  }
  return search;
}
