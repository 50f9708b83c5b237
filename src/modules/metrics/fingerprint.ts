/**
 * When do two departments' metrics compute the same thing? Each definition is
 * brought to a normal form — conditions merged (two age bounds become one
 * range, tag lists joined and sorted, a residence condition naming every
 * status dropped), sorted, ratios compared by what their parts compute rather
 * than by their codes — and hashed. Equal fingerprints: duplicates. Equal
 * names with different fingerprints: a conflict, two published figures under
 * one name that will not agree. Pure.
 */
import { createHash } from 'node:crypto';
import { RESIDENCE_STATUSES, type Condition, type MetricDefinition, type PersonCondition } from './definition.js';

type Normal = null | boolean | number | string | Normal[] | { [key: string]: Normal };

/** The normal form of a definition; ratio parts are given by their own fingerprints. */
export function normalise(definition: MetricDefinition, fingerprintOf: (code: string) => string): Normal {
  if (definition.kind === 'ratio') {
    return { kind: 'ratio', numerator: fingerprintOf(definition.numerator), denominator: fingerprintOf(definition.denominator), per: definition.per };
  }
  const timing: Normal = definition.timing.kind === 'point' ? { kind: 'point' } : { kind: 'period', event: definition.timing.event, age: definition.timing.age ?? null };
  const aggregate: Normal = { ...definition.aggregate };
  return { kind: 'measure', subject: definition.subject, timing, aggregate, where: normaliseConditions(definition.where) };
}

export function fingerprint(definition: MetricDefinition, fingerprintOf: (code: string) => string = (code) => code): string {
  return createHash('sha256').update(stableJson(normalise(definition, fingerprintOf))).digest('hex');
}

function normaliseConditions(conditions: readonly Condition[]): Normal[] {
  const out: Normal[] = [];
  let ageMin: number | undefined;
  let ageMax: number | undefined;
  let residence = null as Set<string> | null;
  const tagsAll = new Set<string>();
  const tagsNone = new Set<string>();
  const tagsAny: string[][] = [];
  for (const c of conditions) {
    switch (c.kind) {
      case 'age':
        if (c.min !== undefined) ageMin = Math.max(ageMin ?? 0, c.min);
        if (c.max !== undefined) ageMax = Math.min(ageMax ?? Infinity, c.max);
        break;
      case 'residence': {
        const given = new Set<string>(c.in);
        residence = residence ? new Set([...residence].filter((s) => given.has(s))) : given;
        break;
      }
      case 'tags':
        c.all?.forEach((t) => tagsAll.add(t));
        c.none?.forEach((t) => tagsNone.add(t));
        if (c.any?.length) {
          const any = [...new Set(c.any)].sort();
          // "Any of one tag" is "has the tag".
          if (any.length === 1) tagsAll.add(any[0]);
          else tagsAny.push(any);
        }
        break;
      case 'sex':
        out.push({ kind: 'sex', is: c.is });
        break;
      case 'field':
        out.push(normaliseField(c));
        break;
      case 'household':
        out.push({ kind: 'household', members: range(c.members) });
        break;
      case 'members':
      case 'occupants':
        out.push({
          kind: c.kind,
          count: c.count ? range(c.count) : null,
          any: c.any ? normaliseConditions(c.any) : null,
          all: c.all ? normaliseConditions(c.all) : null,
          none: c.none ? normaliseConditions(c.none) : null,
        });
        break;
    }
  }
  // "At least 0" only says the age is known, which an upper bound says already.
  if (ageMin === 0 && ageMax !== undefined) ageMin = undefined;
  if (ageMin !== undefined || ageMax !== undefined) out.push({ kind: 'age', min: ageMin ?? null, max: ageMax ?? null });
  // A residence condition admitting every status admits everyone.
  if (residence && residence.size < RESIDENCE_STATUSES.length) out.push({ kind: 'residence', in: [...residence].sort() });
  if (tagsAll.size || tagsNone.size || tagsAny.length) {
    out.push({ kind: 'tags', all: [...tagsAll].sort(), any: [...tagsAny].sort((a, b) => a.join().localeCompare(b.join())), none: [...tagsNone].sort() });
  }
  const unique = new Map(out.map((n) => [stableJson(n), n]));
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
}

function normaliseField(c: Extract<Condition | PersonCondition, { kind: 'field' }>): Normal {
  const values = (list: ReadonlyArray<string | number>) => [...new Set(list)].sort((a, b) => String(a).localeCompare(String(b)));
  if (c.in) return { kind: 'field', field: c.field, in: values(c.in) };
  if (c.notIn) return { kind: 'field', field: c.field, notIn: values(c.notIn) };
  if (c.known !== undefined) return { kind: 'field', field: c.field, known: c.known };
  return { kind: 'field', field: c.field, min: c.min ?? null, max: c.max ?? null };
}

function range(r: { min?: number; max?: number }): Normal {
  return { min: r.min ?? null, max: r.max ?? null };
}

/** JSON with object keys sorted, so equal values give equal text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** Names compared as people read them: full-width and half-width alike, spaces and punctuation ignored. */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

export interface MetricSummary {
  code: string;
  name: string;
  fingerprint: string;
  departmentId: string | null;
}

export interface Overlap {
  /** duplicate: the same computation under several metrics; conflict: one name, different computations. */
  kind: 'duplicate' | 'conflict';
  metrics: string[];
}

/** Duplicates (same fingerprint) and conflicts (same name, different fingerprints) among the metrics' current versions. */
export function findOverlaps(metrics: readonly MetricSummary[]): Overlap[] {
  const overlaps: Overlap[] = [];
  const byFingerprint = groupBy(metrics, (m) => m.fingerprint);
  for (const group of byFingerprint.values()) if (group.length > 1) overlaps.push({ kind: 'duplicate', metrics: group.map((m) => m.code).sort() });
  const byName = groupBy(metrics, (m) => normaliseName(m.name));
  for (const group of byName.values()) {
    if (new Set(group.map((m) => m.fingerprint)).size > 1) overlaps.push({ kind: 'conflict', metrics: group.map((m) => m.code).sort() });
  }
  return overlaps.sort((a, b) => a.kind.localeCompare(b.kind) || a.metrics[0].localeCompare(b.metrics[0]));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}
