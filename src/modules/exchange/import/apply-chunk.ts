/**
 * Applying one chunk of staged rows, inside one transaction: find or create the
 * dwellings, organisations and households the rows name (by their keys), decide
 * which person each row is (the department's record key first, then the
 * linker), then hand everything the rows say to the registry as claims.
 * Rows that turn out not to fit — outside the import's jurisdiction, an address
 * that matches no community, a new person without a name — are quarantined with
 * the reason; rows the linker is unsure about are held for a data steward.
 */
import { sql, type Kysely } from 'kysely';
// Records an import creates get time-ordered ids (UUID v7): each index keyed by a person, household or dwelling id
// then grows at its end, instead of every chunk dirtying pages all over indexes far larger than the database's cache.
import { v7 as timeOrderedUuid } from 'uuid';
import type { DB } from '../../../db/schema.js';
import { pathWithin } from '../../../kernel/access/access.js';
import type { Catalogue } from '../../registry/catalogue/catalogue.js';
import { applyClaims, type NewHousehold, type NewPerson } from '../../registry/facts/apply-claims.js';
import type { ClaimInput } from '../../registry/facts/record-claims.js';
import type { EntityType, FactValue } from '../../registry/schema.js';
import { anyText, recordset } from '../../registry/sql.js';
import type { DataSource } from '../../registry/sources.js';
import type { MappingProfile } from '../profiles/profile.js';
import { issue, type IssueCode, type RowIssue } from './issues.js';
import type { LinkCandidate, Linker, SettledRow } from './linker.js';
import type { StagedDwelling, StagedRecord } from './map-row.js';

export interface ChunkContext {
  importId: string;
  source: DataSource;
  profile: MappingProfile;
  /** Rows must land inside this subtree. */
  jurisdictionPath: string;
  /** The import's as-of date, for rows that carry none of their own. */
  observedAt: Date;
  catalogue: Catalogue;
  /** Communities inside the import's jurisdiction: code → path. */
  communities: ReadonlyMap<string, string>;
  linker: Linker;
  now: Date;
}

export interface ChunkRow {
  rowNumber: number;
  record: StagedRecord;
}

export interface ChunkOutcome {
  applied: number;
  outcomes: Array<{ row_number: number; status: 'rejected' | 'held'; issues: RowIssue[] }>;
  stats: Record<string, number>;
}

const PERSON_LINK_FIELDS = { registered: 'person.registered_dwelling', living: 'person.living_dwelling', tenant: 'person.rented_dwelling', owner: 'person.owned_dwellings' } as const;
const ORGANISATION_LINK_FIELDS = { premises: 'organisation.premises', owner: 'organisation.owned_dwellings', manager: 'organisation.managed_dwellings' } as const;

/** The import's statistics name how each existing person was found. */
const LINKED_STAT: Record<string, string> = { id_number: 'linkedByIdNumber', probabilistic: 'linkedByScore', steward: 'linkedBySteward' };

interface Placed {
  id: string;
  path: string;
}

