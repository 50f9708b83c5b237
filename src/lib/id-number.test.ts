import { describe, it, expect } from 'vitest';
import { checkCharacter, normaliseIdNumber, validateIdNumber } from './id-number.js';

describe('checkCharacter', () => {
  it('computes the ISO 7064 MOD 11-2 check character of the standard examples', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
  });

  it('gives 0 when the weighted sum is 1 mod 11', () => {
    // 1 × weight 2 (position 17) + 1 × weight 10 (position 3) = 12 ≡ 1 (mod 11)
    expect(checkCharacter('00100000000000001')).toBe('0');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => checkCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => checkCharacter('1101051949123100X')).toThrow(RangeError);
  });
});

describe('validateIdNumber', () => {
  it('accepts the standard examples and reads birth date, sex and region', () => {
    expect(validateIdNumber('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
    expect(validateIdNumber('440524188001010014')).toEqual({
      ok: true,
      value: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'male',
      regionCode: '440524',
    });
  });

  it('rejects a wrong check character', () => {
    expect(validateIdNumber('110105194912310021')).toEqual({ ok: false, reason: 'checksum' });
    expect(validateIdNumber('440524188001010015')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects two swapped digits, which the checksum is designed to catch', () => {
    expect(validateIdNumber('440524188001010104')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('rejects the wrong length', () => {
    expect(validateIdNumber('11010519491231002')).toEqual({ ok: false, reason: 'length' });
    expect(validateIdNumber('11010519491231002X1')).toEqual({ ok: false, reason: 'length' });
    expect(validateIdNumber('')).toEqual({ ok: false, reason: 'length' });
  });

  it('rejects letters other than a final upper-case X', () => {
    expect(validateIdNumber('1101051949123100X2')).toEqual({ ok: false, reason: 'characters' });
    expect(validateIdNumber('11010519491231002x')).toEqual({ ok: false, reason: 'characters' });
    expect(validateIdNumber('11010519491231002Y')).toEqual({ ok: false, reason: 'characters' });
  });

  it('rejects impossible birth dates', () => {
    const withDate = (yyyymmdd: string) => {
      const first17 = `110105${yyyymmdd}002`;
      return validateIdNumber(first17 + checkCharacter(first17));
    };
    expect(withDate('19490230')).toEqual({ ok: false, reason: 'birth_date' });
    expect(withDate('19491301')).toEqual({ ok: false, reason: 'birth_date' });
    expect(withDate('19490001')).toEqual({ ok: false, reason: 'birth_date' });
    expect(withDate('19000229')).toEqual({ ok: false, reason: 'birth_date' }); // 1900 was not a leap year
    expect(withDate('00000000')).toEqual({ ok: false, reason: 'birth_date' });
    expect(withDate('20000229').ok).toBe(true);
  });

  it('rejects a birth date after asOf, judged on the China calendar day', () => {
    const first17 = '33010620250101001';
    const id = first17 + checkCharacter(first17);
    // 2024-12-31T17:00Z is already 1 January 2025 in China.
    expect(validateIdNumber(id, { asOf: new Date('2024-12-31T17:00:00Z') }).ok).toBe(true);
    expect(validateIdNumber(id, { asOf: new Date('2024-12-31T15:00:00Z') })).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdNumber(id).ok).toBe(true);
  });
});

describe('normaliseIdNumber', () => {
  it('leaves a canonical number unchanged', () => {
    expect(normaliseIdNumber('440524188001010014')).toMatchObject({ ok: true, value: '440524188001010014', fixes: [] });
  });

  it('upper-cases a final lower-case x', () => {
    expect(normaliseIdNumber('11010519491231002x')).toMatchObject({
      ok: true,
      value: '11010519491231002X',
      fixes: ['lowercase_x'],
    });
  });

  it('converts full-width digits and X', () => {
    expect(normaliseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toMatchObject({
      ok: true,
      value: '11010519491231002X',
      fixes: ['full_width'],
    });
  });

  it('removes spaces, tabs, ideographic spaces and zero-width characters anywhere', () => {
    expect(normaliseIdNumber(' 110105 19491231 002X\t')).toMatchObject({ ok: true, value: '11010519491231002X', fixes: ['whitespace'] });
    expect(normaliseIdNumber('110105\u200B19491231002X')).toMatchObject({ ok: true, value: '11010519491231002X' });
    expect(normaliseIdNumber('\u3000440524188001010014')).toMatchObject({ ok: true, value: '440524188001010014' });
  });

  it("drops Excel's leading apostrophe, straight or curly", () => {
    expect(normaliseIdNumber("'440524188001010014")).toMatchObject({
      ok: true,
      value: '440524188001010014',
      fixes: ['excel_apostrophe'],
    });
    expect(normaliseIdNumber('\u2018440524188001010014')).toMatchObject({ ok: true, value: '440524188001010014' });
  });

  it('reports a float in scientific notation as unrecoverable when digits were lost', () => {
    expect(normaliseIdNumber('1.10105E+17')).toEqual({ ok: false, reason: 'float_precision_lost' });
    expect(normaliseIdNumber('4.40524188001010E+17')).toEqual({ ok: false, reason: 'float_precision_lost' });
  });

  it('recovers a float in scientific notation that kept every digit', () => {
    expect(normaliseIdNumber('4.40524188001010014E+17')).toMatchObject({
      ok: true,
      value: '440524188001010014',
      fixes: ['float_form'],
    });
  });

  it('recovers a float written out with a zero fraction', () => {
    expect(normaliseIdNumber('440524188001010014.0')).toMatchObject({ ok: true, value: '440524188001010014', fixes: ['float_form'] });
  });

  it('recognises an 18-digit number that Excel rounded to 15 significant digits', () => {
    // 440524188001010014 shown by Excel after a round trip through a number cell
    expect(normaliseIdNumber('440524188001010000')).toEqual({ ok: false, reason: 'float_precision_lost' });
  });

  it('upgrades a 15-digit number by inserting 19 and computing the check character', () => {
    expect(normaliseIdNumber('110105491231002')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
      fixes: ['upgraded_15'],
    });
  });

  it('recovers an old 15-digit number Excel stored as a float (15 digits fit in a double)', () => {
    expect(normaliseIdNumber('1.10105491231002E+14')).toMatchObject({
      ok: true,
      value: '11010519491231002X',
      fixes: ['float_form', 'upgraded_15'],
    });
  });

  it('applies several fixes together and lists each', () => {
    expect(normaliseIdNumber(" '１１０１０５ １９４９１２３１ ００２ｘ ")).toMatchObject({
      ok: true,
      value: '11010519491231002X',
      fixes: ['full_width', 'whitespace', 'excel_apostrophe', 'lowercase_x'],
    });
  });

  it('still rejects what no rule can repair', () => {
    expect(normaliseIdNumber('')).toEqual({ ok: false, reason: 'length' });
    expect(normaliseIdNumber('110105-19491231-002X')).toEqual({ ok: false, reason: 'length' });
    expect(normaliseIdNumber('11010519491231002Y')).toEqual({ ok: false, reason: 'characters' });
    expect(normaliseIdNumber('110105491331002')).toEqual({ ok: false, reason: 'birth_date' });
    expect(normaliseIdNumber('110105194912310021')).toEqual({ ok: false, reason: 'checksum' });
  });

  it('treats a scientific form with more digits than the exponent allows as not an integer', () => {
    expect(normaliseIdNumber('1.5E+0')).toEqual({ ok: false, reason: 'characters' });
  });

  it('passes asOf through to validation', () => {
    expect(normaliseIdNumber('440524188001010014', { asOf: new Date('1879-12-31T00:00:00Z') })).toEqual({
      ok: false,
      reason: 'birth_date',
    });
  });
});
