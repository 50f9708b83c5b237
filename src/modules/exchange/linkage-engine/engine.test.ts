import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../../lib/id-number.js';
import { DEMO_REFERENCE_DATE, demoCommunities } from '../../demo/district.js';
import { departmentExportRows, readExportRow } from '../../demo/department-exports.js';
import { linkRecords } from './engine.js';
import { buildModel, PRIOR_M, type LevelProbabilities } from './model.js';
import type { LinkageRecord } from './types.js';

/** A fixed model with population-like u, so small hand-made cases decide as a real run would. */
const U: LevelProbabilities = {
  idNumber: [1e-12, 5e-7, 1 - 5e-7 - 1e-12],
  name: [8e-5, 5e-7, 5e-5, 4e-3, 1 - 8e-5 - 5e-7 - 5e-5 - 4e-3],
  birthDate: [4e-5, 4e-3, 1e-5, 1 - 4e-5 - 4e-3 - 1e-5],
  sex: [0.5, 0.5],
  phone: [1e-6, 8e-7, 1 - 1.8e-6],
  address: [2e-5, 1e-3, 2e-2, 1 - 2e-5 - 1e-3 - 2e-2],
};
const model = buildModel(PRIOR_M, U, 2.5e-6);

const id = (first17: string) => first17 + checkCharacter(first17);
const ZHANG = id('33010619850312123');
const LI = id('33010619900101222');
const WANG = id('33010219600505111');

const row = (sourceRowId: string, fields: Partial<LinkageRecord>): LinkageRecord => ({
  sourceRowId,
  source: sourceRowId.split(':')[0],
  name: '无名',
  ...fields,
});

const zhang = { name: '张伟', birthDate: '1985-03-12', sex: 'male' as const, phone: '13912345678' };

function personOf(result: ReturnType<typeof linkRecords>, records: LinkageRecord[]) {
  const index = new Map(records.map((r, i) => [r.sourceRowId, i]));
  return (rowId: string) => result.personOf[index.get(rowId) as number];
}