export async function applyChunk(db: Kysely<DB>, ctx: ChunkContext, rows: readonly ChunkRow[]): Promise<ChunkOutcome> {
  const stopped: Stopped = new Map();
  const reject = rejectInto(stopped);
  const live = (filter: (r: ChunkRow) => boolean) => rows.filter((r) => filter(r) && !stopped.has(r.rowNumber));
  const created: Created = { dwellings: new Map(), households: new Map(), organisations: new Map() };
  const stats: Record<string, number> = {};
  const count = (key: string, n: number) => (stats[key] = (stats[key] ?? 0) + n);

  const dwellings = await resolveDwellings(db, ctx, live((r) => r.record.dwelling !== null), reject, created.dwellings);
  const organisations = await resolveOrganisations(db, ctx, live((r) => r.record.organisation !== null), dwellings, reject, created.organisations);
  const households = await resolveHouseholds(db, ctx, live((r) => r.record.household !== null), dwellings, reject, created.households);

  const people = await resolvePeople(db, ctx, live((r) => r.record.person !== null), dwellings, stopped);

  const accepted = rows.filter((r) => !stopped.has(r.rowNumber));
  await insertUsed(db, ctx, created, accepted.flatMap((r) => [dwellings, households, organisations].map((m) => m.get(r.rowNumber)?.id).filter((id): id is string => id !== undefined)));
  count('dwellingsCreated', created.dwellings.size);
  count('householdsCreated', created.households.size);
  count('organisationsCreated', created.organisations.size);
  const claims: ClaimInput[] = [];
  for (const row of accepted) claims.push(...claimsOfRow(ctx, row, { person: people.of.get(row.rowNumber), household: households.get(row.rowNumber), dwelling: dwellings.get(row.rowNumber), organisation: organisations.get(row.rowNumber) }));
  await rememberRecords(
    db,
    ctx,
    accepted.filter((r) => r.record.person && !people.known.has(r.record.key!)).map((r) => ({ key: r.record.key!, personId: people.of.get(r.rowNumber)! })),
  );
  const acceptedPeople = new Set(accepted.map((r) => people.of.get(r.rowNumber)));
  const outcome = await applyClaims(db, ctx.catalogue, {
    provenance: { source: ctx.source, recordedAt: ctx.now, importId: ctx.importId },
    claims,
    newPeople: [...people.created.values()].filter((p) => acceptedPeople.has(p.id)),
    newHouseholds: [...created.households.values()],
    createdRecords: new Set([...created.dwellings.keys(), ...created.households.keys(), ...created.organisations.keys()]),
  });
  count('peopleCreated', outcome.peopleCreated);
  count('peopleUpdated', outcome.peopleUpdated);
  count('peopleMatched', accepted.filter((r) => r.record.person && !people.created.has(people.of.get(r.rowNumber)!)).length);
  count('factsAdded', outcome.factsAdded);
  count('factsChanged', outcome.factsChanged);
  count('factsUnchanged', outcome.factsUnchanged);
  count('factsStale', outcome.factsStale);
  const settled = people.linked.map(({ row, candidate, decision }): SettledRow => {
    const stop = stopped.get(row.rowNumber);
    return { candidate, decision, personId: stop ? null : (people.of.get(row.rowNumber) ?? null), status: stop ? (stop.status === 'held' ? 'held' : 'rejected') : 'applied' };
  });
  for (const r of settled) {
    if (r.status !== 'applied') continue;
    if (r.decision.kind === 'existing') count(LINKED_STAT[r.decision.rule] ?? 'linkedOtherwise', 1);
    else if (r.decision.kind === 'same_as_row') count('linkedWithinFile', 1);
  }
  await ctx.linker.settle?.(db, { importId: ctx.importId, sourceId: ctx.source.id, now: ctx.now }, settled, [...acceptedPeople].filter((id): id is string => id !== undefined));
  return { applied: accepted.length, outcomes: [...stopped].map(([row_number, s]) => ({ row_number, ...s })), stats };
}

function claimsOfRow(ctx: ChunkContext, row: ChunkRow, ids: { person?: string; household?: Placed; dwelling?: Placed; organisation?: Placed }): ClaimInput[] {
  const { record } = row;
  const observedAt = record.observedOn ? new Date(`${record.observedOn.length === 7 ? `${record.observedOn}-01` : record.observedOn}T00:00:00+08:00`) : ctx.observedAt;
  const claims: ClaimInput[] = [];
  const claim = (entityType: EntityType, entityId: string, field: string, value: FactValue, derivedFrom: string | null = null) =>
    claims.push({ entityType, entityId, field, value, observedAt, importRow: row.rowNumber, derivedFrom });
  const links = ctx.profile.links;
  if (ids.person && record.person) {
    for (const [field, value] of Object.entries(record.person)) claim('person', ids.person, field, value, record.derived.includes(field) ? 'person.id_number' : null);
    if (ids.household) claim('person', ids.person, 'person.household', ids.household.id);
    if (ids.dwelling) {
      for (const relation of links.personDwelling) claim('person', ids.person, PERSON_LINK_FIELDS[relation], relation === 'owner' ? [ids.dwelling.id] : ids.dwelling.id);
    }
  }
  if (ids.household && record.household) {
    for (const [field, value] of Object.entries(record.household.facts)) claim('household', ids.household.id, field, value);
    if (ids.dwelling && links.householdDwelling) claim('household', ids.household.id, 'household.dwelling', ids.dwelling.id);
  }
  if (ids.dwelling && record.dwelling) {
    for (const [field, value] of Object.entries(record.dwelling.facts)) claim('dwelling', ids.dwelling.id, field, value);
  }
  if (ids.organisation && record.organisation) {
    for (const [field, value] of Object.entries(record.organisation.facts)) claim('organisation', ids.organisation.id, field, value);
    if (ids.dwelling && links.organisationDwelling) claim('organisation', ids.organisation.id, ORGANISATION_LINK_FIELDS[links.organisationDwelling], [ids.dwelling.id]);
  }
  return claims;
}

