import { describe, expect, it } from 'vitest';
import type { Purpose, Scope } from '../../../kernel/access/access.js';
import { Disclosure } from '../../registry/disclosure.js';
import { testCatalogue } from '../../../../test/support/catalogue.js';
import { presentReview } from './review.js';

const stewardFor = (purpose: Purpose) => Disclosure.forRecord(testCatalogue(), { role: 'data_steward', purpose } as unknown as Scope);

describe('presentReview', () => {
  const row = (): Parameters<typeof presentReview>[0] => ({
    id: 'R1',
    status: 'pending',
    reason: 'uncertain',
    weight: 4.2,
    explanation: {
      priorWeight: -9.2,
      probability: 0.95,
      fields: [
        { field: 'name', level: 'pinyin', weight: 6.3 },
        { field: 'phone', level: 'exact', weight: 18.5 },
        { field: 'address', level: 'same_dwelling', weight: 0, countedWith: 'phone' },
      ],
    },
    source_id: 'XH-MZ/assistance',
    source_name: '民政',
    import_id: 'I1',
    row_number: 3,
    record_key: 'MZ-002',
    person_id: 'P1',
    created_at: new Date('2026-11-30T02:00:00Z'),
    decided_at: null,
    decided_by_name: null,
    note: null,
    record: {
      key: 'MZ-002', observedOn: null, derived: [], household: null, organisation: null,
      person: { 'person.name': '周晓虹', 'person.phones': ['13611112222'] },
      dwelling: { communityCode: null, searchPath: null, road: null, compound: '宝石新村', building: '9', unit: '1', room: '301', address: '宝石新村9-1-301', facts: {} },
      suspectIdNumber: '330106198203040027',
    },
    p_name: '周晓红',
    p_id_number: '330106198203040026',
    p_birth_date: '1982-03-04',
    p_sex: 'female',
    p_phone: '13611112222',
    p_address: '宝石新村9幢1单元301室',
  });

  it('puts the row and the person side by side, with each field’s level and weight', () => {
    const view = presentReview(row(), stewardFor('data_quality'));
    expect(view).toMatchObject({ id: 'R1', weight: 4.2, probability: 0.95, priorWeight: -9.2, personExists: true, source: { id: 'XH-MZ/assistance', name: '民政' } });
    const byField = Object.fromEntries(view.comparison.map((c) => [c.field, c]));
    expect(byField.name).toEqual({ field: 'name', registryField: 'person.name', record: '周晓虹', person: '周晓红', level: 'pinyin', weight: 6.3, countedWith: null });
    // The mistyped number the row carried is shown, though the registry did not store it.
    expect(byField.idNumber).toMatchObject({ record: '330106198203040027', person: '330106198203040026', level: null, weight: 0 });
    expect(byField.address).toMatchObject({ record: '宝石新村9-1-301', person: '宝石新村9幢1单元301室', weight: 0, countedWith: 'phone' });
    expect(byField.sex).toMatchObject({ record: null, person: 'female' });
  });

  it('masks the ID numbers and phones on both sides for a purpose that does not need them in clear', () => {
    const byField = Object.fromEntries(presentReview(row(), stewardFor('statistics')).comparison.map((c) => [c.field, c]));
    expect(byField.idNumber).toMatchObject({ record: '330106********0027', person: '330106********0026' });
    expect(byField.phone).toMatchObject({ record: '136****2222', person: '136****2222' });
    expect(byField.name).toMatchObject({ record: '周晓虹', person: '周晓红' });
  });
});
