import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../../lib/id-number.js';
import { compareRecords, differByOneTypo, RecordTable } from './comparison.js';
import type { LinkageRecord } from './types.js';

const first17 = '33010619850312123';
const ID = first17 + checkCharacter(first17);

const base: LinkageRecord = {
  sourceRowId: 'a',
  source: 'XH-GA',
  idNumber: ID,
  name: '张伟',
  birthDate: '1985-03-12',
  sex: 'male',
  phone: '13912345678',
  address: '浙江省杭州市西湖区北山街道保俶路12号翠苑新村3幢2单元502室',
};

const other = (changes: Partial<LinkageRecord>): LinkageRecord => ({ ...base, sourceRowId: 'b', source: 'XH-WJ', ...changes });
const level = (changes: Partial<LinkageRecord>) => compareRecords(base, other(changes));

describe('ID number comparison', () => {
  it('is exact for the same number', () => {
    expect(level({}).idNumber).toBe('exact');
  });

  it('is one_off for two adjacent digits swapped', () => {
    expect(level({ idNumber: ID.slice(0, 8) + ID[9] + ID[8] + ID.slice(10) }).idNumber).toBe('one_off');
  });

  it('is one_off for one digit or the check character wrong', () => {
    expect(level({ idNumber: ID.slice(0, 14) + '9' + ID.slice(15) }).idNumber).toBe('one_off');
    expect(level({ idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }).idNumber).toBe('one_off');
  });

  it('is different for another person’s number or two separate typos', () => {
    const stranger = '44052418800101001';
    expect(level({ idNumber: stranger + checkCharacter(stranger) }).idNumber).toBe('different');
    expect(level({ idNumber: '9' + ID.slice(1, 14) + '9' + ID.slice(15) }).idNumber).toBe('different');
  });

  it('is missing (null) when either side has no number', () => {
    expect(level({ idNumber: undefined }).idNumber).toBeNull();
  });

  it('treats a swap of non-adjacent digits as two typos', () => {
    expect(differByOneTypo('1234', '4231')).toBe(false);
    expect(differByOneTypo('1234', '2134')).toBe(true);
    expect(differByOneTypo('1234', '1235')).toBe(true);
    expect(differByOneTypo('1234', '12345')).toBe(false);
  });
});

describe('name comparison', () => {
  it('is exact for the same spelling', () => {
    expect(level({}).name).toBe('exact');
  });

  it('is simplified when only traditional characters differ', () => {
    expect(level({ name: '張偉' }).name).toBe('simplified');
  });

  it('is pinyin for homophones: 张伟 / 章伟, 张伟 / 张玮', () => {
    expect(level({ name: '章伟' }).name).toBe('pinyin');
    expect(level({ name: '张玮' }).name).toBe('pinyin');
  });

  it('is edit1 for one character changed, added or dropped', () => {
    expect(level({ name: '张伟民' }).name).toBe('edit1');
    expect(compareRecords({ ...base, name: '张子轩' }, other({ name: '张轩' })).name).toBe('edit1');
    expect(level({ name: '张强' }).name).toBe('edit1');
  });

  it('is different otherwise', () => {
    expect(level({ name: '李建国' }).name).toBe('different');
  });

  it('counts a rare character outside the BMP as one character', () => {
    expect(compareRecords({ ...base, name: '王𠮷' }, other({ name: '王吉' })).name).toBe('edit1');
  });
});

describe('birth date comparison', () => {
  it('is exact for the same date', () => {
    expect(level({}).birthDate).toBe('exact');
  });

  it('is one_component when exactly one of year, month, day differs', () => {
    expect(level({ birthDate: '1986-03-12' }).birthDate).toBe('one_component');
    expect(level({ birthDate: '1985-04-12' }).birthDate).toBe('one_component');
    expect(level({ birthDate: '1985-03-13' }).birthDate).toBe('one_component');
  });

  it('is day_month_swapped for 1985-03-12 against 1985-12-03', () => {
    expect(level({ birthDate: '1985-12-03' }).birthDate).toBe('day_month_swapped');
  });

  it('is different when two components differ otherwise', () => {
    expect(level({ birthDate: '1990-07-12' }).birthDate).toBe('different');
  });

  it('is missing (null) without a date', () => {
    expect(level({ birthDate: undefined }).birthDate).toBeNull();
  });
});

describe('sex comparison', () => {
  it('is same, different, or missing', () => {
    expect(level({}).sex).toBe('same');
    expect(level({ sex: 'female' }).sex).toBe('different');
    expect(level({ sex: undefined }).sex).toBeNull();
  });
});

describe('phone comparison', () => {
  it('is exact for the same number', () => {
    expect(level({}).phone).toBe('exact');
  });

  it('is last8 when only the prefix differs', () => {
    expect(level({ phone: '13612345678' }).phone).toBe('last8');
  });

  it('is different otherwise, and missing without a number', () => {
    expect(level({ phone: '13987654321' }).phone).toBe('different');
    expect(level({ phone: undefined }).phone).toBeNull();
  });

  it('compares a landline by its digits', () => {
    expect(compareRecords({ ...base, phone: '0571-88886666' }, other({ phone: '0571-88886666' })).phone).toBe('exact');
  });
});

describe('address comparison', () => {
  it('is same_dwelling for one flat written in another department’s format', () => {
    expect(level({ address: '翠苑新村3-2-502' }).address).toBe('same_dwelling');
    expect(level({ address: '西湖区保俶路12号翠苑新村3栋2单元502' }).address).toBe('same_dwelling');
  });

  it('is same_building, same_compound or different as fewer tokens agree', () => {
    expect(level({ address: '翠苑新村3-2-601' }).address).toBe('same_building');
    expect(level({ address: '翠苑新村5-2-502' }).address).toBe('same_compound');
    expect(level({ address: '嘉绿花园3-2-502' }).address).toBe('different');
  });
});

describe('RecordTable', () => {
  it('flags valid ID numbers, so a mistyped number can be told from a checked one', () => {
    const table = new RecordTable([base, other({ idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') })]);
    expect(Array.from(table.idValid)).toEqual([1, 0]);
  });

  it('gives a pattern that unpacks to the same comparison as compareRecords', () => {
    const b = other({ name: '章伟', phone: '13612345678' });
    expect(new RecordTable([base, b]).comparison(0, 1)).toEqual(compareRecords(base, b));
  });
});