/** Rows taken out of the chunk: quarantined (rejected) or waiting for a person to decide (held). */
type Stopped = Map<number, { status: 'rejected' | 'held'; issues: RowIssue[] }>;
type Reject = (row: number, code: IssueCode, at?: Parameters<typeof issue>[1]) => void;

const rejectInto =
  (stopped: Stopped): Reject =>
  (row, code, at = {}) =>
    stopped.set(row, { status: 'rejected', issues: [issue(code, at)] });

interface NewDwelling {
  id: string;
  jurisdiction_path: string;
  community_code: string;
  grid_code: string | null;
  d: StagedDwelling;
}

interface NewOrganisation {
  id: string;
  jurisdiction_path: string;
  credit_code: string;
  name: string;
}

/**
 * Records the chunk's rows name that the registry does not hold yet. They are decided on first and inserted
 * once the chunk knows which rows stay: a record only quarantined rows named is never written.
 */
interface Created {
  dwellings: Map<string, NewDwelling>;
  /** Households are inserted by applyClaims, complete, once the chunk's facts say what they are. */
  households: Map<string, NewHousehold>;
  organisations: Map<string, NewOrganisation>;
}

/** Insert the new dwellings and organisations the accepted rows use, and forget the rest. */
async function insertUsed(db: Kysely<DB>, ctx: ChunkContext, created: Created, used: readonly string[]): Promise<void> {
  const inUse = new Set(used);
  const keepUsed = (records: Map<string, unknown>) => {
    for (const id of [...records.keys()]) if (!inUse.has(id)) records.delete(id);
  };
  keepUsed(created.households);
  // A new household is placed in the dwelling of the row that first named it, which may be a row that was quarantined.
  for (const h of created.households.values()) if (h.dwellingId) inUse.add(h.dwellingId);
  keepUsed(created.dwellings);
  keepUsed(created.organisations);
  if (created.dwellings.size > 0) {
    await sql`
      INSERT INTO dwellings (id, jurisdiction_path, community_code, grid_code, compound, building, unit, room, address, origin_source_id, origin_at)
      SELECT id, jurisdiction_path, community_code, grid_code, compound, building, unit, room, address, ${ctx.source.id}, ${ctx.now}
      FROM ${recordset(
        [...created.dwellings.values()].map((e) => ({ id: e.id, jurisdiction_path: e.jurisdiction_path, community_code: e.community_code, grid_code: e.grid_code, compound: e.d.compound, building: e.d.building, unit: e.d.unit, room: e.d.room, address: e.d.address })),
        { id: 'text', jurisdiction_path: 'ltree', community_code: 'text', grid_code: 'text', compound: 'text', building: 'text', unit: 'text', room: 'text', address: 'text' },
      )}`.execute(db);
  }
  if (created.organisations.size > 0) {
    await sql`
      INSERT INTO organisations (id, jurisdiction_path, credit_code, name, origin_source_id, origin_at)
      SELECT id, jurisdiction_path, credit_code, name, ${ctx.source.id}, ${ctx.now}
      FROM ${recordset([...created.organisations.values()], { id: 'text', jurisdiction_path: 'ltree', credit_code: 'text', name: 'text' })}`.execute(db);
  }
}

const dwellingKey = (d: Pick<StagedDwelling, 'compound' | 'building' | 'unit' | 'room'>) => [d.compound, d.building, d.unit, d.room].join('\u0000');

/**
 * The dwelling each row names. Known dwellings are found by compound, building,
 * unit and room within the community the row names, else within the street or
 * district its address names, else within the import's jurisdiction. A new one
 * is created in that community — or, when the row names none, in the community
 * its compound already lies in — and takes the grid of its building when known.
 */
