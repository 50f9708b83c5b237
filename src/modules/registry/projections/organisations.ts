/**
 * The organisations table as a projection of organisation facts, and
 * organisation_dwellings of its link facts. An organisation is placed in the
 * jurisdiction tree by its premises, else a dwelling it manages or owns.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { FactValue, OrganisationDwellingRelation } from '../schema.js';
import { anyText, recordset } from '../sql.js';
import type { ProjectedRecord, Projection } from './projection.js';

export const ORGANISATION_DWELLING_FIELDS: Record<string, OrganisationDwellingRelation> = {
  'organisation.premises': 'premises',
  'organisation.owned_dwellings': 'owner',
  'organisation.managed_dwellings': 'manager',
};

const TEXT_COLUMNS = {
  'organisation.name': 'name',
  'organisation.kind': 'kind',
  'organisation.legal_representative': 'legal_representative',
} as const;

export interface OrganisationState {
  name: string;
  kind: string | null;
  legal_representative: string | null;
  phone: string | null;
  dwellings: Record<OrganisationDwellingRelation, string[]>;
}

export type OrganisationRecord = ProjectedRecord<OrganisationState>;

const RELATIONS: readonly OrganisationDwellingRelation[] = ['premises', 'manager', 'owner'];

async function loadOrganisations(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, OrganisationRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations as o')
    .innerJoin('data_sources as s', 's.id', 'o.origin_source_id')
    .selectAll('o')
    .select('s.kind as origin_kind')
    .where(sql<boolean>`o.id = ${anyText(ids)}`)
    .execute();
  const links = await db.selectFrom('organisation_dwellings').selectAll().where(sql<boolean>`organisation_id = ${anyText(ids)}`).execute();
  return new Map(
    rows.map((r) => {
      const dwellings = { premises: [] as string[], owner: [] as string[], manager: [] as string[] };
      for (const link of links) if (link.organisation_id === r.id) dwellings[link.relation].push(link.dwelling_id);
      for (const relation of RELATIONS) dwellings[relation].sort();
      return [
        r.id,
        {
          id: r.id,
          jurisdictionPath: r.jurisdiction_path,
          origin: { sourceId: r.origin_source_id, sourceKind: r.origin_kind, at: r.origin_at },
          state: { name: r.name, kind: r.kind, legal_representative: r.legal_representative, phone: r.phone, dwellings },
        },
      ];
    }),
  );
}

function organisationFieldValue(state: OrganisationState, field: string): FactValue | null {
  if (field in TEXT_COLUMNS) return state[TEXT_COLUMNS[field as keyof typeof TEXT_COLUMNS]];
  if (field === 'organisation.phones') return state.phone ? [state.phone] : null;
  const relation = ORGANISATION_DWELLING_FIELDS[field];
  if (!relation) return null;
  return state.dwellings[relation].length > 0 ? state.dwellings[relation] : null;
}

function organisationWithSurvivors(state: OrganisationState, survivors: ReadonlyMap<string, FactValue>): OrganisationState {
  const next: OrganisationState = { ...state, dwellings: { ...state.dwellings } };
  const first = (value: FactValue) => (Array.isArray(value) ? (value[0] ?? null) : value);
  for (const [field, value] of survivors) {
    if (field === 'organisation.name') next.name = first(value) ?? state.name;
    else if (field === 'organisation.kind') next.kind = first(value);
    else if (field === 'organisation.legal_representative') next.legal_representative = first(value);
    else if (field === 'organisation.phones') next.phone = first(value);
    else if (ORGANISATION_DWELLING_FIELDS[field]) next.dwellings[ORGANISATION_DWELLING_FIELDS[field]] = (Array.isArray(value) ? [...value] : [value]).sort();
  }
  return next;
}

/** The dwelling that places the organisation: its premises, else one it manages, else one it owns. */
function placingDwellingOf(state: OrganisationState): string | null {
  return state.dwellings.premises[0] ?? state.dwellings.manager[0] ?? state.dwellings.owner[0] ?? null;
}

async function updateOrganisations(db: Kysely<DB>, organisations: ReadonlyArray<OrganisationRecord>): Promise<void> {
  if (organisations.length === 0) return;
  const rows = organisations.map(({ id, jurisdictionPath, state: { dwellings, ...columns } }) => ({ id, jurisdiction_path: jurisdictionPath, ...columns }));
  await sql`
    UPDATE organisations AS o
    SET name = r.name, kind = r.kind, legal_representative = r.legal_representative, phone = r.phone, jurisdiction_path = r.jurisdiction_path
    FROM ${recordset(rows, { id: 'text', jurisdiction_path: 'ltree', name: 'text', kind: 'text', legal_representative: 'text', phone: 'text' })}
    WHERE o.id = r.id`.execute(db);
  const ids = organisations.map((o) => o.id);
  await sql`DELETE FROM organisation_dwellings WHERE organisation_id = ${anyText(ids)}`.execute(db);
  const links = organisations.flatMap((o) => RELATIONS.flatMap((relation) => o.state.dwellings[relation].map((dwelling_id) => ({ organisation_id: o.id, dwelling_id, relation }))));
  if (links.length === 0) return;
  await sql`
    INSERT INTO organisation_dwellings (organisation_id, dwelling_id, relation)
    SELECT organisation_id, dwelling_id, relation FROM ${recordset(links, { organisation_id: 'text', dwelling_id: 'text', relation: 'text' })}`.execute(db);
}

export const organisationsProjection: Projection<OrganisationState> = {
  entity: 'organisation',
  load: loadOrganisations,
  fieldValue: organisationFieldValue,
  withSurvivors: organisationWithSurvivors,
  placingDwelling: placingDwellingOf,
  save: updateOrganisations,
};
