/**
 * Reading a mapping profile (YAML, or JSON, which is YAML too) and checking it
 * against the schema and the catalogue. Every problem names its place in the
 * profile — `columns[3].values.男` — and the line it is on, so a steward can fix
 * the profile without guessing.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Catalogue } from '../../registry/catalogue/catalogue.js';
import { mappingProfileSchema, type ColumnRule, type MappingProfile } from './profile.js';

export interface ProfileIssue {
  /** Where in the profile: columns[3].values.男; empty for the whole document. */
  path: string;
  /** 1-based line in the profile text, when known. */
  line: number | null;
  message: string;
}

export type ProfileParse = { ok: true; profile: MappingProfile } | { ok: false; issues: ProfileIssue[] };

type PathSegment = string | number;

export function parseProfile(text: string, catalogue: Catalogue): ProfileParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, issues: doc.errors.map((e) => ({ path: '', line: e.linePos?.[0].line ?? null, message: e.message.split('\n')[0] })) };
  }
  const lineOf = (path: readonly PathSegment[]): number | null => {
    // A missing key has no line of its own: point at the nearest enclosing node that exists.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  const issue = (path: readonly PathSegment[], message: string): ProfileIssue => ({ path: formatPath(path), line: lineOf(path), message });

  const parsed = mappingProfileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => issue(i.path.filter((p): p is PathSegment => typeof p !== 'symbol'), i.message)) };
  }
  const problems = catalogueProblems(parsed.data, catalogue);
  if (problems.length > 0) return { ok: false, issues: problems.map((p) => issue(p.path, p.message)) };
  return { ok: true, profile: parsed.data };
}

/** columns[3].values.男 */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment), '');
}

/** What the schema cannot know: fields, codes and tags must exist in the catalogue, and fit where they are used. */
function catalogueProblems(profile: MappingProfile, catalogue: Catalogue): Array<{ path: PathSegment[]; message: string }> {
  const problems: Array<{ path: PathSegment[]; message: string }> = [];
  const singleTargets = new Map<string, number>();
  profile.columns.forEach((rule, index) => {
    const at = (...rest: PathSegment[]) => ['columns', index, ...rest];
    const targets = rule.field ? [{ key: rule.field, path: at('field') }] : (rule.split?.into ?? []).map((key, i) => ({ key, path: at('split', 'into', i) }));
    for (const target of targets) {
      const field = catalogue.field(target.key);
      if (!field) {
        const suggestion = closest(target.key, catalogue.fields.map((f) => f.key));
        problems.push({ path: target.path, message: `unknown field ${target.key}${suggestion ? ` (did you mean ${suggestion}?)` : ''}` });
        continue;
      }
      if (field.role === 'link') {
        problems.push({ path: target.path, message: `${target.key} links records: it is set by the import from the row's records (see links), not from a column` });
        continue;
      }
      if (rule.split && field.multiple) problems.push({ path: target.path, message: `${target.key} holds several values and cannot be one part of a split` });
      if (!field.multiple) {
        const earlier = singleTargets.get(target.key);
        if (earlier !== undefined) problems.push({ path: target.path, message: `${target.key} is already filled by columns[${earlier}]; it holds one value` });
        else singleTargets.set(target.key, index);
      }
    }
    const field = rule.field ? catalogue.field(rule.field) : undefined;
    if (!field) return;
    if (rule.dateFormats && field.type !== 'date') problems.push({ path: at('dateFormats'), message: `${field.key} is not a date field` });
    if (rule.separator && !field.multiple) problems.push({ path: at('separator'), message: `${field.key} holds one value: a separator applies only to fields with several` });
    for (const [from, to] of Object.entries(rule.values ?? {})) {
      if (to === null) continue;
      const problem = codeProblem(catalogue, field.key, field.type, field.codeList, to);
      if (problem) problems.push({ path: at('values', from), message: problem });
    }
    if (rule.constant !== undefined && !rule.values) {
      const problem = codeProblem(catalogue, field.key, field.type, field.codeList, rule.constant, true);
      if (problem) problems.push({ path: at('constant'), message: problem });
    }
  });
  const mapped = new Set(profile.columns.flatMap((r: ColumnRule) => (r.field ? [r.field] : (r.split?.into ?? []))));
  const mapsEntity = (entity: string) => [...mapped].some((k) => k.startsWith(`${entity}.`));
  if (profile.links.personDwelling.length > 0 && !(mapsEntity('person') && mapsEntity('dwelling'))) {
    problems.push({ path: ['links', 'personDwelling'], message: 'links a person to a dwelling, but the columns do not map both person and dwelling fields' });
  }
  if (profile.links.householdDwelling && !(mapsEntity('household') && mapsEntity('dwelling'))) {
    problems.push({ path: ['links', 'householdDwelling'], message: 'links a household to a dwelling, but the columns do not map both household and dwelling fields' });
  }
  if (profile.links.organisationDwelling && !(mapsEntity('organisation') && mapsEntity('dwelling'))) {
    problems.push({ path: ['links', 'organisationDwelling'], message: 'links an organisation to a dwelling, but the columns do not map both organisation and dwelling fields' });
  }
  if (mapsEntity('organisation') && !mapped.has('organisation.credit_code')) {
    problems.push({ path: ['columns'], message: 'organisations are identified by their unified social credit code: map organisation.credit_code' });
  }
  return problems;
}

/** Why `value` cannot be a value of the field (null when it can): codes and tags must be the catalogue's own. */
function codeProblem(catalogue: Catalogue, key: string, type: string, codeList: string | null, value: string, acceptSpellings = false): string | null {
  if (type === 'tag') {
    const tag = acceptSpellings ? catalogue.resolveTag(value) : catalogue.tag(value)?.code;
    return tag ? null : `${value} is not a tag of the dictionary (${catalogue.tags.map((t) => t.code).join(', ')})`;
  }
  if (!codeList) return null;
  const codes = catalogue.codes(codeList).map((c) => c.code);
  const code = acceptSpellings ? catalogue.resolveCode(codeList, value) : codes.find((c) => c === value);
  return code ? null : `${value} is not a code of ${key} (${codes.slice(0, 12).join(', ')}${codes.length > 12 ? ', …' : ''})`;
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a typo. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
