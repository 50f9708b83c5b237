import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, validateCreditCode } from './credit-code.js';

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts the standard example and reads its parts', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      registrationAuthority: '9',
      organisationType: '1',
      regionCode: '350100',
    });
  });

  it('computes the check character over the 31-symbol alphabet', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('91330106MA2H2X1Q3')).toBe('4');
    expect(() => creditCodeCheckCharacter('91350100M000100YI')).toThrow(RangeError);
  });

  it('cleans case, spaces and full-width characters first', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: '91350100M000100Y43' });
    expect(validateCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toMatchObject({ ok: true });
  });

  it('refuses a wrong length, letters outside the alphabet and a wrong check character', () => {
    expect(validateCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('91350100M000100I43')).toEqual({ ok: false, reason: 'characters' });
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'checksum' });
  });
});
