// SQL of record linkage in the registry: blocking keys, models, decisions, review pairs, separations, corrections.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { anyText, recordset } from '../../registry/sql.js';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import { keyChanges, type StalePerson } from './keys.js';
import type { CorrectionKind, DecisionOutcome, LinkKeyKind } from './schema.js';

/** Must build the same text as keyBasis() in keys.ts. */
const BASIS = sql`concat_ws('|', p.name, coalesce(p.birth_date::text, ''), coalesce(p.phone, ''), coalesce(p.dwelling_id, ''), coalesce(p.id_number, ''))`;
const REFRESH_BATCH = 5000;

/**
 * New blocking keys for every person whose name, birth date, phone, dwelling or
 * ID number changed since their keys were made (or who has none yet: the
 * initial load, a field visit); limited to `ids` when given. A person keyed
 * before loses only the keys the change ended and gains only the new ones.
 */
export async function refreshLinkKeys(db: Kysely<DB>, names: NameKeyCache, ids?: readonly string[]): Promise<number> {
  if (ids && ids.length === 0) return 0;
  let refreshed = 0;
  // Keyset pages of the stale persons in id order: the server skips the persons whose keys are current, so a
  // registry with none stale costs one query, not a trip of every person through here.
  for (let after = ''; ; ) {
    const page = await sql<StalePerson>`
      SELECT p.id, p.name, p.birth_date::text AS birth_date, p.phone, p.dwelling_id, p.id_number, ${BASIS} AS basis, b.person_id IS NOT NULL AS keyed, b.keys
      FROM people p LEFT JOIN person_link_basis b ON b.person_id = p.id
      WHERE p.id > ${after} ${ids ? sql`AND p.id = ${anyText(ids)}` : sql``} AND b.basis IS DISTINCT FROM ${BASIS}
      ORDER BY p.id LIMIT ${REFRESH_BATCH}`.execute(db);
    const stale = page.rows;
    if (stale.length === 0) return refreshed;
    after = stale[stale.length - 1].id;
    const change = keyChanges(stale, names);
    if (change.replacedWhole.length > 0) await sql`DELETE FROM person_link_keys WHERE person_id = ${anyText(change.replacedWhole)}`.execute(db);
    if (change.ended.length > 0) {
      await sql`
        DELETE FROM person_link_keys k USING ${recordset(change.ended, KEY_COLUMNS)}
        WHERE k.kind = r.kind AND k.key = r.key AND k.person_id = r.person_id`.execute(db);
    }
    if (change.added.length > 0) {
      await sql`INSERT INTO person_link_keys (kind, key, person_id) SELECT kind, key, person_id FROM ${recordset(change.added, KEY_COLUMNS)} ON CONFLICT DO NOTHING`.execute(db);
    }
    await sql`
      INSERT INTO person_link_basis (person_id, basis, keys)
      SELECT person_id, basis, keys FROM ${recordset(change.bases, { person_id: 'text', basis: 'text', keys: 'text[]' })}
      ON CONFLICT (person_id) DO UPDATE SET basis = EXCLUDED.basis, keys = EXCLUDED.keys`.execute(db);
    refreshed += stale.length;
    if (stale.length < REFRESH_BATCH) return refreshed;
  }
}

const KEY_COLUMNS = { kind: 'text', key: 'text', person_id: 'text' };

/** A key shared by more persons than this (a placeholder phone) finds nobody in particular. */
export const MAX_PERSONS_PER_KEY = 50;

/** Registry persons sharing any of the keys: key → person ids. */
export async function personsByKeys(db: Kysely<DB>, keys: ReadonlyArray<{ kind: LinkKeyKind; key: string }>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (keys.length === 0) return out;
  const unique = [...new Map(keys.map((k) => [`${k.kind}\u0000${k.key}`, k])).values()];
  const rows = await sql<{ kind: string; key: string; person_id: string }>`
    SELECT k.kind, k.key, k.person_id FROM person_link_keys k JOIN ${recordset(unique, { kind: 'text', key: 'text' })} ON k.kind = r.kind AND k.key = r.key`.execute(db);
  for (const r of rows.rows) {
    const id = `${r.kind}\u0000${r.key}`;
    out.set(id, [...(out.get(id) ?? []), r.person_id]);
  }
  for (const [id, persons] of out) if (persons.length > MAX_PERSONS_PER_KEY) out.delete(id);
  return out;
}

