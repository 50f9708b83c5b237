import { describe, it, expect } from 'vitest';
import { isMobilePhone, maskIdNumber, maskName, maskPhone } from './masking.js';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters, as in the standard example', () => {
    expect(maskIdNumber('440401199003071768')).toBe('440401********1768');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('masks an old 15-digit number the same way', () => {
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('hides a value too short to be an ID number entirely', () => {
    expect(maskIdNumber('4404011990')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits, as in the standard example', () => {
    expect(maskPhone('13900000000')).toBe('139****0000');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('ignores spaces and hyphens in the input', () => {
    expect(maskPhone('139 0000 0000')).toBe('139****0000');
    expect(maskPhone('139-0000-0000')).toBe('139****0000');
  });

  it('masks a landline with its area code the same way', () => {
    expect(maskPhone('0571-88888888')).toBe('057*****8888');
  });

  it('hides a number too short to mask partially', () => {
    expect(maskPhone('1234567')).toBe('*******');
  });
});

describe('maskName', () => {
  it('keeps a one-character surname, as in the standard example', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
  });

  it('keeps a compound surname, as in the standard example', () => {
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳锋')).toBe('欧阳*');
    expect(maskName('司马光')).toBe('司马*');
    expect(maskName('诸葛亮')).toBe('诸葛*');
    expect(maskName('上官婉儿')).toBe('上官**');
  });

  it('reads a two-character name as surname and given name even when it spells a compound surname', () => {
    expect(maskName('欧阳')).toBe('欧*');
  });

  it('keeps the separators of transliterated names', () => {
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
  });

  it('counts characters outside the BMP as one', () => {
    expect(maskName('𠀾明')).toBe('𠀾*');
  });

  it('masks a single character and leaves an empty name empty', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });
});

describe('isMobilePhone', () => {
  it('accepts 11 digits starting 13–19', () => {
    expect(isMobilePhone('13900000000')).toBe(true);
    expect(isMobilePhone('19912345678')).toBe(true);
  });

  it('rejects other prefixes, lengths and formatting', () => {
    expect(isMobilePhone('12900000000')).toBe(false);
    expect(isMobilePhone('1390000000')).toBe(false);
    expect(isMobilePhone('139000000001')).toBe(false);
    expect(isMobilePhone('139 0000 0000')).toBe(false);
    expect(isMobilePhone('+8613900000000')).toBe(false);
  });
});
