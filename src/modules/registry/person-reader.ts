/**
 * How a caller reads people, chosen once per request: by role (grid workers,
 * community and street staff, leaders, the data steward — masked per role and
 * purpose, disclosure.ts), or as a department under its data-sharing grants
 * (the sharing gate: only granted fields in clear, identifying fields masked,
 * the rest withheld). Search and person pages go through here, whether the
 * caller is a person in the UI or a department system with an API token. An
 * account that also holds a role reading people directly reads by that role.
 */
import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app-deps.js';
import type { DB } from '../../db/schema.js';
import { authorize, holdsPermission, narrowScope, recordDenial, recordRead, type RequestContext, type Scope } from '../../kernel/access/access.js';
import { errors } from '../../kernel/errors.js';
import { ShareGate, type AllowedShare } from '../exchange/sharing/gate.js';
import { jurisdictionsByCodes } from '../org/service.js';
import { loadCatalogue } from './catalogue/repo.js';
import { Disclosure } from './disclosure.js';
import type { FieldView, HistoryEntry } from './provenance.js';
import type { PersonRow } from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** What a department sees of a record: the grants it rests on and which fields came masked or not at all. */
export interface ShareNote {
  grants: Array<{ id: string; legalBasis: string }>;
  masked: string[];
  withheld: string[];
}

export interface PersonView {
  id: string;
  name: string;
  idNumber: string | null;
  sex: string | null;
  birthDate: string | null;
  ethnicity: string | null;
  phone: string | null;
  residenceStatus: string | null;
  tags: string[];
  disabilityGrade: number | null;
  relationToHead: string | null;
  householdId: string | null;
  registrationPlace: string | null;
  dwellingId: string | null;
  address: string | null;
  communityCode: string | null;
  gridCode: string | null;
  share?: ShareNote;
}

export interface PersonReader {
  /** Where a search looks. */
  readonly searchScope: Scope;
  /** Where a single record is looked up before `admit` decides on it. */
  readonly recordScope: Scope;
  /** Outside any transaction: a denial is audited and must not roll back with it. */
  admit(row: PersonRow): Promise<void>;
  present(row: PersonRow): PersonView;
  fields(row: PersonRow, views: readonly FieldView[]): FieldView[];
  history(row: PersonRow, entries: readonly HistoryEntry[]): HistoryEntry[];
  recordRead(db: Kysely<DB>, action: string, rows: readonly PersonRow[]): Promise<void>;
}

export interface OpenPersonReadOptions {
  action: string;
  /** A list shows less than one record's page (disclosure.ts). */
  listing: boolean;
  within?: string | null;
  target?: { type: string; id: string };
}

export async function openPersonRead(deps: Deps, ctx: RequestContext, options: OpenPersonReadOptions): Promise<PersonReader> {
  if (!holdsPermission(ctx, 'person.read') && holdsPermission(ctx, 'person.read_shared')) {
    return sharedReader(deps, ctx, await ShareGate.open(deps, ctx, options));
  }
  const scope = await authorize(deps, ctx, { permission: 'person.read', action: options.action, needsPurpose: true, target: options.target });
  const catalogue = await loadCatalogue(deps.db);
  const disclosure = options.listing ? Disclosure.forList(catalogue, scope) : Disclosure.forRecord(catalogue, scope);
  const searchScope = options.within ? await narrowedTo(deps, ctx, scope, options) : scope;
  return {
    searchScope,
    recordScope: scope,
    admit: async () => {},
    present: (row) => presentPerson(row, disclosure),
    fields: (_row, views) => disclosure.fields(views),
    history: (_row, entries) => disclosure.history(entries),
    recordRead: (db, action, rows) => recordRead(db, deps.clock, ctx, scope, { action, targetType: 'person', targetIds: rows.map((r) => r.id) }),
  };
}

/**
 * The masking of search and person pages, for other reads of people's fields a
 * caller was authorised for elsewhere (the linkage review queue, correction
 * lists): the same rules by role and purpose, so there is one place they live.
 */
export async function disclosureFor(db: Kysely<DB>, scope: Scope, options: { listing: boolean }): Promise<Disclosure> {
  const catalogue = await loadCatalogue(db);
  return options.listing ? Disclosure.forList(catalogue, scope) : Disclosure.forRecord(catalogue, scope);
}