describe('linkRecords with a fixed model', () => {
  const records = [
    row('GA:1', { ...zhang, idNumber: ZHANG, address: '浙江省杭州市西湖区北山街道保俶路12号翠苑新村3幢2单元502室' }),
    row('WJ:1', { ...zhang, idNumber: ZHANG, name: '張偉' }),
    row('LD:1', { ...zhang, name: '章伟', address: '翠苑新村3幢2单元502室（保俶路12号）' }),
    row('MZ:1', { name: '张伟', birthDate: '1985-03-12', sex: 'male', idNumber: ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0') }),
    row('GA:2', { name: '李娜', birthDate: '1990-01-01', sex: 'female', idNumber: LI, phone: '13800000002' }),
    row('WJ:2', { name: '黎娜', birthDate: '1990-01-01' }),
    row('GA:3', { name: '王芳', birthDate: '1960-05-05', sex: 'female', idNumber: WANG }),
  ];
  const result = linkRecords(records, { model });
  const person = personOf(result, records);

  it('links records sharing a valid ID number, with exact_id evidence', () => {
    expect(person('WJ:1')).toBe(person('GA:1'));
    expect([...result.links()].find((l) => l.b === 'WJ:1')).toEqual({ a: 'GA:1', b: 'WJ:1', evidence: { method: 'exact_id' } });
  });

  it('links a homophone spelling with no ID number by its other fields, explaining each field', () => {
    expect(person('LD:1')).toBe(person('GA:1'));
    const link = [...result.links()].find((l) => l.a === 'LD:1' || l.b === 'LD:1');
    expect(link?.evidence.method).toBe('probabilistic');
    if (link?.evidence.method !== 'probabilistic') return;
    const { explanation } = link.evidence;
    expect(explanation.decision).toBe('link');
    expect(explanation.fields.map((f) => [f.field, f.level])).toContainEqual(['name', expect.stringMatching(/pinyin|exact/)]);
    expect(explanation.weight).toBeCloseTo(explanation.priorWeight + explanation.fields.reduce((s, f) => s + f.weight, 0), 10);
  });

  it('links a mistyped ID number to its person and reports it to the source', () => {
    expect(person('MZ:1')).toBe(person('GA:1'));
    expect(result.corrections).toContainEqual(
      expect.objectContaining({ source: 'MZ', sourceRowId: 'MZ:1', kind: 'id_number_invalid', suggestion: ZHANG }),
    );
  });

  it('sends a pair that is likely but not certain to the review queue', () => {
    expect(person('WJ:2')).not.toBe(person('GA:2'));
    expect(result.reviewQueue()).toEqual([expect.objectContaining({ a: 'GA:2', b: 'WJ:2', reason: 'uncertain' })]);
  });

  it('keeps unrelated people apart and counts the persons', () => {
    expect(person('GA:3')).not.toBe(person('GA:1'));
    expect(result.stats).toMatchObject({ records: 7, persons: 4, exactIdLinks: 1, em: null });
  });
});

describe('rules every run keeps', () => {
  it('never joins two valid ID numbers automatically: the pair goes to review', () => {
    const other = id('33010619850312145');
    const records = [row('GA:1', { ...zhang, idNumber: ZHANG }), row('WJ:1', { ...zhang, idNumber: other })];
    const [item] = linkRecords(records, { model }).reviewQueue();
    expect(item).toMatchObject({ a: 'GA:1', b: 'WJ:1', reason: 'conflicting_id_numbers' });
  });

  it('sends a strong pair whose birth dates differ entirely to review, naming the veto', () => {
    const mistyped = ZHANG.slice(0, 17) + (ZHANG[17] === '0' ? '1' : '0');
    const records = [row('GA:1', { ...zhang, idNumber: ZHANG }), row('WJ:1', { ...zhang, idNumber: mistyped, birthDate: '2015-08-20' })];
    const result = linkRecords(records, { model });
    const [item] = result.reviewQueue();
    expect(item.reason).toBe('contradicting_field');
    expect(item.explanation.veto).toEqual({ field: 'birthDate', level: 'different' });
    expect(result.stats.persons).toBe(2);
  });

  it('keeps apart what a steward separated, even records sharing an ID number', () => {
    const records = [row('GA:1', { ...zhang, idNumber: ZHANG }), row('WJ:1', { ...zhang, idNumber: ZHANG })];
    const result = linkRecords(records, { model, cannotLink: [['WJ:1', 'GA:1']] });
    expect(result.stats.persons).toBe(2);
    expect(result.reviewQueue()).toEqual([]);
  });

  it('joins what a steward linked, with steward evidence', () => {
    const records = [row('GA:1', { name: '张伟' }), row('WJ:1', { name: '李娜' })];
    const result = linkRecords(records, { model, stewardLinks: [['GA:1', 'WJ:1']] });
    expect(result.stats.persons).toBe(1);
    expect([...result.links()]).toEqual([{ a: 'GA:1', b: 'WJ:1', evidence: { method: 'steward' } }]);
  });

  it('refuses two rows with one sourceRowId', () => {
    expect(() => linkRecords([row('GA:1', {}), row('GA:1', {})], { model })).toThrow(/appears twice/);
  });
});

describe('linkRecords on noisy department exports, estimating its own model', () => {
  const records: LinkageRecord[] = [];
  const truth: string[] = [];
  const communities = demoCommunities().map((c) => ({ ...c, addressPrefix: '浙江省杭州市西湖区北山街道' }));
  for (const r of departmentExportRows({ seed: 'engine-test', people: 6000, communities, asOf: new Date(DEMO_REFERENCE_DATE) })) {
    records.push(readExportRow(r.department, r.cells, `${r.department}:${r.rowNumber}`));
    truth.push(r.personId);
  }
  const result = linkRecords(records, { randomPairs: 200_000 });

  it('reaches the precision and recall the platform promises', () => {
    const pairs = (k: number) => (k * (k - 1)) / 2;
    const pairCount = (keys: string[]) => {
      const counts = new Map<string, number>();
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
      return [...counts.values()].reduce((sum, c) => sum + pairs(c), 0);
    };
    const labels = Array.from(result.personOf, String);
    const correct = pairCount(labels.map((l, i) => `${l}|${truth[i]}`));
    expect(correct / pairCount(labels)).toBeGreaterThanOrEqual(0.99);
    expect(correct / pairCount(truth)).toBeGreaterThanOrEqual(0.97);
  });

  it('estimates a model in which agreement is evidence for and disagreement against', () => {
    expect(result.stats.em?.converged).toBe(true);
    for (const field of ['idNumber', 'name', 'birthDate', 'phone'] as const) {
      const levels = result.model.fields[field];
      expect(levels[0].weight, field).toBeGreaterThan(5);
      expect(levels[levels.length - 1].weight, field).toBeLessThan(0);
    }
  });

  it('is reproducible', () => {
    const again = linkRecords(records, { randomPairs: 200_000 });
    expect(again.model).toEqual(result.model);
    expect(again.personOf).toEqual(result.personOf);
  });
});
