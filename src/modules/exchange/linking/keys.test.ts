import { describe, expect, it } from 'vitest';
import { NameKeyCache } from '../linkage-engine/name-keys.js';
import { keyBasis, keyChanges, linkKeys } from './keys.js';

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

describe('keyChanges', () => {
  const names = new NameKeyCache();
  const person = { id: 'P1', name: '王磊', birth_date: '1980-05-06', phone: '13900001111', dwelling_id: 'D1', id_number: null, basis: 'b' };
  const storedKeys = ['name_birth:wang lei|1980-05-06', 'phone:00002222', 'surname_dwelling:wang|D1'];

  it('ends only the keys the new basis no longer gives, and adds only the ones it newly gives', () => {
    const change = keyChanges([{ ...person, keyed: true, keys: storedKeys }], names);
    expect(change.replacedWhole).toEqual([]);
    expect(change.ended).toEqual([{ kind: 'phone', key: '00002222', person_id: 'P1' }]);
    expect(change.added).toEqual([{ kind: 'phone', key: '00001111', person_id: 'P1' }]);
    expect(change.bases).toEqual([{ person_id: 'P1', basis: 'b', keys: ['name_birth:wang lei|1980-05-06', 'phone:00001111', 'surname_dwelling:wang|D1'] }]);
  });

  it('replaces every key of a person keyed before their keys were kept, and adds all keys of a person never keyed', () => {
    const before = keyChanges([{ ...person, keyed: true, keys: null }], names);
    expect(before.replacedWhole).toEqual(['P1']);
    expect(before.added.map((k) => k.kind)).toEqual(['name_birth', 'phone', 'surname_dwelling']);
    const fresh = keyChanges([{ ...person, keyed: false, keys: null }], names);
    expect(fresh.replacedWhole).toEqual([]);
    expect(fresh.added).toHaveLength(3);
    expect(fresh.ended).toEqual([]);
  });

  it('reads back a key whose text has colons of its own', () => {
    const change = keyChanges([{ ...person, keyed: true, keys: [...storedKeys, 'surname_dwelling:wang|D:9'] }], names);
    expect(change.ended).toContainEqual({ kind: 'surname_dwelling', key: 'wang|D:9', person_id: 'P1' });
  });
});
