import { describe, expect, it } from 'vitest';
import { chineseNumeralToNumber, collapseWhitespace, normaliseName, toHalfWidth, toSimplified } from './chinese-text.js';

describe('toHalfWidth', () => {
  it('turns full-width digits, letters and punctuation into ASCII, and the ideographic space into a space', () => {
    expect(toHalfWidth('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(toHalfWidth('ＡＢｃ（３）　，')).toBe('ABc(3) ,');
  });

  it('leaves Chinese characters and CJK punctuation that have no ASCII form alone', () => {
    expect(toHalfWidth('张三、李四。')).toBe('张三、李四。');
  });
});

describe('toSimplified', () => {
  it('turns traditional characters into simplified ones, Hong Kong and Taiwan variants included', () => {
    expect(toSimplified('張偉')).toBe('张伟');
    expect(toSimplified('歐陽娜娜')).toBe('欧阳娜娜');
    expect(toSimplified('陳麗娟')).toBe('陈丽娟');
  });

  it('leaves simplified and Latin text as it is', () => {
    expect(toSimplified('张伟 John')).toBe('张伟 John');
  });
});

describe('normaliseName', () => {
  it('gives one form for the ways a name gets typed', () => {
    expect(normaliseName(' 張　偉 ')).toBe('张伟');
    expect(normaliseName('张 伟')).toBe('张伟');
    expect(normaliseName('ＷＡＮＧ  Lei')).toBe('WANG Lei');
  });

  it('uses one middle dot in transliterated names', () => {
    for (const written of ['阿依古丽·买买提', '阿依古丽•买买提', '阿依古丽・买买提', '阿依古丽 . 买买提', '阿依古丽．买买提']) {
      expect(normaliseName(written)).toBe('阿依古丽·买买提');
    }
  });
});

describe('collapseWhitespace', () => {
  it('makes runs of whitespace one space and trims', () => {
    expect(collapseWhitespace('  a \t b\n ')).toBe('a b');
  });
});

describe('chineseNumeralToNumber', () => {
  it('reads the numerals used for buildings, units and rooms', () => {
    expect(chineseNumeralToNumber('三')).toBe(3);
    expect(chineseNumeralToNumber('十')).toBe(10);
    expect(chineseNumeralToNumber('十二')).toBe(12);
    expect(chineseNumeralToNumber('二十三')).toBe(23);
    expect(chineseNumeralToNumber('一百零三')).toBe(103);
    expect(chineseNumeralToNumber('两千零五')).toBe(2005);
    expect(chineseNumeralToNumber('一〇三')).toBe(103);
  });

  it('refuses what is not a numeral', () => {
    expect(chineseNumeralToNumber('')).toBeNull();
    expect(chineseNumeralToNumber('百')).toBeNull();
    expect(chineseNumeralToNumber('三期')).toBeNull();
  });
});
