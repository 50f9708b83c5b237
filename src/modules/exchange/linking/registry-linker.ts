/**
 * The linker imports use: which registry person each department row is.
 *
 *   1. exact linkage on the normalised ID number;
 *   2. for the rest (no ID number, a mistyped one, or one the registry does not
 *      hold), registry persons sharing a blocking key with the row, scored with
 *      the Fellegi–Sunter comparison of the linkage engine and the import's
 *      model (estimated from a sample of the registry and the file once per
 *      import, stored with it): above the link threshold the row is linked,
 *      between the thresholds held for a data steward, below a new person;
 *   3. a row that would be a new person is scored, the same way, against the
 *      earlier rows of its chunk that became new persons and share a blocking
 *      key with it: above the link threshold it is that row's person, so two
 *      rows of one person without an ID number make one person, not two. (An
 *      uncertain pair within a chunk stays two persons: a steward's queue pairs
 *      a row with a registry person, and can merge the two later.)
 *
 * Once the chunk is applied, every decision is stored with its score and
 * explanation, review pairs are queued, what linking found wrong in the
 * department's data goes to its correction list, and the blocking keys of the
 * people written are refreshed.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../db/schema.js';
import { validateIdNumber } from '../../../lib/id-number.js';
import { currentClaimsOfField } from '../../registry/facts/repo.js';
import { anyText } from '../../registry/sql.js';
import { exactIdNumberLinker, type LinkCandidate, type LinkContext, type LinkDecision, type Linker, type LinkScore, type SettledRow } from '../import/linker.js';
import { differByOneTypo } from '../linkage-engine/comparison.js';
import type { LinkageModel } from '../linkage-engine/model.js';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import type { LinkageRecord, Sex } from '../linkage-engine/types.js';
import { linkKeys } from './keys.js';
import { importModel } from './model.js';
import * as repo from './repo.js';
import { judge, scoreCandidates, type ScoredCandidate } from './scoring.js';

/** Records of each side used to estimate an import's model. */
const SAMPLE_RECORDS = 20_000;

