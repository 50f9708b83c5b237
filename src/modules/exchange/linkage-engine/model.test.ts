import { describe, expect, it } from 'vitest';
import { buildModel, decide, DEFAULT_RULES, explainComparison, explainPattern, matchProbability, patternTable, PRIOR_M, type LevelProbabilities } from './model.js';
import { comparisonToPattern, FIELDS, LEVELS, packPattern, PATTERN_COUNT, patternToComparison, type Comparison } from './types.js';

const U: LevelProbabilities = {
  idNumber: [1e-9, 1e-7, 1 - 1e-7 - 1e-9],
  name: [1e-4, 1e-6, 5e-5, 4e-3, 1 - 1e-4 - 1e-6 - 5e-5 - 4e-3],
  birthDate: [4e-5, 4e-3, 1e-5, 1 - 4e-5 - 4e-3 - 1e-5],
  sex: [0.5, 0.5],
  phone: [1e-6, 1e-6, 1 - 2e-6],
  address: [2e-5, 1e-3, 2e-2, 1 - 2e-5 - 1e-3 - 2e-2],
};
const LAMBDA = 2e-6;
const model = buildModel(PRIOR_M, U, LAMBDA);

const all = (overrides: Partial<Comparison>): Comparison => ({
  idNumber: null,
  name: 'exact',
  birthDate: 'exact',
  sex: 'same',
  phone: null,
  address: null,
  ...overrides,
});

describe('patterns', () => {
  it('pack and unpack every combination of levels', () => {
    for (let pattern = 0; pattern < PATTERN_COUNT; pattern += 37) {
      expect(comparisonToPattern(patternToComparison(pattern))).toBe(pattern);
    }
    expect(patternToComparison(packPattern([0, 2, -1, 1, -1, 3]))).toEqual({
      idNumber: 'exact', name: 'pinyin', birthDate: null, sex: 'different', phone: null, address: 'different',
    });
  });
});

describe('buildModel', () => {
  it('gives each level the weight log2(m/u) and the prior log2(λ/(1−λ))', () => {
    expect(model.fields.name[0].weight).toBeCloseTo(Math.log2(PRIOR_M.name[0] / U.name[0]), 10);
    expect(model.fields.phone[2].weight).toBeCloseTo(Math.log2(PRIOR_M.phone[2] / U.phone[2]), 10);
    expect(model.priorWeight).toBeCloseTo(Math.log2(LAMBDA / (1 - LAMBDA)), 10);
  });

  it('rejects impossible settings', () => {
    expect(() => buildModel(PRIOR_M, U, 0)).toThrow(RangeError);
    expect(() => buildModel(PRIOR_M, U, LAMBDA, { ...DEFAULT_RULES, review: 20, link: 10 })).toThrow(RangeError);
    expect(() => buildModel(PRIOR_M, U, LAMBDA, { ...DEFAULT_RULES, vetoes: [{ field: 'sex', level: 'unknown' }] })).toThrow(RangeError);
    expect(() => buildModel(PRIOR_M, U, LAMBDA, { ...DEFAULT_RULES, householdFields: [['phone'], ['phone', 'address']] })).toThrow(RangeError);
  });

  it('is plain data that survives a JSON round trip', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('explanations', () => {
  it('sum the prior and the fields’ weights, and name each field’s level', () => {
    const e = explainComparison(model, all({ name: 'pinyin', phone: 'different' }));
    const sum = model.priorWeight + model.fields.name[2].weight + model.fields.birthDate[0].weight + model.fields.sex[0].weight + model.fields.phone[2].weight;
    expect(e.weight).toBeCloseTo(sum, 10);
    expect(e.probability).toBeCloseTo(matchProbability(sum), 12);
    expect(e.fields.find((f) => f.field === 'name')).toEqual({ field: 'name', level: 'pinyin', weight: model.fields.name[2].weight });
  });

  it('give a missing field no weight', () => {
    const e = explainComparison(model, all({}));
    expect(e.fields.find((f) => f.field === 'idNumber')).toEqual({ field: 'idNumber', level: null, weight: 0 });
  });

  it('count phone and address once when both agree, as relatives share both', () => {
    const e = explainComparison(model, all({ phone: 'exact', address: 'same_dwelling' }));
    const phone = e.fields.find((f) => f.field === 'phone')!;
    const address = e.fields.find((f) => f.field === 'address')!;
    expect(phone.weight).toBeCloseTo(model.fields.phone[0].weight, 10);
    expect(address).toEqual({ field: 'address', level: 'same_dwelling', weight: 0, countedWith: 'phone' });
  });

  it('still count every disagreement in a household group', () => {
    const e = explainComparison(model, all({ phone: 'different', address: 'different' }));
    expect(e.fields.find((f) => f.field === 'address')!.weight).toBeCloseTo(model.fields.address[3].weight, 10);
    expect(e.fields.find((f) => f.field === 'phone')!.weight).toBeCloseTo(model.fields.phone[2].weight, 10);
  });

  it('send a strong pair with an entirely different birth date to review, naming the veto', () => {
    const e = explainComparison(model, all({ idNumber: 'exact', birthDate: 'different' }));
    expect(e.weight).toBeGreaterThan(model.rules.link);
    expect(e.decision).toBe('review');
    expect(e.veto).toEqual({ field: 'birthDate', level: 'different' });
  });
});

describe('decisions', () => {
  it('follow the thresholds', () => {
    const rules = { link: 10, review: -2 };
    expect(decide(10, rules)).toBe('link');
    expect(decide(9.99, rules)).toBe('review');
    expect(decide(-2, rules)).toBe('review');
    expect(decide(-2.01, rules)).toBe('distinct');
    expect(decide(50, rules, true)).toBe('review');
  });

  it('link name, birth date and dwelling agreeing, review name and birth date alone, and keep name alone apart', () => {
    expect(explainComparison(model, all({ address: 'same_dwelling' })).decision).toBe('link');
    expect(explainComparison(model, all({})).decision).toBe('review');
    expect(explainComparison(model, all({ birthDate: null, sex: null })).decision).toBe('distinct');
  });

  it('agree with the per-pattern table the linkage run uses', () => {
    const table = patternTable(model);
    for (let pattern = 0; pattern < PATTERN_COUNT; pattern += 101) {
      const e = explainPattern(model, pattern);
      expect(table.weights[pattern]).toBe(e.weight);
    }
    expect(FIELDS.every((f) => model.fields[f].length === LEVELS[f].length)).toBe(true);
  });
});