export interface CandidatePerson {
  id: string;
  name: string;
  id_number: string | null;
  birth_date: string | null;
  sex: string | null;
  phone: string | null;
  address: string | null;
  jurisdiction_path: string;
}

export async function candidatePersons(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, CandidatePerson>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<CandidatePerson>`
    SELECT p.id, p.name, p.id_number, p.birth_date::text AS birth_date, p.sex, p.phone, d.address, p.jurisdiction_path::text AS jurisdiction_path
    FROM people p LEFT JOIN dwellings d ON d.id = p.dwelling_id WHERE p.id = ${anyText(ids)}`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r]));
}

/** Pairs a steward separated, as `${recordKey}\u0000${personId}`. */
export async function separations(db: Kysely<DB>, sourceId: string, recordKeys: readonly string[]): Promise<Set<string>> {
  if (recordKeys.length === 0) return new Set();
  const rows = await db.selectFrom('linkage_separations').select(['record_key', 'person_id']).where('source_id', '=', sourceId).where(sql<boolean>`record_key = ${anyText(recordKeys)}`).execute();
  return new Set(rows.map((r) => `${r.record_key}\u0000${r.person_id}`));
}

/** A sample of the registry for estimating the model: deterministic, spread over the whole table. */
export async function registrySample(db: Kysely<DB>, limit: number): Promise<{ size: number; people: CandidatePerson[] }> {
  const size = Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM people`.execute(db)).rows[0].n);
  const people = await sql<CandidatePerson>`
    SELECT p.id, p.name, p.id_number, p.birth_date::text AS birth_date, p.sex, p.phone, d.address, p.jurisdiction_path::text AS jurisdiction_path
    FROM people p LEFT JOIN dwellings d ON d.id = p.dwelling_id ORDER BY md5(p.id) LIMIT ${limit}`.execute(db);
  return { size, people: people.rows };
}

export async function stagedSample(db: Kysely<DB>, importId: string, limit: number) {
  return (
    await sql<{ row_number: number; record: { person: Record<string, unknown> | null; dwelling: { address: string } | null; suspectIdNumber?: string } }>`
      SELECT row_number, record FROM import_rows WHERE import_id = ${importId}::uuid AND status = 'valid' AND record -> 'person' IS NOT NULL AND record -> 'person' <> 'null'::jsonb
      ORDER BY row_number LIMIT ${limit}`.execute(db)
  ).rows;
}

export async function findModel(db: Kysely<DB>, importId: string) {
  return db.selectFrom('linkage_models').select(['model', 'estimated']).where('import_id', '=', importId).executeTakeFirst();
}

export async function saveModel(db: Kysely<DB>, importId: string, model: { model: unknown; estimated: boolean; details: unknown }, at: Date) {
  await db
    .insertInto('linkage_models')
    .values({ import_id: importId, model: JSON.stringify(model.model), estimated: model.estimated, details: JSON.stringify(model.details), created_at: at })
    .onConflict((oc) => oc.column('import_id').doNothing())
    .execute();
}

export interface NewDecision {
  row_number: number;
  record_key: string;
  outcome: DecisionOutcome;
  person_id: string | null;
  candidate_id: string | null;
  weight: number | null;
  explanation: unknown;
}

export async function insertDecisions(db: Kysely<DB>, ctx: { importId: string; sourceId: string; now: Date }, decisions: readonly NewDecision[]) {
  if (decisions.length === 0) return;
  await sql`
    INSERT INTO linkage_decisions (import_id, row_number, source_id, record_key, outcome, person_id, candidate_id, weight, explanation, decided_at)
    SELECT ${ctx.importId}::uuid, row_number, ${ctx.sourceId}, record_key, outcome, person_id, candidate_id, weight, explanation, ${ctx.now}
    FROM ${recordset(decisions, { row_number: 'integer', record_key: 'text', outcome: 'text', person_id: 'text', candidate_id: 'text', weight: 'double precision', explanation: 'jsonb' })}
    ON CONFLICT (import_id, row_number) DO UPDATE SET outcome = EXCLUDED.outcome, person_id = EXCLUDED.person_id, candidate_id = EXCLUDED.candidate_id,
      weight = EXCLUDED.weight, explanation = EXCLUDED.explanation, decided_at = EXCLUDED.decided_at`.execute(db);
}

export interface NewReview {
  record_key: string;
  row_number: number;
  person_id: string;
  reason: string;
  weight: number;
  explanation: unknown;
}

/** A pair already pending (the same export imported again) is pointed at the newest row rather than queued twice. */
export async function upsertReviews(db: Kysely<DB>, ctx: { importId: string; sourceId: string; now: Date }, reviews: readonly NewReview[]) {
  if (reviews.length === 0) return;
  await sql`
    INSERT INTO linkage_reviews (source_id, record_key, import_id, row_number, person_id, jurisdiction_path, reason, weight, explanation, status, created_at)
    SELECT ${ctx.sourceId}, r.record_key, ${ctx.importId}::uuid, r.row_number, r.person_id, p.jurisdiction_path, r.reason, r.weight, r.explanation, 'pending', ${ctx.now}
    FROM ${recordset(reviews, { record_key: 'text', row_number: 'integer', person_id: 'text', reason: 'text', weight: 'double precision', explanation: 'jsonb' })}
    JOIN people p ON p.id = r.person_id
    ON CONFLICT (source_id, record_key, person_id) WHERE status = 'pending'
    DO UPDATE SET import_id = EXCLUDED.import_id, row_number = EXCLUDED.row_number, weight = EXCLUDED.weight, explanation = EXCLUDED.explanation, reason = EXCLUDED.reason`.execute(db);
}

export interface NewCorrection {
  record_key: string;
  row_number: number;
  person_id: string | null;
  kind: CorrectionKind;
  field: string;
  value: string | null;
  suggestion: string | null;
  detail: string | null;
}

/** Placed where the person is, or in the import's jurisdiction for a row not (yet) linked to one. */
export async function insertCorrections(db: Kysely<DB>, ctx: { importId: string; sourceId: string; now: Date }, corrections: readonly NewCorrection[]) {
  if (corrections.length === 0) return;
  await sql`
    INSERT INTO linkage_corrections (source_id, record_key, import_id, row_number, person_id, jurisdiction_path, kind, field, value, suggestion, detail, created_at)
    SELECT ${ctx.sourceId}, r.record_key, ${ctx.importId}::uuid, r.row_number, r.person_id, coalesce(p.jurisdiction_path, i.jurisdiction_path), r.kind, r.field, r.value, r.suggestion, r.detail, ${ctx.now}
    FROM ${recordset(corrections, { record_key: 'text', row_number: 'integer', person_id: 'text', kind: 'text', field: 'text', value: 'text', suggestion: 'text', detail: 'text' })}
    JOIN imports i ON i.id = ${ctx.importId}::uuid
    LEFT JOIN people p ON p.id = r.person_id
    ON CONFLICT (source_id, record_key, kind) DO NOTHING`.execute(db);
}

/** What a merge moved in the linkage tables, so an unmerge puts it back exactly. */
export interface MovedLinkage {
  decisions: Array<{ import_id: string; row_number: number }>;
  candidates: Array<{ import_id: string; row_number: number }>;
  reviews: string[];
  corrections: string[];
  separations: Array<{ source_id: string; record_key: string }>;
  /** Separations the survivor already had: the merged person's copy is kept here until an unmerge. */
  droppedSeparations: Array<{ source_id: string; record_key: string; created_at: string; created_by: string | null }>;
}

/** Decisions, review pairs, corrections and separations naming the merged person now name the survivor. */
export async function moveLinkageToSurvivor(db: Kysely<DB>, move: { mergedId: string; survivorId: string }): Promise<MovedLinkage> {
  const { mergedId, survivorId } = move;
  const decisions = await sql<{ import_id: string; row_number: number }>`
    UPDATE linkage_decisions SET person_id = ${survivorId} WHERE person_id = ${mergedId} RETURNING import_id, row_number`.execute(db);
  const candidates = await sql<{ import_id: string; row_number: number }>`
    UPDATE linkage_decisions SET candidate_id = ${survivorId} WHERE candidate_id = ${mergedId} RETURNING import_id, row_number`.execute(db);
  const reviews = await sql<{ id: string }>`UPDATE linkage_reviews SET person_id = ${survivorId} WHERE person_id = ${mergedId} RETURNING id`.execute(db);
  const corrections = await sql<{ id: string }>`UPDATE linkage_corrections SET person_id = ${survivorId} WHERE person_id = ${mergedId} RETURNING id`.execute(db);
  const separations = await sql<{ source_id: string; record_key: string }>`
    UPDATE linkage_separations m SET person_id = ${survivorId}
    WHERE m.person_id = ${mergedId}
      AND NOT EXISTS (SELECT 1 FROM linkage_separations s WHERE s.source_id = m.source_id AND s.record_key = m.record_key AND s.person_id = ${survivorId})
    RETURNING m.source_id, m.record_key`.execute(db);
  const dropped = await sql<MovedLinkage['droppedSeparations'][number]>`
    DELETE FROM linkage_separations WHERE person_id = ${mergedId} RETURNING source_id, record_key, created_at::text AS created_at, created_by`.execute(db);
  return {
    decisions: decisions.rows,
    candidates: candidates.rows,
    reviews: reviews.rows.map((r) => r.id),
    corrections: corrections.rows.map((r) => r.id),
    separations: separations.rows,
    droppedSeparations: dropped.rows,
  };
}

export async function returnLinkageToMerged(db: Kysely<DB>, back: { mergedId: string; survivorId: string; moved: MovedLinkage }): Promise<void> {
  const { mergedId, survivorId, moved } = back;
  const keys = (rows: MovedLinkage['decisions']) => recordset(rows, { import_id: 'uuid', row_number: 'integer' });
  if (moved.decisions.length > 0) {
    await sql`UPDATE linkage_decisions d SET person_id = ${mergedId} FROM ${keys(moved.decisions)} WHERE d.import_id = r.import_id AND d.row_number = r.row_number`.execute(db);
  }
  if (moved.candidates.length > 0) {
    await sql`UPDATE linkage_decisions d SET candidate_id = ${mergedId} FROM ${keys(moved.candidates)} WHERE d.import_id = r.import_id AND d.row_number = r.row_number`.execute(db);
  }
  if (moved.reviews.length > 0) await sql`UPDATE linkage_reviews SET person_id = ${mergedId} WHERE id::text = ${anyText(moved.reviews)}`.execute(db);
  if (moved.corrections.length > 0) await sql`UPDATE linkage_corrections SET person_id = ${mergedId} WHERE id::text = ${anyText(moved.corrections)}`.execute(db);
  if (moved.separations.length > 0) {
    await sql`
      UPDATE linkage_separations s SET person_id = ${mergedId} FROM ${recordset(moved.separations, { source_id: 'text', record_key: 'text' })}
      WHERE s.source_id = r.source_id AND s.record_key = r.record_key AND s.person_id = ${survivorId}`.execute(db);
  }
  if (moved.droppedSeparations.length > 0) {
    await sql`
      INSERT INTO linkage_separations (source_id, record_key, person_id, created_at, created_by)
      SELECT source_id, record_key, ${mergedId}, created_at, created_by
      FROM ${recordset(moved.droppedSeparations, { source_id: 'text', record_key: 'text', created_at: 'timestamptz', created_by: 'uuid' })}`.execute(db);
  }
}
