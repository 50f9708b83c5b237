// The provenance part every record page shares: current values with their
// sources and disagreements, and the full history of what each source said.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Catalogue } from './catalogue/catalogue.js';
import { statementHistory } from './facts/repo.js';
import type { Projection } from './projections/projection.js';
import { currentFields, historyOf, type FieldView, type HistoryEntry, type SourceView } from './provenance.js';
import { findSource } from './repo.js';
import type { EntityType } from './schema.js';

export async function provenanceOf<S>(
  db: Kysely<DB>,
  catalogue: Catalogue,
  projection: Projection<S>,
  entity: EntityType,
  id: string,
): Promise<{ fields: FieldView[]; history: HistoryEntry[] }> {
  const record = (await projection.load(db, [id])).get(id);
  if (!record) return { fields: [], history: [] };
  const statements = await statementHistory(db, id);
  const source = await findSource(db, record.origin.sourceId);
  const origin: SourceView = {
    id: record.origin.sourceId,
    name: source?.name ?? record.origin.sourceId,
    kind: record.origin.sourceKind,
    department: source?.department_code ? { code: source.department_code, name: source.department_name! } : null,
  };
  return {
    fields: currentFields(catalogue, entity, statements, projection, record, { sourceId: record.origin.sourceId, source: origin, at: record.origin.at }),
    history: historyOf(statements),
  };
}