export function registryLinker(): Linker {
  const names = new NameKeyCache();
  const models = new Map<string, LinkageModel>();

  async function modelFor(db: Kysely<DB>, ctx: LinkContext): Promise<LinkageModel> {
    const cached = models.get(ctx.importId);
    if (cached) return cached;
    const stored = await repo.findModel(db, ctx.importId);
    let model = stored?.model as LinkageModel | undefined;
    if (!model) {
      // Persons loaded or changed by other paths (the initial load, field visits) get their keys first.
      await repo.refreshLinkKeys(db, names);
      const registry = await repo.registrySample(db, SAMPLE_RECORDS);
      const staged = await repo.stagedSample(db, ctx.importId, SAMPLE_RECORDS);
      const sample = [
        ...registry.people.map((p) => personRecord(p, 'registry')),
        ...staged.flatMap((r) => {
          const p = r.record.person!;
          const record = rowRecord(
            { row: r.row_number, source: ctx.sourceId, idNumber: (p['person.id_number'] as string) ?? null, suspectIdNumber: r.record.suspectIdNumber ?? null, name: (p['person.name'] as string) ?? null, birthDate: (p['person.birth_date'] as string) ?? null, sex: (p['person.sex'] as string) ?? null, phones: (p['person.phones'] as string[]) ?? [], address: r.record.dwelling?.address ?? null },
            `row:${r.row_number}`,
          );
          return record ? [record] : [];
        }),
      ];
      const estimated = importModel({ sample, fileRows: staged.length, registrySize: registry.size, seed: ctx.importId });
      await repo.saveModel(db, ctx.importId, estimated, ctx.now);
      model = estimated.model;
    }
    models.set(ctx.importId, model);
    return model;
  }

  return {
    async link(db, candidates, ctx) {
      if (!ctx) throw new Error('the registry linker needs the import it links for');
      const model = await modelFor(db, ctx);
      const decisions: LinkDecision[] = new Array(candidates.length);

      // Exact linkage on the ID number first; a row it finds nobody for is scored when it has a name.
      const byIdNumber = await exactIdNumberLinker.link(db, candidates);
      const toScore: number[] = [];
      candidates.forEach((c, i) => {
        if (byIdNumber[i].kind !== 'new') decisions[i] = byIdNumber[i];
        else if (c.name) toScore.push(i);
        else decisions[i] = { kind: 'new' };
      });

      const keysOf = new Map(toScore.map((i) => [i, linkKeys(keyedRow(candidates[i]), names)]));
      const byKey = await repo.personsByKeys(db, [...keysOf.values()].flat());
      const separated = await repo.separations(db, ctx.sourceId, toScore.map((i) => candidates[i].recordKey).filter((k): k is string => k !== undefined));
      const blocked = new Map<number, string[]>();
      for (const i of toScore) {
        const found = new Set(keysOf.get(i)!.flatMap((k) => byKey.get(`${k.kind}\u0000${k.key}`) ?? []));
        blocked.set(i, [...found].filter((id) => !separated.has(`${candidates[i].recordKey}\u0000${id}`)));
      }
      const persons = await repo.candidatePersons(db, [...new Set([...blocked.values()].flat())]);
      // Rows of this chunk that became new persons, by blocking key, for the rows after them.
      const newRowsByKey = new Map<string, number[]>();
      const sameAsEarlierRow = (i: number, row: LinkageRecord): LinkDecision | null => {
        const keys = keysOf.get(i)!.map((k) => `${k.kind}\u0000${k.key}`);
        // As in the registry, a key shared by too many rows (a placeholder phone) finds nobody in particular.
        const earlier = [...new Set(keys.flatMap((k) => ((newRowsByKey.get(k)?.length ?? 0) > repo.MAX_PERSONS_PER_KEY ? [] : (newRowsByKey.get(k) ?? []))))];
        const rows = earlier.map((j) => rowRecord(candidates[j], `${j}`)!);
        const verdict = judge(row, rows, scoreCandidates(model, row, rows, names));
        if (verdict.kind === 'link') {
          const j = Number(verdict.best.personId);
          return { kind: 'same_as_row', row: candidates[j].row, weight: round(verdict.best.weight), explanation: verdict.best.explanation };
        }
        for (const k of keys) newRowsByKey.set(k, [...(newRowsByKey.get(k) ?? []), i]);
        return null;
      };
      for (const i of toScore) {
        const row = rowRecord(candidates[i], `row:${candidates[i].row}`)!;
        const others = blocked.get(i)!.flatMap((id) => (persons.has(id) ? [personRecord(persons.get(id)!, 'registry')] : []));
        const verdict = judge(row, others, scoreCandidates(model, row, others, names));
        if (verdict.kind === 'link') {
          decisions[i] = { kind: 'existing', personId: verdict.best.personId, rule: 'probabilistic', score: scoreOf(verdict.best), jurisdictionPath: persons.get(verdict.best.personId)?.jurisdiction_path };
        }
        else if (verdict.kind === 'new') decisions[i] = sameAsEarlierRow(i, row) ?? { kind: 'new', best: verdict.best ? scoreOf(verdict.best) : null };
        else {
          decisions[i] = {
            kind: 'review',
            candidates: verdict.items.map((c) => c.personId),
            detail: `match weight ${verdict.items[0].weight.toFixed(1)} bits (${verdict.items[0].reason})`,
            scores: verdict.items.map((c) => ({ ...scoreOf(c), reason: c.reason })),
          };
        }
      }
      return decisions;
    },

    async settle(db, ctx, rows, people) {
      const kept = rows.filter((r) => r.status !== 'rejected' && r.candidate.recordKey);
      await repo.insertDecisions(db, ctx, kept.map(decisionOf));
      await repo.upsertReviews(
        db,
        ctx,
        kept.flatMap((r) =>
          r.decision.kind === 'review'
            ? (r.decision.scores ?? r.decision.candidates.map((personId) => ({ personId, weight: 0, explanation: { detail: (r.decision as { detail: string }).detail }, reason: 'same_id_number' }))).map((s) => ({
                record_key: r.candidate.recordKey!,
                row_number: r.candidate.row,
                person_id: s.personId,
                reason: s.reason ?? 'uncertain',
                weight: s.weight,
                explanation: s.explanation,
              }))
            : [],
        ),
      );
      await repo.insertCorrections(db, ctx, await corrections(db, kept));
      await repo.refreshLinkKeys(db, names, people);
    },
  };
}

function scoreOf(c: ScoredCandidate): LinkScore {
  return { personId: c.personId, weight: round(c.weight), explanation: c.explanation };
}

function round(weight: number): number {
  return Math.round(weight * 1000) / 1000;
}

function decisionOf(r: SettledRow): repo.NewDecision {
  const base = { row_number: r.candidate.row, record_key: r.candidate.recordKey!, person_id: r.personId };
  const d = r.decision;
  if (d.kind === 'existing' && d.rule === 'id_number') return { ...base, outcome: 'exact_id', candidate_id: d.personId, weight: null, explanation: null };
  if (d.kind === 'existing') return { ...base, outcome: 'linked', candidate_id: d.personId, weight: d.score?.weight ?? null, explanation: d.score?.explanation ?? null };
  if (d.kind === 'review') {
    const best = d.scores?.[0];
    return { ...base, outcome: 'review', candidate_id: best?.personId ?? d.candidates[0] ?? null, weight: best?.weight ?? null, explanation: best?.explanation ?? { detail: d.detail } };
  }
  if (d.kind === 'same_as_row') return { ...base, outcome: 'linked', candidate_id: r.personId, weight: d.weight, explanation: { sameAsRow: d.row, ...(d.explanation as object) } };
  return { ...base, outcome: 'new', candidate_id: d.best?.personId ?? null, weight: d.best?.weight ?? null, explanation: d.best?.explanation ?? null };
}

/**
 * 校核纠错: an ID number failing its check character (with the linked person's
 * number as the suggestion when it is one typo away); a birth date the ID number
 * contradicts; a person this source registers in one dwelling and another
 * source (or record) in a different one.
 */
