import { describe, expect, it } from 'vitest';
import { candidatePairs, DEFAULT_BLOCKING_RULES, type BlockingRule } from './blocking.js';
import { RecordTable } from './comparison.js';
import type { LinkageRecord } from './types.js';

const row = (i: number, fields: Partial<LinkageRecord>): LinkageRecord => ({ sourceRowId: `r${i}`, source: 'XH-GA', name: '某某', ...fields });
const pairsOf = (table: RecordTable, rules?: readonly BlockingRule[], maxBlockSize?: number) => {
  const c = candidatePairs(table, rules, maxBlockSize);
  return { ...c, list: Array.from({ length: c.count }, (_, k) => `${c.a[k]}-${c.b[k]}`) };
};

describe('candidatePairs with the default rules', () => {
  it('pairs homophone names born the same day, and nothing else', () => {
    const table = new RecordTable([
      row(0, { name: '张伟', birthDate: '1985-03-12' }),
      row(1, { name: '章伟', birthDate: '1985-03-12' }),
      row(2, { name: '张伟', birthDate: '1990-01-01' }),
    ]);
    expect(pairsOf(table).list).toEqual(['0-1']);
  });

  it('pairs records by phone, by surname and dwelling, and by ID birth date and sequence', () => {
    const table = new RecordTable([
      row(0, { name: '王芳', phone: '13912345678' }),
      row(1, { name: '汪芳芳', phone: '13612345678' }),
      row(2, { name: '李明', address: '翠苑新村3幢2单元502室' }),
      row(3, { name: '黎敏', address: '翠苑新村3-2-502' }),
      row(4, { name: '赵六', idNumber: '330106198503121239' }),
      row(5, { name: '钱七', idNumber: '440106198503121231' }),
    ]);
    expect(pairsOf(table).list.sort()).toEqual(['0-1', '2-3', '4-5']);
  });

  it('compares a pair sharing several keys once, under the first rule', () => {
    const table = new RecordTable([
      row(0, { name: '张伟', birthDate: '1985-03-12', phone: '13912345678' }),
      row(1, { name: '张伟', birthDate: '1985-03-12', phone: '13912345678' }),
    ]);
    const { list, stats } = pairsOf(table);
    expect(list).toEqual(['0-1']);
    expect(stats.map((s) => s.pairs)).toEqual([1, 0, 0, 0]);
  });
});

describe('oversize blocks', () => {
  const phoneRule: BlockingRule = { name: 'phone', key: (t, i) => t.phone[i] % 1e8 };
  const nameRule: BlockingRule = { name: 'name', key: (t, i) => t.pinyinId[i] };
  const placeholder = Array.from({ length: 5 }, (_, i) => row(i, { name: i < 2 ? '张伟' : `人${i}`, phone: '13800000000' }));

  it('are skipped and reported rather than compared quadratically', () => {
    const { list, stats } = pairsOf(new RecordTable(placeholder), [phoneRule], 4);
    expect(list).toEqual([]);
    expect(stats[0]).toMatchObject({ oversizeBlocks: 1, recordsInOversizeBlocks: 5 });
  });

  it('leave their records to the other rules', () => {
    expect(pairsOf(new RecordTable(placeholder), [phoneRule, nameRule], 4).list).toEqual(['0-1']);
  });
});

describe('growth', () => {
  it('stays near one candidate pair per record as the number of distinct people grows', () => {
    const perRecord = (people: number) => {
      const records: LinkageRecord[] = [];
      for (let p = 0; p < people; p++) {
        const birthDate = `19${50 + (p % 50)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`;
        const person = { name: `张${String.fromCharCode(0x4e00 + (p % 2000))}`, birthDate, phone: String(13_000_000_000 + p) };
        records.push(row(2 * p, person), row(2 * p + 1, person));
      }
      return candidatePairs(new RecordTable(records), DEFAULT_BLOCKING_RULES).count / records.length;
    };
    expect(perRecord(4000)).toBeLessThan(perRecord(1000) * 1.5);
  });
});