async function resolveDwellings(db: Kysely<DB>, ctx: ChunkContext, rows: ChunkRow[], reject: Reject, created: Map<string, NewDwelling>): Promise<Map<number, Placed>> {
  const placed = new Map<number, Placed>();
  if (rows.length === 0) return placed;
  const wanted = [...new Map(rows.map((r) => [dwellingKey(r.record.dwelling!), r.record.dwelling!])).values()];
  const candidates = await sql<{ id: string; community_code: string; compound: string; building: string; unit: string; room: string; address: string; jurisdiction_path: string }>`
    SELECT d.id, d.community_code, d.compound, d.building, d.unit, d.room, d.address, d.jurisdiction_path::text AS jurisdiction_path
    FROM dwellings d JOIN ${recordset(wanted.map(({ compound, building, unit, room }) => ({ compound, building, unit, room })), { compound: 'text', building: 'text', unit: 'text', room: 'text' })}
      ON d.compound = r.compound AND d.building = r.building AND d.unit = r.unit AND d.room = r.room`.execute(db);
  const byKey = new Map<string, typeof candidates.rows>();
  for (const c of candidates.rows) byKey.set(dwellingKey(c), [...(byKey.get(dwellingKey(c)) ?? []), c]);

  const areaOf = (d: StagedDwelling) => (d.communityCode ? null : (d.searchPath ?? ctx.jurisdictionPath));
  const inArea = (d: StagedDwelling, c: { community_code: string; jurisdiction_path: string }) =>
    d.communityCode ? c.community_code === d.communityCode : pathWithin([areaOf(d)!], c.jurisdiction_path);
  /** Compounds of one name in two communities are told apart by road and number, when the row gives them. */
  const narrowed = <C extends { address: string }>(d: StagedDwelling, found: C[]) => {
    if (found.length <= 1 || !d.road) return found;
    const onRoad = found.filter((c) => c.address.includes(d.road!));
    return onRoad.length > 0 ? onRoad : found;
  };

  const toCreate: ChunkRow[] = [];
  for (const row of rows) {
    const d = row.record.dwelling!;
    const matches = narrowed(d, (byKey.get(dwellingKey(d)) ?? []).filter((c) => inArea(d, c)));
    if (matches.length > 1) reject(row.rowNumber, 'address.ambiguous', { field: 'dwelling.address', value: d.address, detail: matches.map((m) => m.community_code).join(', ') });
    else if (matches.length === 1) placed.set(row.rowNumber, { id: matches[0].id, path: matches[0].jurisdiction_path });
    else toCreate.push(row);
  }

  // Where each new dwelling's compound (and building) already lies: its community, and its building's grid.
  const compounds = [...new Set(toCreate.map((r) => r.record.dwelling!.compound))];
  // One dwelling per building is enough to know both (and the road, from its address).
  const knownRows = compounds.length === 0 ? [] : await db
    .selectFrom('dwellings')
    .distinctOn(['community_code', 'compound', 'building'])
    .select(['community_code', 'compound', 'building', 'grid_code', 'jurisdiction_path', 'address'])
    .where(sql<boolean>`compound = ${anyText(compounds)}`)
    .orderBy('community_code')
    .orderBy('compound')
    .orderBy('building')
    .orderBy(sql`grid_code IS NULL`)
    .execute();
  const known = new Map<string, typeof knownRows>();
  for (const k of knownRows) known.set(k.compound, [...(known.get(k.compound) ?? []), k]);
  const newDwellings = new Map<string, NewDwelling>();
  for (const row of toCreate) {
    const d = row.record.dwelling!;
    let community = d.communityCode;
    if (!community) {
      const communities = [...new Set(narrowed(d, (known.get(d.compound) ?? []).filter((k) => pathWithin([areaOf(d)!], k.jurisdiction_path))).map((k) => k.community_code))];
      if (communities.length !== 1) {
        reject(row.rowNumber, communities.length === 0 ? 'address.unplaced' : 'address.ambiguous', { field: 'dwelling.address', value: d.address, detail: communities.join(', ') || undefined });
        continue;
      }
      community = communities[0];
    }
    const communityPath = ctx.communities.get(community);
    if (!communityPath) {
      reject(row.rowNumber, 'scope.outside', { field: 'dwelling.community', value: community });
      continue;
    }
    const key = `${dwellingKey(d)}\u0000${community}`;
    let entry = newDwellings.get(key);
    if (!entry) {
      const building = (known.get(d.compound) ?? []).find((k) => k.community_code === community && k.building === d.building && k.grid_code);
      entry = { id: timeOrderedUuid(), community_code: community, grid_code: building?.grid_code ?? null, jurisdiction_path: building?.jurisdiction_path ?? communityPath, d };
      newDwellings.set(key, entry);
    }
    placed.set(row.rowNumber, { id: entry.id, path: entry.jurisdiction_path });
  }
  for (const row of rows) {
    const at = placed.get(row.rowNumber);
    if (at && !pathWithin([ctx.jurisdictionPath], at.path)) {
      placed.delete(row.rowNumber);
      reject(row.rowNumber, 'scope.outside', { field: 'dwelling.address', value: row.record.dwelling!.address });
    }
  }
  for (const e of newDwellings.values()) created.set(e.id, e);
  return placed;
}

