import { describe, expect, it } from 'vitest';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import { keyBasis, linkKeys } from './keys.js';

describe('linkKeys', () => {
  const names = new NameKeyCache();

  it('gives homophone and traditional spellings of one name the same name key', () => {
    const of = (name: string) => linkKeys({ name, birthDate: '1975-11-20', phones: [], dwellingId: null, idNumber: null }, names);
    expect(of('张伟')).toEqual([{ kind: 'name_birth', key: 'zhang wei|1975-11-20' }]);
    expect(of('章伟')).toEqual(of('张伟'));
    expect(of('張偉')).toEqual(of('张伟'));
  });

  it('keys phones by their last eight digits, dwellings with the surname, IDs by birth date and sequence', () => {
    const keys = linkKeys({ name: '欧阳娜娜', birthDate: '1992-10', phones: ['18605710011', '0571-88886666'], dwellingId: 'D1', idNumber: '330106199210300847' }, names);
    expect(keys).toEqual([
      { kind: 'phone', key: '05710011' },
      { kind: 'phone', key: '88886666' },
      { kind: 'surname_dwelling', key: 'ou yang|D1' },
      { kind: 'id_core', key: '19921030084' },
    ]);
  });

  it('writes the basis the SQL side compares with', () => {
    expect(keyBasis({ name: '王磊', birth_date: '1980-05-06', phone: null, dwelling_id: 'D1', id_number: null })).toBe('王磊|1980-05-06||D1|');
  });
});
