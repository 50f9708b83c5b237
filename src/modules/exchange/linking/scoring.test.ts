import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../../lib/id-number.js';
import { matchProbability, PRIOR_M } from '../linkage-engine/model.js';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import type { LinkageRecord } from '../linkage-engine/types.js';
import { DEFAULT_POPULATION_U, importModel } from './model.js';
import { judge, scoreCandidates } from './scoring.js';

const names = new NameKeyCache();
const { model, estimated } = importModel({ sample: [], fileRows: 0, registrySize: 20_000, seed: 'test' });

const SUN: LinkageRecord = {
  sourceRowId: 'P1',
  source: 'registry',
  idNumber: '330106196701080208',
  name: '孙美玲',
  birthDate: '1967-01-08',
  sex: 'female',
  phone: '13705710012',
  address: '浙江省杭州市西湖区北山街道宝石二路8号宝石新村7幢1单元201室',
};
const row = (fields: Partial<LinkageRecord>): LinkageRecord => ({ sourceRowId: 'row:1', source: 'civil', name: '孙美玲', ...fields });
const verdictOf = (r: LinkageRecord, persons: LinkageRecord[] = [SUN]) => judge(r, persons, scoreCandidates(model, r, persons, names));

describe('the default model, used when there is too little data to estimate', () => {
  it('is not estimated, and its prior is one person among the registry', () => {
    expect(estimated).toBe(false);
    expect(model.lambda).toBeCloseTo(1 / 20_000);
    expect(model.priorWeight).toBeCloseTo(Math.log2(1 / 19_999));
    expect(model.fields.birthDate[0].u).toBe(DEFAULT_POPULATION_U.birthDate[0]);
  });
});

describe('scoring a row against registry persons', () => {
  it('explains a score: the prior plus each field’s weight, log2(m/u) of its level', () => {
    const [scored] = scoreCandidates(model, row({ birthDate: '1967-01-08', sex: 'female' }), [SUN], names);
    const byField = Object.fromEntries(scored.explanation.fields.map((f) => [f.field, f]));
    expect(byField.name).toMatchObject({ level: 'exact', weight: model.fields.name[0].weight });
    expect(byField.birthDate).toMatchObject({ level: 'exact', weight: Math.log2(model.fields.birthDate[0].m / model.fields.birthDate[0].u) });
    // Fields the row does not have are no evidence either way.
    expect(byField.phone).toMatchObject({ level: null, weight: 0 });
    expect(byField.idNumber).toMatchObject({ level: null, weight: 0 });
    const sum = scored.explanation.fields.reduce((s, f) => s + f.weight, model.priorWeight);
    expect(scored.weight).toBeCloseTo(sum);
    expect(scored.explanation.probability).toBeCloseTo(matchProbability(sum));
  });

  it('links a row with a mistyped ID number to the person it names', () => {
    const verdict = verdictOf(row({ idNumber: '330106196701080209', birthDate: '1967-01-08', sex: 'female' }));
    expect(verdict.kind).toBe('link');
    const best = (verdict as { best: { weight: number; explanation: { fields: Array<{ field: string; level: string | null; weight: number }> } } }).best;
    expect(best.weight).toBeGreaterThanOrEqual(model.rules.link);
    expect(best.explanation.fields.find((f) => f.field === 'idNumber')).toMatchObject({ level: 'one_off' });
    expect(best.explanation.fields.find((f) => f.field === 'idNumber')!.weight).toBeGreaterThan(10);
  });

  it('holds a borderline row (a homophone name, a birth date a digit off, the same flat) for review', () => {
    const r = row({ name: '孙美林', birthDate: '1967-01-18', address: '宝石新村7幢1单元201室' });
    const [scored] = scoreCandidates(model, r, [SUN], names);
    expect(scored.weight).toBeLessThan(model.rules.link);
    expect(scored.weight).toBeGreaterThanOrEqual(model.rules.review);
    expect(verdictOf(r)).toMatchObject({ kind: 'review', items: [{ personId: 'P1', reason: 'uncertain' }] });
  });

  it('makes a new person of a row below the review threshold, keeping the best score', () => {
    const verdict = verdictOf(row({ name: '孙建国', birthDate: '1990-05-05', sex: 'male' }));
    expect(verdict).toMatchObject({ kind: 'new', best: { personId: 'P1' } });
    expect((verdict as { best: { weight: number } }).best.weight).toBeLessThan(model.rules.review);
  });

  it('never links two different valid ID numbers automatically: a strong pair goes to review', () => {
    const verdict = verdictOf(row({ idNumber: '330106196701080216', birthDate: '1967-01-08', sex: 'female', phone: '13705710012', address: SUN.address }));
    expect(verdict).toMatchObject({ kind: 'review', items: [{ personId: 'P1', reason: 'conflicting_id_numbers' }] });
  });

  it('asks the steward when two persons both score above the link threshold', () => {
    const twin = { ...SUN, sourceRowId: 'P2', idNumber: undefined };
    const sunWithoutId = { ...SUN, idNumber: undefined };
    const verdict = verdictOf(row({ birthDate: '1967-01-08', sex: 'female', phone: '13705710012' }), [sunWithoutId, twin]);
    expect(verdict).toMatchObject({ kind: 'review', items: [{ reason: 'several_candidates' }, { reason: 'several_candidates' }] });
  });

  it('sends a strong pair whose birth dates differ entirely to review, naming the veto', () => {
    const verdict = verdictOf(row({ idNumber: '330106196701080209', birthDate: '1980-12-30', sex: 'female', phone: '13705710012' }));
    expect(verdict).toMatchObject({ kind: 'review', items: [{ reason: 'contradicting_field', explanation: { veto: { field: 'birthDate', level: 'different' } } }] });
  });
});

