import { describe, expect, it } from 'vitest';
import { cleanPhone, splitPhones } from './phones.js';

const mobile = (value: string) => ({ ok: true, value, kind: 'mobile' });
const landline = (value: string) => ({ ok: true, value, kind: 'landline' });

describe('cleanPhone', () => {
  it('reads mobiles through spaces, hyphens, brackets and a country code', () => {
    for (const s of ['13900001111', '139 0000 1111', '139-0000-1111', '+86 139 0000 1111', '0086 13900001111', '86-13900001111']) {
      expect(cleanPhone(s)).toEqual(mobile('13900001111'));
    }
  });

  it('reads full-width digits and an Excel apostrophe', () => {
    expect(cleanPhone('１３９００００１１１１')).toEqual(mobile('13900001111'));
    expect(cleanPhone("'13900001111")).toEqual(mobile('13900001111'));
  });

  it('reads numbers Excel stored as floats, when every digit survived', () => {
    expect(cleanPhone('13900001111.0')).toEqual(mobile('13900001111'));
    expect(cleanPhone('1.3900001111E+10')).toEqual(mobile('13900001111'));
    expect(cleanPhone('1.39000011E+10')).toEqual({ ok: false, reason: 'float_precision_lost' });
  });

  it('writes landlines as area code, hyphen, number', () => {
    expect(cleanPhone('0571-88886666')).toEqual(landline('0571-88886666'));
    expect(cleanPhone('(0571)88886666')).toEqual(landline('0571-88886666'));
    expect(cleanPhone('057188886666')).toEqual(landline('0571-88886666'));
    expect(cleanPhone('010 8888 6666')).toEqual(landline('010-88886666'));
    expect(cleanPhone('+86 571 8888 6666')).toEqual(landline('0571-88886666'));
  });

  it('refuses what cannot be called', () => {
    expect(cleanPhone('88886666')).toEqual({ ok: false, reason: 'landline_without_area_code' });
    expect(cleanPhone('1390000111')).toEqual({ ok: false, reason: 'not_a_phone' });
    expect(cleanPhone('12900001111')).toEqual({ ok: false, reason: 'not_a_phone' });
    expect(cleanPhone('无')).toEqual({ ok: false, reason: 'characters' });
  });
});

describe('splitPhones', () => {
  it('splits on the separators departments use', () => {
    expect(splitPhones('13900001111/0571-88886666')).toEqual(['13900001111', '0571-88886666']);
    expect(splitPhones('13900001111；13800001111、13700001111')).toEqual(['13900001111', '13800001111', '13700001111']);
    expect(splitPhones('13900001111或13800001111')).toEqual(['13900001111', '13800001111']);
  });

  it('splits on spaces only when every part is a number of its own', () => {
    expect(splitPhones('13900001111 13800001111')).toEqual(['13900001111', '13800001111']);
    expect(splitPhones('0571 8888 6666')).toEqual(['0571 8888 6666']);
  });
});