/** The organisation each row names, by credit code; a new one needs its name. */
async function resolveOrganisations(
  db: Kysely<DB>,
  ctx: ChunkContext,
  rows: ChunkRow[],
  dwellings: Map<number, Placed>,
  reject: Reject,
  created: Map<string, NewOrganisation>,
): Promise<Map<number, Placed>> {
  const placed = new Map<number, Placed>();
  if (rows.length === 0) return placed;
  const codes = [...new Set(rows.map((r) => r.record.organisation!.creditCode))];
  const existing = await db.selectFrom('organisations').select(['id', 'credit_code', 'jurisdiction_path']).where(sql<boolean>`credit_code = ${anyText(codes)}`).execute();
  const byCode = new Map(existing.map((o) => [o.credit_code!, { id: o.id, path: o.jurisdiction_path }]));
  for (const row of rows) {
    const { creditCode, facts } = row.record.organisation!;
    let organisation = byCode.get(creditCode);
    if (!organisation) {
      const name = facts['organisation.name'];
      if (typeof name !== 'string') {
        reject(row.rowNumber, 'organisation.name_missing', { field: 'organisation.name', value: creditCode });
        continue;
      }
      const dwelling = ctx.profile.links.organisationDwelling ? dwellings.get(row.rowNumber) : undefined;
      organisation = { id: timeOrderedUuid(), path: dwelling?.path ?? ctx.jurisdictionPath };
      byCode.set(creditCode, organisation);
      created.set(organisation.id, { id: organisation.id, jurisdiction_path: organisation.path, credit_code: creditCode, name });
    }
    if (!pathWithin([ctx.jurisdictionPath], organisation.path)) reject(row.rowNumber, 'scope.outside', { field: 'organisation.credit_code', value: creditCode });
    else placed.set(row.rowNumber, organisation);
  }
  return placed;
}

/** The household each row names, by household number (户号); a new one is only decided on here, not yet inserted. */
async function resolveHouseholds(
  db: Kysely<DB>,
  ctx: ChunkContext,
  rows: ChunkRow[],
  dwellings: Map<number, Placed>,
  reject: Reject,
  created: Map<string, NewHousehold>,
): Promise<Map<number, Placed>> {
  const placed = new Map<number, Placed>();
  if (rows.length === 0) return placed;
  const numbers = [...new Set(rows.map((r) => r.record.household!.number))];
  const existing = await db.selectFrom('households').select(['id', 'household_number', 'jurisdiction_path']).where(sql<boolean>`household_number = ${anyText(numbers)}`).execute();
  const byNumber = new Map(existing.map((h) => [h.household_number!, { id: h.id, path: h.jurisdiction_path }]));
  for (const row of rows) {
    const number = row.record.household!.number;
    let household = byNumber.get(number);
    if (!household) {
      const dwelling = ctx.profile.links.householdDwelling ? dwellings.get(row.rowNumber) : undefined;
      household = { id: timeOrderedUuid(), path: dwelling?.path ?? ctx.jurisdictionPath };
      byNumber.set(number, household);
      created.set(household.id, { id: household.id, fallbackPath: household.path, householdNumber: number, dwellingId: dwelling?.id ?? null });
    }
    if (!pathWithin([ctx.jurisdictionPath], household.path)) reject(row.rowNumber, 'scope.outside', { field: 'household.number', value: number });
    else placed.set(row.rowNumber, household);
  }
  return placed;
}

/**
 * Which person each row is: the person this source's record key was linked to
 * before, else the linker's decision (a row the linker found to be an earlier
 * row of the chunk goes to the person made for that row). A new person needs a name; a person
 * found outside the import's jurisdiction is not this import's to change.
 */
