// What every registry table that projects facts offers the write path: load
// records, read and set field values in their row state, save changed rows.
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { EntityType, FactValue } from '../schema.js';

export interface ProjectedRecord<S> {
  id: string;
  jurisdictionPath: string;
  /** Where the row's values came from when they have no facts of their own. */
  origin: { sourceId: string; sourceKind: string; at: Date };
  state: S;
  /** The state as the table holds it, when the projection keeps it for saving only what changed. */
  stored?: S;
}

export interface Projection<S> {
  entity: EntityType;
  load(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, ProjectedRecord<S>>>;
  /** A field's value as the row holds it, or null when it holds none. */
  fieldValue(state: S, field: string): FactValue | null;
  /** The state with each surviving value put in its column. */
  withSurvivors(state: S, survivors: ReadonlyMap<string, FactValue>): S;
  /** The dwelling whose place in the tree the record takes, when it follows one. */
  placingDwelling(state: S): string | null;
  save(db: Kysely<DB>, records: ReadonlyArray<ProjectedRecord<S>>): Promise<void>;
}
