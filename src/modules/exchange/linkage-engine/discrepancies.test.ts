import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../../lib/id-number.js';
import { RecordTable } from './comparison.js';
import { correctionsBySource, findDiscrepancies } from './discrepancies.js';
import type { LinkageRecord } from './types.js';

const first17 = '33010619850312123';
const ID = first17 + checkCharacter(first17);
const WRONG_CHECK = first17 + (ID[17] === '0' ? '1' : '0');

const person = (sourceRowId: string, source: string, fields: Partial<LinkageRecord> = {}): LinkageRecord => ({
  sourceRowId,
  source,
  name: '张伟',
  birthDate: '1985-03-12',
  ...fields,
});

/** All records one person (label 0) unless labels say otherwise. */
const run = (records: LinkageRecord[], labels = records.map(() => 0)) => findDiscrepancies(new RecordTable(records), Int32Array.from(labels));

describe('findDiscrepancies', () => {
  it('finds nothing in consistent records', () => {
    expect(run([person('GA:1', 'XH-GA', { idNumber: ID }), person('WJ:1', 'XH-WJ', { idNumber: ID })])).toEqual([]);
  });

  it('reports an invalid ID number to its source, suggesting the person’s valid number one typo away', () => {
    const items = run([person('GA:1', 'XH-GA', { idNumber: ID }), person('WJ:1', 'XH-WJ', { idNumber: WRONG_CHECK })]);
    expect(items).toEqual([
      {
        source: 'XH-WJ',
        sourceRowId: 'WJ:1',
        kind: 'id_number_invalid',
        field: 'idNumber',
        value: WRONG_CHECK,
        suggestion: ID,
        problem: 'checksum',
        evidenceRowIds: ['GA:1'],
      },
    ]);
  });

  it('reports an invalid ID number without a suggestion when the person has no valid one', () => {
    const [item] = run([person('WJ:1', 'XH-WJ', { idNumber: WRONG_CHECK })]);
    expect(item).toMatchObject({ kind: 'id_number_invalid', problem: 'checksum', evidenceRowIds: [] });
    expect(item.suggestion).toBeUndefined();
  });

  it('reports a birth date that differs from the one in the person’s ID number, with the ID’s date', () => {
    const items = run([person('GA:1', 'XH-GA', { idNumber: ID }), person('MZ:4', 'XH-MZ', { birthDate: '1985-12-03' })]);
    expect(items).toEqual([
      {
        source: 'XH-MZ',
        sourceRowId: 'MZ:4',
        kind: 'birth_date_conflicts_with_id',
        field: 'birthDate',
        value: '1985-12-03',
        suggestion: '1985-03-12',
        evidenceRowIds: ['GA:1'],
      },
    ]);
  });

  it('reports one person at two dwellings of the same register, to that register, for both rows', () => {
    const items = run([
      person('GA:1', 'XH-GA', { address: '翠苑新村3幢2单元502室' }),
      person('GA:9', 'XH-GA', { address: '嘉绿花园1幢1单元101室' }),
      person('WJ:1', 'XH-WJ', { address: '嘉绿花园1-1-101' }),
    ]);
    expect(items.map((i) => [i.source, i.sourceRowId, i.kind, i.evidenceRowIds])).toEqual([
      ['XH-GA', 'GA:1', 'registered_in_two_dwellings', ['GA:9']],
      ['XH-GA', 'GA:9', 'registered_in_two_dwellings', ['GA:1']],
    ]);
  });

  it('does not report one dwelling written two ways, or two people sharing a register', () => {
    expect(run([person('GA:1', 'XH-GA', { address: '翠苑新村3幢2单元502室' }), person('GA:2', 'XH-GA', { address: '翠苑新村3-2-502' })])).toEqual([]);
    expect(
      run([person('GA:1', 'XH-GA', { address: '翠苑新村3幢2单元502室' }), person('GA:2', 'XH-GA', { address: '嘉绿花园1幢1单元101室' })], [0, 1]),
    ).toEqual([]);
  });

  it('groups the items per source department', () => {
    const items = run([person('GA:1', 'XH-GA', { idNumber: ID }), person('WJ:1', 'XH-WJ', { idNumber: WRONG_CHECK }), person('MZ:4', 'XH-MZ', { birthDate: '1986-03-12' })]);
    const bySource = correctionsBySource(items);
    expect([...bySource.keys()].sort()).toEqual(['XH-MZ', 'XH-WJ']);
    expect(bySource.get('XH-MZ')!.map((i) => i.kind)).toEqual(['birth_date_conflicts_with_id']);
  });
});