async function resolvePeople(db: Kysely<DB>, ctx: ChunkContext, rows: ChunkRow[], dwellings: Map<number, Placed>, stopped: Stopped) {
  const reject = rejectInto(stopped);
  const known = await knownRecords(db, ctx.source.id, rows.map((r) => r.record.key!));
  const of = new Map<number, string>();
  // Where each existing person is placed, as read with them.
  const paths = new Map<string, string>();
  for (const row of rows) {
    const knownPerson = known.get(row.record.key!);
    if (knownPerson) {
      of.set(row.rowNumber, knownPerson.id);
      paths.set(knownPerson.id, knownPerson.path);
    }
  }
  const toLink = rows.filter((r) => !known.has(r.record.key!));
  const candidates = toLink.map((r): LinkCandidate => {
    const p = r.record.person!;
    return {
      row: r.rowNumber,
      source: ctx.source.id,
      idNumber: (p['person.id_number'] as string | undefined) ?? null,
      name: (p['person.name'] as string | undefined) ?? null,
      birthDate: (p['person.birth_date'] as string | undefined) ?? null,
      sex: (p['person.sex'] as string | undefined) ?? null,
      phones: (p['person.phones'] as string[] | undefined) ?? [],
      address: r.record.dwelling?.address ?? null,
      recordKey: r.record.key!,
      dwellingId: dwellings.get(r.rowNumber)?.id ?? null,
      registeredThere: ctx.profile.links.personDwelling.includes('registered'),
      suspectIdNumber: r.record.suspectIdNumber ?? null,
    };
  });
  const decisions = await ctx.linker.link(db, candidates, { importId: ctx.importId, sourceId: ctx.source.id, now: ctx.now });
  const created = new Map<string, NewPerson>();
  // Two rows with one ID number and different record keys are one new person.
  const createdByIdNumber = new Map<string, string>();
  toLink.forEach((row, i) => {
    const decision = decisions[i];
    if (decision.kind === 'existing') {
      of.set(row.rowNumber, decision.personId);
      if (decision.jurisdictionPath) paths.set(decision.personId, decision.jurisdictionPath);
    } else if (decision.kind === 'review') {
      stopped.set(row.rowNumber, { status: 'held', issues: [issue('linkage.review', { detail: `${decision.detail}: ${decision.candidates.join(', ')}` })] });
    } else if (decision.kind === 'same_as_row' && created.has(of.get(decision.row) ?? '')) {
      of.set(row.rowNumber, of.get(decision.row)!);
    } else if (!row.record.person!['person.name']) {
      reject(row.rowNumber, 'person.name_missing', { field: 'person.name' });
    } else {
      const idNumber = row.record.person!['person.id_number'] as string | undefined;
      const id = (idNumber && createdByIdNumber.get(idNumber)) || timeOrderedUuid();
      if (idNumber) createdByIdNumber.set(idNumber, id);
      const dwelling = dwellings.get(row.rowNumber);
      created.set(id, { id, fallbackPath: dwelling && ctx.profile.links.personDwelling.length > 0 ? dwelling.path : ctx.jurisdictionPath });
      of.set(row.rowNumber, id);
    }
  });
  const unplaced = [...new Set([...of.values()].filter((id) => !created.has(id) && !paths.has(id)))];
  if (unplaced.length > 0) {
    for (const p of await db.selectFrom('people').select(['id', 'jurisdiction_path']).where(sql<boolean>`id = ${anyText(unplaced)}`).execute()) paths.set(p.id, p.jurisdiction_path);
  }
  for (const row of rows) {
    const id = of.get(row.rowNumber);
    if (id && !created.has(id) && !pathWithin([ctx.jurisdictionPath], paths.get(id) ?? '')) {
      reject(row.rowNumber, 'scope.outside', { field: 'person.id_number', detail: 'the person is registered elsewhere' });
    }
  }
  return { of, known, created, linked: toLink.map((row, i) => ({ row, candidate: candidates[i], decision: decisions[i] })) };
}

/** Which registry person each of this source's record keys was linked to before, and where that person is placed. */
async function knownRecords(db: Kysely<DB>, sourceId: string, keys: readonly string[]): Promise<Map<string, { id: string; path: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('source_records as r')
    .innerJoin('people as p', 'p.id', 'r.entity_id')
    .select(['r.record_key', 'r.entity_id', 'p.jurisdiction_path'])
    .where('r.source_id', '=', sourceId)
    .where('r.entity_type', '=', 'person')
    .where(sql<boolean>`r.record_key = ${anyText(keys)}`)
    .execute();
  return new Map(rows.map((r) => [r.record_key, { id: r.entity_id, path: r.jurisdiction_path }]));
}

async function rememberRecords(db: Kysely<DB>, ctx: ChunkContext, links: ReadonlyArray<{ key: string; personId: string }>): Promise<void> {
  if (links.length === 0) return;
  await sql`
    INSERT INTO source_records (source_id, record_key, entity_type, entity_id, import_id, linked_at)
    SELECT ${ctx.source.id}, key, 'person', person_id, ${ctx.importId}::uuid, ${ctx.now}
    FROM ${recordset(links.map((l) => ({ key: l.key, person_id: l.personId })), { key: 'text', person_id: 'text' })}
    ON CONFLICT (source_id, record_key) DO NOTHING`.execute(db);
}