async function corrections(db: Kysely<DB>, rows: readonly SettledRow[]): Promise<repo.NewCorrection[]> {
  const out: repo.NewCorrection[] = [];
  // The linked person's ID number matters only to a row whose own is mistyped.
  const personIds = [...new Set(rows.filter((r) => r.candidate.suspectIdNumber).map((r) => r.personId ?? linkedCandidate(r)).filter((id): id is string => id !== null))];
  const people = personIds.length === 0 ? [] : await db.selectFrom('people').select(['id', 'id_number']).where(sql<boolean>`id = ${anyText(personIds)}`).execute();
  const idNumberOf = new Map(people.map((p) => [p.id, p.id_number]));
  const registered = rows.filter((r) => r.status === 'applied' && r.personId && r.candidate.registeredThere && r.candidate.dwellingId);
  const claims = registered.length === 0 ? [] : await currentClaimsOfField(db, [...new Set(registered.map((r) => r.personId!))], 'person.registered_dwelling');
  const claimsOf = new Map<string, typeof claims>();
  for (const claim of claims) claimsOf.set(claim.entityId, [...(claimsOf.get(claim.entityId) ?? []), claim]);
  const otherDwellings = [...new Set(claims.map((c) => String(c.value)))];
  const addresses = new Map(
    (otherDwellings.length === 0 ? [] : await db.selectFrom('dwellings').select(['id', 'address']).where(sql<boolean>`id = ${anyText(otherDwellings)}`).execute()).map((d) => [d.id, d.address]),
  );

  for (const r of rows) {
    const c = r.candidate;
    const personId = r.personId ?? linkedCandidate(r);
    const personIdNumber = personId ? (idNumberOf.get(personId) ?? null) : null;
    const base = { record_key: c.recordKey!, row_number: c.row, person_id: personId };
    if (c.suspectIdNumber) {
      const check = validateIdNumber(c.suspectIdNumber);
      out.push({
        ...base,
        kind: 'id_number_invalid',
        field: 'person.id_number',
        value: c.suspectIdNumber,
        suggestion: personIdNumber && differByOneTypo(c.suspectIdNumber, personIdNumber) ? personIdNumber : null,
        detail: check.ok ? null : check.reason,
      });
    }
    const idNumber = c.idNumber ?? (c.suspectIdNumber ? personIdNumber : null);
    if (idNumber && c.birthDate?.length === 10 && validateIdNumber(idNumber).ok) {
      const encoded = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
      if (c.birthDate !== encoded) out.push({ ...base, kind: 'birth_date_conflicts_with_id', field: 'person.birth_date', value: c.birthDate, suggestion: encoded, detail: null });
    }
  }
  for (const r of registered) {
    const elsewhere = (claimsOf.get(r.personId!) ?? []).filter((cl) => String(cl.value) !== r.candidate.dwellingId);
    if (elsewhere.length === 0) continue;
    out.push({
      record_key: r.candidate.recordKey!,
      row_number: r.candidate.row,
      person_id: r.personId,
      kind: 'registered_in_two_dwellings',
      field: 'dwelling.address',
      value: r.candidate.address,
      suggestion: null,
      detail: elsewhere.map((cl) => `${cl.sourceId}: ${addresses.get(String(cl.value)) ?? String(cl.value)}`).join('; '),
    });
  }
  return out;
}

/** The person a held row would be, for placing its corrections. */
function linkedCandidate(r: SettledRow): string | null {
  return r.decision.kind === 'review' ? (r.decision.scores?.[0]?.personId ?? r.decision.candidates[0] ?? null) : null;
}

function keyedRow(c: LinkCandidate) {
  return { name: c.name ?? '', birthDate: c.birthDate, phones: c.phones, dwellingId: c.dwellingId ?? null, idNumber: c.idNumber ?? c.suspectIdNumber ?? null };
}

function rowRecord(c: LinkCandidate, id: string): LinkageRecord | null {
  if (!c.name) return null;
  const idNumber = c.idNumber ?? c.suspectIdNumber ?? undefined;
  return {
    sourceRowId: id,
    source: c.source,
    name: c.name,
    ...(idNumber ? { idNumber } : {}),
    ...(c.birthDate?.length === 10 ? { birthDate: c.birthDate } : {}),
    ...(c.sex === 'male' || c.sex === 'female' ? { sex: c.sex as Sex } : {}),
    ...(c.phones[0] ? { phone: c.phones[0] } : {}),
    ...(c.address ? { address: c.address } : {}),
  };
}

function personRecord(p: repo.CandidatePerson, source: string): LinkageRecord {
  return {
    sourceRowId: p.id,
    source,
    name: p.name,
    ...(p.id_number ? { idNumber: p.id_number } : {}),
    ...(p.birth_date ? { birthDate: p.birth_date } : {}),
    ...(p.sex === 'male' || p.sex === 'female' ? { sex: p.sex as Sex } : {}),
    ...(p.phone ? { phone: p.phone } : {}),
    ...(p.address ? { address: p.address } : {}),
  };
}