describe('estimating an import’s model', () => {
  const person = (i: number, copy: number): LinkageRecord => {
    const birth = new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    return {
      sourceRowId: `${copy}:${i}`,
      source: copy === 0 ? 'registry' : 'file',
      name: `${'王李张刘陈杨黄赵吴周'[i % 10]}${'伟芳娜敏静丽强磊军洋'[Math.floor(i / 10) % 10]}${'一二三四五六七八九十'[Math.floor(i / 100) % 10]}`,
      birthDate: birth,
      sex: i % 2 === 0 ? 'male' : 'female',
      phone: `139${String(10_000_000 + i)}`,
      address: `宝石新村${1 + (i % 30)}幢1单元${101 + (i % 7)}室`,
    };
  };

  it('uses the defaults when nothing in the sample is known to be one person', () => {
    const sample = Array.from({ length: 1200 }, (_, i) => person(i, 1));
    const result = importModel({ sample, fileRows: 1200, registrySize: 0, seed: 't' });
    expect(result).toMatchObject({ estimated: false, details: { why: expect.stringContaining('known to be one person') } });
  });

  it('estimates m and u from a sample where the file meets the registry, with the prior set by the registry’s size', () => {
    const withId = (r: LinkageRecord, i: number): LinkageRecord => {
      const first17 = `330106${r.birthDate!.replace(/-/g, '')}${String(100 + (i % 900)).slice(0, 3)}`;
      return { ...r, idNumber: first17 + checkCharacter(first17) };
    };
    const sample = [...Array.from({ length: 800 }, (_, i) => withId(person(i, 0), i)), ...Array.from({ length: 700 }, (_, i) => withId(person(i, 1), i))];
    const result = importModel({ sample, fileRows: 700, registrySize: 50_000, seed: 't' });
    expect(result.estimated).toBe(true);
    expect(result.model.lambda).toBeCloseTo(1 / 50_000);
    // Learnt from the data: agreeing on the name is evidence for, disagreeing evidence against.
    expect(result.model.fields.name[0].weight).toBeGreaterThan(0);
    expect(result.model.fields.name[4].weight).toBeLessThan(0);
    expect(result.model.fields.birthDate[0].m).not.toBe(PRIOR_M.birthDate[0]);
  });
});
