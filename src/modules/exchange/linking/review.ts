/**
 * The data steward's review queue: pairs of a held department row and a
 * registry person the linker was unsure about, shown side by side with the
 * score's explanation, and decided "same person" (the row is applied to that
 * person) or "not the same" (the pair is never proposed again; when no other
 * candidate is left, the row becomes a new person).
 */
import { sql, type Kysely } from 'kysely';
import type { AppDeps } from '../../../app-deps.js';
import type { DB } from '../../../db/schema.js';
import { authorize, recordRead, withinScope, type RequestContext, type Scope } from '../../../kernel/access/access.js';
import { errors } from '../../../kernel/errors.js';
import { auditChange } from '../../registry/audit.js';
import type { Disclosure } from '../../registry/disclosure.js';
import { disclosureFor } from '../../registry/person-reader.js';
import { applyHeldRow } from '../import/apply-held.js';
import type { StagedRecord } from '../import/map-row.js';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import * as repo from './repo.js';
import type { ReviewStatus } from './schema.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

interface ReviewRow {
  id: string;
  status: ReviewStatus;
  reason: string;
  weight: number;
  explanation: { fields?: Array<{ field: string; level: string | null; weight: number; countedWith?: string }>; priorWeight?: number; probability?: number; decision?: string; veto?: unknown; detail?: string };
  source_id: string;
  source_name: string;
  import_id: string;
  row_number: number;
  record_key: string;
  person_id: string;
  created_at: Date;
  decided_at: Date | null;
  decided_by_name: string | null;
  note: string | null;
  record: StagedRecord | null;
  p_name: string | null;
  p_id_number: string | null;
  p_birth_date: string | null;
  p_sex: string | null;
  p_phone: string | null;
  p_address: string | null;
}

const SELECT_REVIEWS = sql`
  SELECT r.id, r.status, r.reason, r.weight, r.explanation, r.source_id, s.name AS source_name, r.import_id, r.row_number, r.record_key, r.person_id,
         r.created_at, r.decided_at, r.decided_by_name, r.note, ir.record,
         p.name AS p_name, p.id_number AS p_id_number, p.birth_date::text AS p_birth_date, p.sex AS p_sex, p.phone AS p_phone, d.address AS p_address
  FROM linkage_reviews r
  JOIN data_sources s ON s.id = r.source_id
  LEFT JOIN import_rows ir ON ir.import_id = r.import_id AND ir.row_number = r.row_number
  LEFT JOIN people p ON p.id = r.person_id
  LEFT JOIN dwellings d ON d.id = p.dwelling_id`;

export async function listReviews(deps: Deps, ctx: RequestContext, query: { status: ReviewStatus; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.review', action: 'linkage.review.list', needsPurpose: true });
  const rows = await sql<ReviewRow>`${SELECT_REVIEWS}
    WHERE r.status = ${query.status} AND ${withinScope(scope, 'r.jurisdiction_path')}
    ORDER BY r.weight DESC, r.created_at, r.id LIMIT ${query.limit} OFFSET ${query.offset}`.execute(deps.db);
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'linkage.review.list', targetType: 'person', targetIds: [...new Set(rows.rows.map((r) => r.person_id))] });
  const disclosure = await disclosureFor(deps.db, scope, { listing: true });
  return rows.rows.map((r) => presentReview(r, disclosure));
}

export async function getReview(deps: Deps, ctx: RequestContext, id: string) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.review', action: 'linkage.review.get', needsPurpose: true, target: { type: 'linkage_review', id } });
  const row = await reviewInScope(deps.db, scope, id);
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'linkage.review.get', targetType: 'person', targetIds: [row.person_id] });
  return presentReview(row, await disclosureFor(deps.db, scope, { listing: false }));
}

export type ReviewVerdict = 'same' | 'different';

