/**
 * A record's fields as its page shows them: the current value, which source it
 * came from and why that source won (the field's declared rule), and what other
 * sources say when they disagree. Computed from the record's facts with the
 * same survivorship the write path uses, so the page explains the registry
 * row rather than a second opinion about it.
 */
import type { Catalogue, FieldDefinition } from './catalogue/catalogue.js';
import { currentOf, isLater, type StatementHistoryRow, type StoredClaim } from './facts/repo.js';
import { survive, valuesAgree, type SurvivalReason } from './facts/survivorship.js';
import type { Projection, ProjectedRecord } from './projections/projection.js';
import type { EntityType, FactValue } from './schema.js';

export interface SourceView {
  id: string;
  name: string;
  kind: string;
  department: { code: string; name: string } | null;
}

export interface Evidence {
  importId: string | null;
  fileName: string | null;
  row: number | null;
  submissionId: string | null;
  recordedBy: string | null;
}

export interface ClaimView {
  value: FactValue;
  source: SourceView;
  observedAt: string;
  recordedAt: string;
  /** The field this value was read from, when the source did not state it. */
  derivedFrom: string | null;
  evidence: Evidence;
}

export interface FieldView {
  field: string;
  name: string;
  nameEn: string;
  sensitivity: FieldDefinition['sensitivity'];
  value: FactValue;
  /** Why this value: the only source, the most trusted source, the most recent, or every source's values together. */
  reason: SurvivalReason;
  /** The claim(s) the value comes from. */
  from: ClaimView[];
  /** Current claims of other sources that say something else. */
  disagreements: ClaimView[];
}

export interface HistoryEntry extends ClaimView {
  field: string;
  current: boolean;
  supersededAt: string | null;
}

type FactClaim = StoredClaim & { view: ClaimView };

export interface Origin {
  sourceId: string;
  source: SourceView;
  at: Date;
}

/**
 * The fields of one record that have a value: from its current facts, and for
 * values its row holds without facts, from its origin source.
 */
export function currentFields<S>(
  catalogue: Catalogue,
  entity: EntityType,
  statements: readonly StatementHistoryRow[],
  projection: Projection<S>,
  record: ProjectedRecord<S>,
  origin: Origin,
): FieldView[] {
  const current = new Map<string, FactClaim[]>();
  for (const claim of currentOf(claimsWithViews(statements))) current.set(claim.field, [...(current.get(claim.field) ?? []), claim]);
  const views: FieldView[] = [];
  for (const field of catalogue.fieldsOf(entity)) {
    if (!field.survivorship) continue;
    const claims = [...(current.get(field.key) ?? [])];
    const held = projection.fieldValue(record.state, field.key);
    if (held !== null && !claims.some((c) => c.sourceId === origin.sourceId)) {
      claims.push({
        factId: 0,
        entityId: record.id,
        field: field.key,
        value: held,
        sourceId: origin.sourceId,
        sourceKind: origin.source.kind,
        observedAt: origin.at,
        recordedAt: origin.at,
        view: { value: held, source: origin.source, observedAt: origin.at.toISOString(), recordedAt: origin.at.toISOString(), derivedFrom: null, evidence: NO_EVIDENCE },
      });
    }
    const survivor = survive({ survivorship: field.survivorship, trustedSources: field.trustedSources, type: field.type, multiple: field.multiple }, claims);
    if (!survivor) continue;
    views.push({
      field: field.key,
      name: field.name,
      nameEn: field.nameEn,
      sensitivity: field.sensitivity,
      value: survivor.value,
      reason: survivor.reason,
      from: survivor.from.map((c) => c.view),
      disagreements: field.multiple ? [] : survivor.ranked.filter((c) => !valuesAgree(field.type, c.value, survivor.value)).map((c) => c.view),
    });
  }
  return views;
}

/**
 * Every claim about the record, newest first: what each source said, and —
 * once the source said something else later — until when it stood.
 */
export function historyOf(statements: readonly StatementHistoryRow[]): HistoryEntry[] {
  const claims = claimsWithViews(statements);
  const bySourceField = new Map<string, FactClaim[]>();
  for (const c of claims) bySourceField.set(`${c.field}\u0000${c.sourceId}`, [...(bySourceField.get(`${c.field}\u0000${c.sourceId}`) ?? []), c]);
  const entries: Array<HistoryEntry & { order: FactClaim }> = [];
  for (const list of bySourceField.values()) {
    const ordered = [...list].sort((a, b) => (isLater(a, b) ? 1 : -1));
    ordered.forEach((claim, i) => {
      const next = ordered[i + 1];
      entries.push({ field: claim.field, ...claim.view, current: !next, supersededAt: next ? next.recordedAt.toISOString() : null, order: claim });
    });
  }
  return entries
    .sort((a, b) => b.order.recordedAt.getTime() - a.order.recordedAt.getTime() || b.order.factId - a.order.factId || a.field.localeCompare(b.field))
    .map(({ order: _order, ...entry }) => entry);
}

const NO_EVIDENCE: Evidence = { importId: null, fileName: null, row: null, submissionId: null, recordedBy: null };

function claimsWithViews(statements: readonly StatementHistoryRow[]): FactClaim[] {
  return statements.flatMap((s) => {
    const source: SourceView = {
      id: s.source_id,
      name: s.source_name,
      kind: s.source_kind,
      department: s.department_code ? { code: s.department_code, name: s.department_name! } : null,
    };
    const evidence: Evidence = { importId: s.import_id, fileName: s.import_file_name, row: s.import_row, submissionId: s.submission_id, recordedBy: s.recorded_by_name };
    return Object.entries(s.facts).map(([field, value]) => ({
      factId: s.id,
      entityId: s.entity_id,
      field,
      value,
      sourceId: s.source_id,
      sourceKind: s.source_kind,
      observedAt: s.observed_at,
      recordedAt: s.recorded_at,
      view: {
        value,
        source,
        observedAt: s.observed_at.toISOString(),
        recordedAt: s.recorded_at.toISOString(),
        derivedFrom: s.derived[field] ?? null,
        evidence,
      },
    }));
  });
}
