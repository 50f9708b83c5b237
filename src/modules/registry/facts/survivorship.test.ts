import { describe, expect, it } from 'vitest';
import { rankClaims, sameValue, survive, trustRank, valuesAgree, type Claim, type SurvivorshipRule } from './survivorship.js';

const TRUSTED: SurvivorshipRule = { survivorship: 'trusted_then_recent', trustedSources: ['public_security', 'XH-LD/floating-population'], type: 'text', multiple: false };
let nextId = 1;
const claim = (sourceId: string, sourceKind: string, value: string | string[], observed: string, recorded = observed): Claim => ({
  factId: nextId++,
  value,
  sourceId,
  sourceKind,
  observedAt: new Date(observed),
  recordedAt: new Date(recorded),
});

describe('trustRank', () => {
  it('ranks by source id, then by department kind; unlisted sources come after every listed one', () => {
    expect(trustRank(TRUSTED, { sourceId: 'XH-GA/hukou', sourceKind: 'public_security' })).toBe(0);
    expect(trustRank(TRUSTED, { sourceId: 'XH-LD/floating-population', sourceKind: 'floating_population' })).toBe(1);
    expect(trustRank(TRUSTED, { sourceId: 'XH-WJ/health-records', sourceKind: 'health' })).toBe(2);
  });
});

describe('survive', () => {
  const police = claim('XH-GA/hukou', 'public_security', '张伟', '2026-01-01');
  const health = claim('XH-WJ/health-records', 'health', '章伟', '2026-06-01');
  const visit = claim('field-visit', 'field_visit', '張伟', '2026-09-01');

  it('takes the most trusted source, however recent the others are', () => {
    expect(survive(TRUSTED, [health, police, visit])).toMatchObject({ value: '张伟', reason: 'most_trusted_source', from: [police] });
  });

  it('takes the most recent among equally trusted sources', () => {
    expect(survive(TRUSTED, [health, visit])).toMatchObject({ value: '張伟', reason: 'most_recent' });
  });

  it('does not depend on the order claims were recorded or are given in', () => {
    const early = claim('XH-WJ/health-records', 'health', 'early', '2026-01-01', '2026-11-30');
    const late = claim('field-visit', 'field_visit', 'late', '2026-05-01', '2026-02-01');
    for (const order of [[early, late], [late, early]]) expect(survive(TRUSTED, order)!.value).toBe('late');
  });

  it('with most_recent, ignores trust', () => {
    expect(survive({ ...TRUSTED, survivorship: 'most_recent' }, [police, visit])).toMatchObject({ value: '張伟', reason: 'most_recent' });
  });

  it('says when there is only one source', () => {
    expect(survive(TRUSTED, [health])).toMatchObject({ reason: 'only_source' });
    expect(survive(TRUSTED, [])).toBeNull();
  });

  it('breaks full ties by the later recording, then the later fact, so the outcome is always the same', () => {
    const a = claim('a', 'x', 'A', '2026-01-01', '2026-01-02');
    const b = claim('b', 'x', 'B', '2026-01-01', '2026-01-03');
    expect(rankClaims(TRUSTED, [a, b]).map((c) => c.value)).toEqual(['B', 'A']);
  });

  it("keeps every source's values for fields that hold several, most trusted first", () => {
    const union: SurvivorshipRule = { ...TRUSTED, survivorship: 'union', multiple: true, type: 'phone' };
    const phones = survive(union, [
      claim('XH-WJ/health-records', 'health', ['13900001111', '13800002222'], '2026-06-01'),
      claim('XH-GA/hukou', 'public_security', ['13800002222'], '2026-01-01'),
    ]);
    expect(phones).toMatchObject({ value: ['13800002222', '13900001111'], reason: 'union' });
    expect(phones!.from).toHaveLength(2);
  });

  it('keeps the day another source knows when the winning date knows only the month', () => {
    const dateRule: SurvivorshipRule = { ...TRUSTED, type: 'date' };
    const month = claim('XH-GA/hukou', 'public_security', '1985-03', '2026-01-01');
    const day = claim('XH-WJ/health-records', 'health', '1985-03-12', '2026-06-01');
    expect(survive(dateRule, [month, day])).toMatchObject({ value: '1985-03-12', reason: 'most_trusted_source', from: [month, day] });
    const otherMonth = claim('XH-WJ/health-records', 'health', '1985-04-12', '2026-06-01');
    expect(survive(dateRule, [month, otherMonth])!.value).toBe('1985-03');
  });
});

describe('valuesAgree and sameValue', () => {
  it('lets dates of different precision agree, but not be the same value', () => {
    expect(valuesAgree('date', '1985-03', '1985-03-12')).toBe(true);
    expect(sameValue('1985-03', '1985-03-12')).toBe(false);
  });

  it('compares several values as sets', () => {
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameValue(['a', 'b'], ['a'])).toBe(false);
    expect(valuesAgree('text', 'a', 'b')).toBe(false);
  });
});
