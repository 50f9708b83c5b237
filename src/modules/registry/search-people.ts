// Registry search: by name, ID number, phone or address, within the caller's
// jurisdiction, masked per role and purpose, and every person shown audited.
import type { AppDeps } from '../../app-deps.js';
import { authorize, recordRead, type RequestContext } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { normaliseAddressText, parseAddress } from '../../lib/addresses.js';
import { normaliseName, toHalfWidth } from '../../lib/chinese-text.js';
import { normaliseIdNumber } from '../../lib/id-number.js';
import { cleanPhone } from '../../lib/phones.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

export interface PeopleQuery {
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  limit: number;
  offset: number;
}

export async function searchPeople(deps: Deps, ctx: RequestContext, query: PeopleQuery) {
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: 'person.search', needsPurpose: true });
  const search = canonicalSearch(query);
  return deps.db.transaction().execute(async (trx) => {
    const rows = await repo.searchPeople(trx, scope, search);
    await recordRead(trx, deps.clock, ctx, scope, { action: 'person.search', targetType: 'person', targetIds: rows.map((r) => r.id) });
    const disclosure = Disclosure.forList(await loadCatalogue(trx), scope);
    return rows.map((r) => presentPerson(r, disclosure));
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

export function presentPerson(row: repo.PersonRow, disclosure: Disclosure) {
  return {
    id: row.id,
    name: disclosure.name(row.name),
    idNumber: disclosure.idNumber(row.id_number),
    sex: row.sex,
    birthDate: row.birth_date,
    ethnicity: row.ethnicity,
    phone: disclosure.phone(row.phone),
    residenceStatus: row.residence_status,
    tags: disclosure.tags(row.tags),
    disabilityGrade: disclosure.showsField('person.disability_grade') ? row.disability_grade : null,
    relationToHead: row.relation_to_head,
    householdId: row.household_id,
    registrationPlace: row.registration_place,
    dwellingId: row.dwelling_id,
    address: row.address,
    communityCode: row.community_code,
    gridCode: row.grid_code,
  };
}
