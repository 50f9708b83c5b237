/**
 * Merging two registry persons a steward found to be one (two records of one
 * ID number, a pair the queue showed), undoing a merge, and their history.
 * Both persons must lie in the steward's jurisdiction; every merge and unmerge
 * is audited. Whatever names the merged person — facts and department records,
 * linkage decisions and review pairs, form submissions, the resident's account —
 * moves to the survivor, so nothing is left naming a person who is gone, and
 * goes back on an unmerge. Audit entries are never rewritten: they are found
 * under every id merged into a person (personIdsMergedInto).
 */
import { sql } from 'kysely';
import type { AppDeps } from '../../../app-deps.js';
import { authorize, recordRead, requireInScope, withinScope, type RequestContext, type Scope } from '../../../kernel/access/access.js';
import { errors } from '../../../kernel/errors.js';
import { auditChange } from '../../registry/audit.js';
import { loadCatalogue } from '../../registry/catalogue/repo.js';
import { moveSubmissionsToSurvivor, returnSubmissionsToMerged } from '../../forms/merged-subjects.js';
import { moveResidentsToSurvivor, returnResidentsToMerged } from '../../org/service.js';
import type { Disclosure } from '../../registry/disclosure.js';
import { mergeHistory, mergePeople, unmergePeople } from '../../registry/merges/merge-people.js';
import { disclosureFor } from '../../registry/person-reader.js';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import * as repo from './repo.js';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

/** What a merge moved outside the registry's own tables, for the unmerge to hand back. */
interface Elsewhere {
  linkage: repo.MovedLinkage;
  submissions: string[];
  residents: string[];
}

export async function mergePersons(deps: Deps, ctx: RequestContext, body: { survivorId: string; mergedId: string; reason: string }) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.merge', action: 'linkage.merge', target: { type: 'person', id: body.mergedId } });
  const people = await deps.db.selectFrom('people').select(['id', 'jurisdiction_path']).where('id', 'in', [body.survivorId, body.mergedId]).execute();
  for (const id of [body.survivorId, body.mergedId]) {
    const found = people.find((p) => p.id === id);
    if (!found) throw errors.notFound('person', id);
    await requireInScope(deps, ctx, scope, found.jurisdiction_path, { type: 'person', id, action: 'linkage.merge' });
  }
  const by = byOf(ctx);
  const catalogue = await loadCatalogue(deps.db);
  const mergeId = await deps.db.transaction().execute(async (trx) => {
    // Pairs queued against the merged person are moot: it is no longer a person of its own.
    await sql`UPDATE linkage_reviews SET status = 'withdrawn', decided_at = ${deps.clock.now()}, decided_by = ${by.id}, decided_by_name = ${by.name}, note = ${`merged into ${body.survivorId}`}
      WHERE person_id = ${body.mergedId} AND status = 'pending'`.execute(trx);
    const move = { mergedId: body.mergedId, survivorId: body.survivorId };
    const elsewhere: Elsewhere = {
      linkage: await repo.moveLinkageToSurvivor(trx, move),
      submissions: await moveSubmissionsToSurvivor(trx, move),
      residents: await moveResidentsToSurvivor(trx, move),
    };
    const merged = await mergePeople(trx, catalogue, { ...body, by, at: deps.clock.now(), elsewhere });
    await repo.refreshLinkKeys(trx, new NameKeyCache(), [body.survivorId]);
    await auditChange(trx, deps.clock, ctx, scope, {
      action: 'linkage.merge',
      targetType: 'person',
      targetIds: [body.survivorId, body.mergedId],
      purpose: 'data_quality',
      details: { merge: merged.mergeId, reason: body.reason },
    });
    return merged.mergeId;
  });
  return getMergeUnchecked(deps, scope, mergeId);
}

