/**
 * Recording what a source says about registry records.
 *
 * Per record and field, a source's current claim is its latest statement that
 * mentions the field. A row that repeats what the source currently says
 * changes nothing and is not stored (a re-import adds nothing twice). A row
 * that says something new is stored as one statement with all it says about
 * the record; the claims it replaces stay as history. A claim observed before
 * the source's current one (an older export imported late) is stored too, and
 * is history from the start.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { EntityType, FactValue } from '../schema.js';
import { claimsOf, currentOf, insertStatements, statementsAbout, type NewStatement, type StatementRow, type StoredClaim } from './repo.js';
import { sameValue } from './survivorship.js';

export interface ClaimInput {
  entityType: EntityType;
  entityId: string;
  field: string;
  value: FactValue;
  /** When the source says the value was true. */
  observedAt: Date;
  importRow?: number | null;
  /** The field the value was read from, when the source did not state it (sex from the ID number). */
  derivedFrom?: string | null;
}

export interface ClaimProvenance {
  source: { id: string; kind: string };
  recordedAt: Date;
  importId?: string | null;
  submissionId?: string | null;
  recordedBy?: string | null;
}

export interface ClaimOutcome {
  added: number;
  changed: number;
  unchanged: number;
  stale: number;
  /** Every source's current claims about the touched records, after recording. */
  current: Map<string, StoredClaim[]>;
  /** Records whose current claims changed, and in which fields: their registry rows need the new survivors. */
  touched: Map<string, Set<string>>;
}

const keyOf = (entityId: string, field: string) => `${entityId}\u0000${field}`;

/**
 * `fresh` names records created just now for these claims: nothing was said
 * about them before, so there is nothing to compare with or read back.
 */
export async function recordClaims(db: Kysely<DB>, provenance: ClaimProvenance, claims: readonly ClaimInput[], fresh: ReadonlySet<string> = new Set()): Promise<ClaimOutcome> {
  const statements = statementsOfRows(claims);
  const known = [...statements.keys()].filter((id) => !fresh.has(id));
  const earlier = await statementsAbout(db, known, { sourceId: provenance.source.id });
  const previous = new Map(currentOf(claimsOf(earlier)).map((c) => [keyOf(c.entityId, c.field), c]));

  const outcome: ClaimOutcome = { added: 0, changed: 0, unchanged: 0, stale: 0, current: new Map(), touched: new Map() };
  const stored: NewStatement[] = [];
  for (const [entityId, said] of statements) {
    let news = false;
    for (const claim of said) {
      const mine = previous.get(keyOf(entityId, claim.field));
      if (mine && sameValue(mine.value, claim.value)) {
        outcome.unchanged++;
        continue;
      }
      news = true;
      if (mine && claim.observedAt < mine.observedAt) {
        outcome.stale++;
        continue;
      }
      if (mine) outcome.changed++;
      else outcome.added++;
      const fields = outcome.touched.get(entityId) ?? new Set<string>();
      fields.add(claim.field);
      outcome.touched.set(entityId, fields);
    }
    if (news) stored.push(statementOf(said, provenance));
  }
  const ids = await insertStatements(db, stored);

  // This source's statements about the touched records are those read above and those just stored: only the other sources' are read.
  const touchedKnown = [...outcome.touched.keys()].filter((id) => !fresh.has(id));
  const touched = (s: { entity_id: string }) => outcome.touched.has(s.entity_id);
  const current = [
    ...(await statementsAbout(db, touchedKnown, { exceptSourceId: provenance.source.id })),
    ...earlier.filter(touched),
    ...stored.map((s, i): StatementRow => ({ ...s, id: ids[i], source_kind: provenance.source.kind })).filter(touched),
  ];
  for (const claim of currentOf(claimsOf(current))) push(outcome.current, claim.entityId, claim);
  return outcome;
}

/**
 * What the rows say about each record, one statement per record: when a file
 * names a record on several rows (a household on every member's row), its last
 * row speaks for the source.
 */
function statementsOfRows(claims: readonly ClaimInput[]): Map<string, ClaimInput[]> {
  const lastRow = new Map<string, number>();
  for (const c of claims) lastRow.set(c.entityId, Math.max(lastRow.get(c.entityId) ?? -1, c.importRow ?? 0));
  const byField = new Map<string, Map<string, ClaimInput>>();
  for (const c of claims) {
    if ((c.importRow ?? 0) !== lastRow.get(c.entityId)) continue;
    const fields = byField.get(c.entityId) ?? new Map<string, ClaimInput>();
    fields.set(c.field, c);
    byField.set(c.entityId, fields);
  }
  return new Map([...byField].map(([id, fields]) => [id, [...fields.values()]]));
}

function statementOf(said: readonly ClaimInput[], provenance: ClaimProvenance): NewStatement {
  const first = said[0];
  return {
    entity_type: first.entityType,
    entity_id: first.entityId,
    source_id: provenance.source.id,
    facts: Object.fromEntries(said.map((c) => [c.field, c.value])),
    derived: Object.fromEntries(said.filter((c) => c.derivedFrom).map((c) => [c.field, c.derivedFrom!])),
    observed_at: first.observedAt,
    recorded_at: provenance.recordedAt,
    import_id: provenance.importId ?? null,
    import_row: first.importRow ?? null,
    submission_id: provenance.submissionId ?? null,
    recorded_by: provenance.recordedBy ?? null,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
