/**
 * The registry as a field visit (a collection form filled on a person, a
 * household or a dwelling) sees it: the current values of some fields of the
 * record with where each came from, and the values an approved visit records,
 * written through the one write path as claims of the field-visit source with
 * the submission and the worker as evidence.
 *
 * Callers authorise and scope the record first; these functions take an id
 * they are allowed to use.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Catalogue } from './catalogue/catalogue.js';
import { applyClaims, type ApplyClaimsOutcome } from './facts/apply-claims.js';
import { dwellingsProjection } from './projections/dwellings.js';
import { householdsProjection } from './projections/households.js';
import { peopleProjection } from './projections/people.js';
import type { Projection } from './projections/projection.js';
import type { FieldView } from './provenance.js';
import { provenanceOf } from './record-page.js';
import type { EntityType, FactValue } from './schema.js';

/** The kinds of record a field visit is made on. */
export type VisitedEntity = Extract<EntityType, 'person' | 'household' | 'dwelling'>;

const PROJECTIONS: Record<VisitedEntity, Projection<unknown>> = {
  person: peopleProjection as Projection<unknown>,
  household: householdsProjection as Projection<unknown>,
  dwelling: dwellingsProjection as Projection<unknown>,
};

/** The data source of everything grid workers record on visits (0100-registry-catalogue.sql). */
export const FIELD_VISIT_SOURCE = { id: 'field-visit', kind: 'field_visit' } as const;

/**
 * The current value of each of these fields of the record, with the claims it
 * comes from (source and observation date). Fields without a value are absent.
 * Computed like the record's page, so a form shows what the registry shows.
 */
export async function recordFieldValues(
  db: Kysely<DB>,
  catalogue: Catalogue,
  record: { type: VisitedEntity; id: string },
  fields: readonly string[],
): Promise<FieldView[]> {
  const wanted = new Set(fields);
  const { fields: views } = await provenanceOf(db, catalogue, PROJECTIONS[record.type], record.type, record.id);
  return views.filter((view) => wanted.has(view.field));
}

export interface FieldVisit {
  /** The person, household or dwelling visited. */
  record: { type: VisitedEntity; id: string };
  values: ReadonlyArray<{ field: string; value: FactValue }>;
  /** The submission the values come from. */
  submissionId: string;
  /** The user who collected them. */
  workerId: string;
  /** When the worker saw them to be true. */
  observedAt: Date;
  recordedAt: Date;
}

/** Record an approved visit's values about a record; survivorship then decides what the registry shows. */
export function recordFieldVisit(db: Kysely<DB>, catalogue: Catalogue, visit: FieldVisit): Promise<ApplyClaimsOutcome> {
  return applyClaims(db, catalogue, {
    provenance: { source: FIELD_VISIT_SOURCE, recordedAt: visit.recordedAt, submissionId: visit.submissionId, recordedBy: visit.workerId },
    claims: visit.values.map(({ field, value }) => ({ entityType: visit.record.type, entityId: visit.record.id, field, value, observedAt: visit.observedAt })),
    newPeople: [],
  });
}
