// What an import changed: for each statement it stored, the fields whose value
// differs from what the same source said before — added, changed, or stale
// (an older observation that did not replace the source's newer one).
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { EntityType, FactValue } from '../schema.js';
import { claimsOf, currentOf, statementsOfImport } from './repo.js';
import { sameValue } from './survivorship.js';

export interface FactChange {
  statementId: number;
  row: number | null;
  entityType: EntityType;
  entityId: string;
  field: string;
  before: FactValue | null;
  after: FactValue;
  change: 'added' | 'changed' | 'stale';
  derivedFrom: string | null;
}

export async function changesOfImport(db: Kysely<DB>, importId: string, afterStatementId: number, limit: number) {
  const { page, related } = await statementsOfImport(db, importId, afterStatementId, limit);
  const claimsByEntity = new Map<string, ReturnType<typeof claimsOf>>();
  for (const claim of claimsOf(related)) claimsByEntity.set(claim.entityId, [...(claimsByEntity.get(claim.entityId) ?? []), claim]);
  const items: FactChange[] = [];
  for (const statement of page) {
    // What the source said before this statement was stored.
    const earlier = (claimsByEntity.get(statement.entity_id) ?? []).filter((c) => c.factId < statement.id);
    const before = new Map(currentOf(earlier).map((c) => [c.field, c]));
    for (const [field, after] of Object.entries(statement.facts)) {
      const previous = before.get(field);
      if (previous && sameValue(previous.value, after)) continue;
      items.push({
        statementId: statement.id,
        row: statement.import_row,
        entityType: statement.entity_type,
        entityId: statement.entity_id,
        field,
        before: previous?.value ?? null,
        after,
        change: !previous ? 'added' : statement.observed_at < previous.observedAt ? 'stale' : 'changed',
        derivedFrom: statement.derived[field] ?? null,
      });
    }
  }
  return { items, nextAfter: page.length === limit ? page[page.length - 1].id : null };
}
