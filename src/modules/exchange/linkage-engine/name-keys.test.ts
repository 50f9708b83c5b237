import { describe, expect, it } from 'vitest';
import { NameKeyCache, nameKeys, withinOneEdit } from './name-keys.js';

describe('nameKeys', () => {
  it('gives homophones one pinyin key', () => {
    expect(nameKeys('张伟').pinyin).toBe('zhang wei');
    expect(nameKeys('章伟').pinyin).toBe('zhang wei');
  });

  it('simplifies traditional characters and half-width forms', () => {
    expect(nameKeys('陳麗娟').simplified).toBe('陈丽娟');
    expect(nameKeys('张 伟').simplified).toBe('张伟');
  });

  it('reads a polyphonic surname as a surname (曾 zeng, 单 shan)', () => {
    expect(nameKeys('曾建国').surnamePinyin).toBe('zeng');
    expect(nameKeys('单丽').surnamePinyin).toBe('shan');
  });

  it('takes two syllables for a compound surname, one for a two-character name', () => {
    expect(nameKeys('欧阳娜娜').surnamePinyin).toBe('ou yang');
    expect(nameKeys('欧阳').surnamePinyin).toBe('ou');
  });

  it('memoises per distinct name', () => {
    const cache = new NameKeyCache();
    expect(cache.get('张伟')).toBe(cache.get('张伟'));
  });
});

describe('withinOneEdit', () => {
  it('accepts one substitution, insertion or deletion', () => {
    expect(withinOneEdit('张子轩', '张子涵')).toBe(true);
    expect(withinOneEdit('张子轩', '张轩')).toBe(true);
    expect(withinOneEdit('张轩', '张子轩')).toBe(true);
    expect(withinOneEdit('张伟', '张伟')).toBe(true);
  });

  it('rejects two edits', () => {
    expect(withinOneEdit('张子轩', '李子涵')).toBe(false);
    expect(withinOneEdit('张伟', '张伟民国')).toBe(false);
  });
});
