/**
 * The registry as a field visit (a collection form filled on a person) sees
 * it: the current values of some fields with where each came from, and the
 * values an approved visit records, written through the one write path as
 * claims of the field-visit source with the submission and the worker as evidence.
 *
 * Callers authorise and scope the person first; these functions take an id
 * they are allowed to use.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Catalogue } from './catalogue/catalogue.js';
import { applyClaims, type ApplyClaimsOutcome } from './facts/apply-claims.js';
import { peopleProjection } from './projections/people.js';
import type { FieldView } from './provenance.js';
import { provenanceOf } from './record-page.js';
import type { FactValue } from './schema.js';

/** The data source of everything grid workers record on visits (0100-registry-catalogue.sql). */
export const FIELD_VISIT_SOURCE = { id: 'field-visit', kind: 'field_visit' } as const;

/**
 * The current value of each of these fields of the person, with the claims it
 * comes from (source and observation date). Fields without a value are absent.
 * Computed like the person's page, so a form shows what the registry shows.
 */
export async function personFieldValues(db: Kysely<DB>, catalogue: Catalogue, personId: string, fields: readonly string[]): Promise<FieldView[]> {
  const wanted = new Set(fields);
  const { fields: views } = await provenanceOf(db, catalogue, peopleProjection, 'person', personId);
  return views.filter((view) => wanted.has(view.field));
}

export interface FieldVisit {
  personId: string;
  values: ReadonlyArray<{ field: string; value: FactValue }>;
  /** The submission the values come from. */
  submissionId: string;
  /** The user who collected them. */
  workerId: string;
  /** When the worker saw them to be true. */
  observedAt: Date;
  recordedAt: Date;
}

/** Record an approved visit's values about a person; survivorship then decides what the registry shows. */
export function recordFieldVisit(db: Kysely<DB>, catalogue: Catalogue, visit: FieldVisit): Promise<ApplyClaimsOutcome> {
  return applyClaims(db, catalogue, {
    provenance: { source: FIELD_VISIT_SOURCE, recordedAt: visit.recordedAt, submissionId: visit.submissionId, recordedBy: visit.workerId },
    claims: visit.values.map(({ field, value }) => ({ entityType: 'person', entityId: visit.personId, field, value, observedAt: visit.observedAt })),
    newPeople: [],
  });
}