export async function decideReview(deps: Deps, ctx: RequestContext, id: string, body: { decision: ReviewVerdict; note?: string }) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.review', action: 'linkage.review.decide', target: { type: 'linkage_review', id } });
  const by = { id: ctx.actor?.kind === 'user' ? ctx.actor.id : null, name: ctx.actor?.name ?? 'unknown' };
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const item = await reviewInScope(trx, scope, id);
    if (item.status !== 'pending') throw errors.conflict('linkage.review_decided', `Review ${id} was decided already (${item.status})`);
    await sql`SELECT id FROM linkage_reviews WHERE id = ${id}::uuid FOR UPDATE`.execute(trx);
    const mark = (status: ReviewStatus, where: ReturnType<typeof sql>) =>
      sql`UPDATE linkage_reviews SET status = ${status}, decided_at = ${now}, decided_by = ${by.id}, decided_by_name = ${by.name}, note = ${body.note ?? null} WHERE ${where}`.execute(trx);
    const sameRecord = sql`source_id = ${item.source_id} AND record_key = ${item.record_key} AND status = 'pending'`;
    let personId: string | null;
    if (body.decision === 'same') {
      const applied = await applyHeldRow(trx, { importId: item.import_id, rowNumber: item.row_number, personId: item.person_id, now });
      if (applied.status !== 'applied') throw errors.conflict('linkage.cannot_apply', `Row ${item.row_number} cannot be applied to person ${item.person_id}: ${applied.issues.map((i) => i.code).join(', ')}`);
      personId = applied.personId;
      await mark('same', sql`id = ${id}::uuid`);
      // The row is that person: its other candidates are moot.
      await mark('withdrawn', sameRecord);
    } else {
      await mark('different', sql`id = ${id}::uuid`);
      await trx
        .insertInto('linkage_separations')
        .values({ source_id: item.source_id, record_key: item.record_key, person_id: item.person_id, created_at: now, created_by: by.id })
        .onConflict((oc) => oc.columns(['source_id', 'record_key', 'person_id']).doNothing())
        .execute();
      const others = await trx.selectFrom('linkage_reviews').select('id').where('source_id', '=', item.source_id).where('record_key', '=', item.record_key).where('status', '=', 'pending').execute();
      personId = null;
      if (others.length === 0) {
        const applied = await applyHeldRow(trx, { importId: item.import_id, rowNumber: item.row_number, personId: null, now });
        personId = applied.personId;
      }
    }
    if (personId) {
      await repo.insertDecisions(trx, { importId: item.import_id, sourceId: item.source_id, now }, [
        { row_number: item.row_number, record_key: item.record_key, outcome: body.decision === 'same' ? 'steward_linked' : 'steward_new', person_id: personId, candidate_id: item.person_id, weight: item.weight, explanation: item.explanation },
      ]);
      await sql`UPDATE linkage_decisions SET decided_by = ${by.id} WHERE import_id = ${item.import_id}::uuid AND row_number = ${item.row_number}`.execute(trx);
      await repo.refreshLinkKeys(trx, new NameKeyCache(), [personId]);
    }
    await auditChange(trx, deps.clock, ctx, scope, {
      action: 'linkage.review.decide',
      targetType: 'person',
      targetIds: [...new Set([item.person_id, ...(personId ? [personId] : [])])],
      purpose: 'data_quality',
      details: { review: id, decision: body.decision, import: item.import_id, row: item.row_number, note: body.note ?? null },
    });
    return { personId };
  });
  return { ...(await getReviewUnchecked(deps.db, id, await disclosureFor(deps.db, scope, { listing: false }))), appliedTo: outcome.personId };
}

async function reviewInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<ReviewRow> {
  const row = (await sql<ReviewRow>`${SELECT_REVIEWS} WHERE r.id = ${id}::uuid AND ${withinScope(scope, 'r.jurisdiction_path')}`.execute(db)).rows[0];
  // Outside the scope is answered like a review that does not exist: no probing across communities.
  if (!row) throw errors.notFound('linkage_review', id);
  return row;
}

async function getReviewUnchecked(db: Kysely<DB>, id: string, disclosure: Disclosure) {
  return presentReview((await sql<ReviewRow>`${SELECT_REVIEWS} WHERE r.id = ${id}::uuid`.execute(db)).rows[0], disclosure);
}

const FIELD_NAMES = { idNumber: 'person.id_number', name: 'person.name', birthDate: 'person.birth_date', sex: 'person.sex', phone: 'person.phones', address: 'dwelling.address' } as const;

/**
 * The pair side by side: per field, the row's value, the person's, the
 * agreement level and what it counted; both sides masked as the caller's role
 * and purpose would see them on a search or person page.
 */
export function presentReview(r: ReviewRow, disclosure: Disclosure) {
  const person = r.record?.person ?? {};
  const recordValues: Record<string, string | null> = {
    idNumber: (person['person.id_number'] as string | undefined) ?? r.record?.suspectIdNumber ?? null,
    name: (person['person.name'] as string | undefined) ?? null,
    birthDate: (person['person.birth_date'] as string | undefined) ?? null,
    sex: (person['person.sex'] as string | undefined) ?? null,
    phone: ((person['person.phones'] as string[] | undefined) ?? [])[0] ?? null,
    address: r.record?.dwelling?.address ?? null,
  };
  const personValues: Record<string, string | null> = { idNumber: r.p_id_number, name: r.p_name, birthDate: r.p_birth_date, sex: r.p_sex, phone: r.p_phone, address: r.p_address };
  const evidence = new Map((r.explanation.fields ?? []).map((f) => [f.field, f]));
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    weight: r.weight,
    probability: r.explanation.probability ?? null,
    priorWeight: r.explanation.priorWeight ?? null,
    veto: r.explanation.veto ?? null,
    detail: r.explanation.detail ?? null,
    source: { id: r.source_id, name: r.source_name },
    importId: r.import_id,
    row: r.row_number,
    recordKey: r.record_key,
    personId: r.person_id,
    personExists: r.p_name !== null,
    comparison: (Object.keys(FIELD_NAMES) as Array<keyof typeof FIELD_NAMES>).map((field) => ({
      field,
      registryField: FIELD_NAMES[field],
      record: shown(disclosure, FIELD_NAMES[field], recordValues[field]),
      person: shown(disclosure, FIELD_NAMES[field], personValues[field]),
      level: evidence.get(field)?.level ?? null,
      weight: evidence.get(field)?.weight ?? 0,
      countedWith: evidence.get(field)?.countedWith ?? null,
    })),
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decided_by_name,
    note: r.note,
  };
}

function shown(disclosure: Disclosure, field: string, value: string | null): string | null {
  if (value === null) return null;
  if (field === 'person.name') return disclosure.name(value);
  return String(disclosure.value(field, value));
}