async function narrowedTo(deps: Deps, ctx: RequestContext, scope: Scope, options: OpenPersonReadOptions): Promise<Scope> {
  const within = (await jurisdictionsByCodes(deps.db, [options.within!]))[0];
  if (!within) throw errors.validation([{ path: 'querystring.jurisdiction', message: `unknown jurisdiction ${options.within}` }]);
  const narrowed = narrowScope(scope, [within.path]);
  if (narrowed) return narrowed;
  const reason = `${within.name} lies outside your jurisdiction`;
  await recordDenial(deps, ctx, { permission: 'person.read', action: options.action, reason });
  throw errors.denied(reason);
}

function sharedReader(deps: Deps, ctx: RequestContext, gate: ShareGate): PersonReader {
  const allowed = (row: PersonRow): AllowedShare => {
    const decision = gate.decisionAt(row.jurisdiction_path);
    // Searches only look inside the grants' subtrees and pages admit their record first.
    if (!decision.allowed) throw new Error(`person ${row.id} was read without a grant covering it`);
    return decision;
  };
  const clear = (row: PersonRow) => new Set(allowed(row).clear);
  return {
    searchScope: gate.searchScope,
    recordScope: gate.recordScope,
    admit: async (row) => {
      await gate.admit(row.jurisdiction_path, { type: 'person', id: row.id });
    },
    present: (row) => presentShared(row, gate, allowed(row)),
    // A page's provenance shows the values themselves: only fields granted in clear.
    fields: (row, views) => views.filter((v) => clear(row).has(v.field)),
    history: (row, entries) => entries.filter((e) => clear(row).has(e.field)),
    recordRead: (db, action, rows) =>
      recordRead(db, deps.clock, ctx, gate.searchScope, {
        action,
        targetType: 'person',
        targetIds: rows.map((r) => r.id),
        details: gate.readDetails(rows.map(allowed)),
      }),
  };
}

/** A person row keyed by catalogue field, as grants name them. */
export function personRecord(row: PersonRow): Record<string, unknown> {
  return {
    'person.name': row.name,
    'person.id_number': row.id_number,
    'person.sex': row.sex,
    'person.birth_date': row.birth_date,
    'person.ethnicity': row.ethnicity,
    'person.phones': row.phone === null ? [] : [row.phone],
    'person.registration_place': row.registration_place,
    'person.residence_status': row.residence_status,
    'person.relation_to_head': row.relation_to_head,
    'person.tags': row.tags,
    'person.disability_grade': row.disability_grade === null ? null : String(row.disability_grade),
    'person.household': row.household_id,
    'person.living_dwelling': row.dwelling_id,
  };
}

function presentShared(row: PersonRow, gate: ShareGate, decision: AllowedShare): PersonView {
  const shared = gate.share(decision, personRecord(row));
  const text = (key: string) => (shared[key] ?? null) as string | null;
  const dwellingShown = 'person.living_dwelling' in shared;
  return {
    id: row.id,
    // A name always has a mask, so it is never withheld.
    name: text('person.name') ?? '',
    idNumber: text('person.id_number'),
    sex: text('person.sex'),
    birthDate: text('person.birth_date'),
    ethnicity: text('person.ethnicity'),
    phone: ((shared['person.phones'] as string[] | undefined) ?? [])[0] ?? null,
    residenceStatus: text('person.residence_status'),
    tags: (shared['person.tags'] as string[] | undefined) ?? [],
    disabilityGrade: text('person.disability_grade') === null ? null : Number(text('person.disability_grade')),
    relationToHead: text('person.relation_to_head'),
    householdId: text('person.household'),
    registrationPlace: text('person.registration_place'),
    dwellingId: dwellingShown ? row.dwelling_id : null,
    address: dwellingShown ? row.address : null,
    communityCode: row.community_code,
    gridCode: dwellingShown ? row.grid_code : null,
    share: { grants: decision.grants, masked: decision.masked, withheld: decision.withheld },
  };
}

export function presentPerson(row: PersonRow, disclosure: Disclosure): PersonView {
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