export async function unmergePersons(deps: Deps, ctx: RequestContext, mergeId: string, body: { reason: string }) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.merge', action: 'linkage.unmerge', target: { type: 'person_merge', id: mergeId } });
  await mergeInScope(deps, scope, mergeId);
  const by = byOf(ctx);
  await deps.db.transaction().execute(async (trx) => {
    const undone = await unmergePeople(trx, { mergeId, reason: body.reason, by, at: deps.clock.now() });
    const elsewhere = undone.elsewhere as Elsewhere | null;
    if (elsewhere) {
      await repo.returnLinkageToMerged(trx, { mergedId: undone.mergedId, survivorId: undone.survivorId, moved: elsewhere.linkage });
      await returnSubmissionsToMerged(trx, { mergedId: undone.mergedId, submissionIds: elsewhere.submissions });
      await returnResidentsToMerged(trx, { mergedId: undone.mergedId, userIds: elsewhere.residents });
    }
    await repo.refreshLinkKeys(trx, new NameKeyCache(), [undone.survivorId, undone.mergedId]);
    await auditChange(trx, deps.clock, ctx, scope, {
      action: 'linkage.unmerge',
      targetType: 'person',
      targetIds: [undone.survivorId, undone.mergedId],
      purpose: 'data_quality',
      details: { merge: mergeId, reason: body.reason },
    });
  });
  return getMergeUnchecked(deps, scope, mergeId);
}

export async function listMerges(deps: Deps, ctx: RequestContext, query: { personId?: string; limit: number; offset: number }) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.merge', action: 'linkage.merge.list' });
  const rows = await mergeHistory(deps.db, { personId: query.personId }).where(withinScope(scope, 'jurisdiction_path')).limit(query.limit).offset(query.offset).execute();
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'linkage.merge.list', targetType: 'person', targetIds: [...new Set(rows.flatMap((m) => [m.survivor_id, m.merged_id]))] });
  const disclosure = await disclosureFor(deps.db, scope, { listing: true });
  return rows.map((m) => presentMerge(m, disclosure));
}

export async function getMerge(deps: Deps, ctx: RequestContext, mergeId: string) {
  const scope = await authorize(deps, ctx, { permission: 'linkage.merge', action: 'linkage.merge.get', target: { type: 'person_merge', id: mergeId } });
  const merge = await mergeInScope(deps, scope, mergeId);
  await recordRead(deps.db, deps.clock, ctx, scope, { action: 'linkage.merge.get', targetType: 'person', targetIds: [merge.survivor_id, merge.merged_id] });
  return presentMerge(merge, await disclosureFor(deps.db, scope, { listing: false }));
}

async function mergeInScope(deps: Deps, scope: Scope, mergeId: string) {
  const row = await mergeHistory(deps.db, { mergeId }).where(withinScope(scope, 'jurisdiction_path')).executeTakeFirst();
  if (!row) throw errors.notFound('merge', mergeId);
  return row;
}

async function getMergeUnchecked(deps: Deps, scope: Scope, mergeId: string) {
  return presentMerge((await mergeHistory(deps.db, { mergeId }).executeTakeFirst())!, await disclosureFor(deps.db, scope, { listing: false }));
}

function byOf(ctx: RequestContext) {
  return { id: ctx.actor?.kind === 'user' ? ctx.actor.id : null, name: ctx.actor?.name ?? 'unknown' };
}

type MergeRow = Awaited<ReturnType<ReturnType<typeof mergeHistory>['executeTakeFirstOrThrow']>>;

/** Names as the caller's role and purpose may see them, as in registry search. */
function presentMerge(m: MergeRow, disclosure: Disclosure) {
  return {
    id: m.id,
    survivorId: m.survivor_id,
    survivorName: m.survivor_name === null ? null : disclosure.name(m.survivor_name),
    mergedId: m.merged_id,
    mergedName: m.merged_name === null ? null : disclosure.name(m.merged_name),
    reason: m.reason,
    mergedAt: m.merged_at.toISOString(),
    mergedBy: m.merged_by_name,
    unmergedAt: m.unmerged_at?.toISOString() ?? null,
    unmergedBy: m.unmerged_by_name,
    unmergeReason: m.unmerge_reason,
  };
}
