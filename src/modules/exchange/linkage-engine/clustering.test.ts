import { describe, expect, it } from 'vitest';
import { clusterPersons, planUnmerge, UnionFind, type LinkEvidence, type PersonLink } from './clustering.js';

const link = (id: string, a: string, b: string, evidence: LinkEvidence = { method: 'exact_id' }): PersonLink => ({
  id,
  a,
  b,
  evidence,
  createdAt: '2026-07-01T08:00:00+08:00',
  createdBy: 'linkage-run-1',
});

describe('UnionFind', () => {
  it('joins sets transitively and keeps others apart', () => {
    const sets = new UnionFind(5);
    sets.union(0, 1);
    sets.union(3, 1);
    expect(sets.find(0)).toBe(sets.find(3));
    expect(sets.find(2)).not.toBe(sets.find(0));
    expect(sets.find(4)).toBe(4);
  });
});

describe('clusterPersons', () => {
  it('makes each connected group of links one person, and an unlinked record a person of its own', () => {
    const links = [link('l1', 'GA:1', 'WJ:7'), link('l2', 'WJ:7', 'LD:3'), link('l3', 'GA:2', 'MZ:1')];
    const persons = clusterPersons(['GA:1', 'GA:2', 'GA:3', 'WJ:7', 'LD:3', 'MZ:1'], links);
    expect(persons.map((p) => p.recordIds)).toEqual([['GA:1', 'LD:3', 'WJ:7'], ['GA:2', 'MZ:1'], ['GA:3']]);
    expect(persons[0].links.map((l) => l.id)).toEqual(['l1', 'l2']);
  });

  it('refuses a link to a record it does not know', () => {
    expect(() => clusterPersons(['a'], [link('l', 'a', 'b')])).toThrow(/unknown record b/);
  });
});

describe('planUnmerge', () => {
  const probabilistic: LinkEvidence = {
    method: 'probabilistic',
    explanation: { weight: 12.5, probability: 0.9998, priorWeight: -18.6, fields: [], decision: 'link' },
  };
  const person = clusterPersons(
    ['GA:1', 'WJ:7', 'LD:3', 'MZ:1'],
    [link('l1', 'GA:1', 'WJ:7'), link('l2', 'WJ:7', 'LD:3', probabilistic), link('l3', 'LD:3', 'MZ:1', probabilistic)],
  )[0];
  const request = { split: ['LD:3', 'MZ:1'], reason: '父子同名，出生日期不同', by: 'steward-1', at: '2026-07-02T10:00:00+08:00' };

  it('removes the links between the two sides and keeps why each had been made', () => {
    const plan = planUnmerge(person, request);
    expect(plan.removed).toEqual([
      { link: person.links[1], removedAt: request.at, removedBy: 'steward-1', reason: request.reason },
    ]);
    expect(plan.removed[0].link.evidence).toBe(probabilistic);
  });

  it('leaves the two sides as separate persons, each with its own links', () => {
    const plan = planUnmerge(person, request);
    expect(plan.clusters.map((c) => [c.recordIds, c.links.map((l) => l.id)])).toEqual([
      [['GA:1', 'WJ:7'], ['l1']],
      [['LD:3', 'MZ:1'], ['l3']],
    ]);
  });

  it('forbids every split record to join every remaining one again', () => {
    expect(planUnmerge(person, request).cannotLink).toEqual([
      ['GA:1', 'LD:3'],
      ['LD:3', 'WJ:7'],
      ['GA:1', 'MZ:1'],
      ['MZ:1', 'WJ:7'],
    ]);
  });

  it('needs records on both sides and a reason', () => {
    expect(() => planUnmerge(person, { ...request, split: [] })).toThrow(RangeError);
    expect(() => planUnmerge(person, { ...request, split: person.recordIds })).toThrow(RangeError);
    expect(() => planUnmerge(person, { ...request, split: ['XX:9'] })).toThrow(/not part of this person/);
    expect(() => planUnmerge(person, { ...request, reason: ' ' })).toThrow(/reason/);
  });
});
