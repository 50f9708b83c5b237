import { describe, expect, it } from 'vitest';
import { addressTokens, compareAddresses } from './address-tokens.js';

describe('addressTokens', () => {
  it('reads the same dwelling out of four departments’ formats', () => {
    const formats = [
      '浙江省杭州市西湖区北山街道保俶路12号翠苑新村3幢2单元502室',
      '西湖区保俶路12号翠苑新村3栋2单元502',
      '翠苑新村3-2-502',
      '翠苑新村3幢2单元502室（保俶路12号）',
    ];
    for (const address of formats) {
      expect(addressTokens(address)).toMatchObject({ compound: '翠苑新村', building: '3', unit: '2', room: '502' });
    }
  });

  it('keeps a compound whose name ends like an administrative unit (翠苑一区)', () => {
    expect(addressTokens('浙江省杭州市西湖区北山街道文三路12号翠苑一区3幢2单元502室').compound).toBe('翠苑一区');
    expect(addressTokens('翠苑一区3-2-502').compound).toBe('翠苑一区');
  });

  it('cuts a compound containing a marker (城市花园) the same way whatever the prefix', () => {
    const full = addressTokens('浙江省杭州市西湖区北山街道文三路12号城市花园3幢2单元502室').compound;
    expect(addressTokens('城市花园3-2-502').compound).toBe(full);
  });

  it('reads building and room without a unit (3-502, 3号楼502室)', () => {
    expect(addressTokens('翠苑新村3-502')).toMatchObject({ building: '3', unit: null, room: '502' });
    expect(addressTokens('翠苑新村3号楼502室')).toMatchObject({ building: '3', unit: null, room: '502' });
  });

  it('drops leading zeros and full-width digits', () => {
    expect(addressTokens('翠苑新村３幢２单元０５０２室')).toMatchObject({ building: '3', unit: '2', room: '502' });
  });

  it('finds no compound in an address without a building number', () => {
    expect(addressTokens('北山街道保俶路12号').compound).toBeNull();
  });
});

describe('compareAddresses', () => {
  const at = (address: string) => addressTokens(address);

  it('matches a compound with a leftover prefix (西湖区翠苑新村 / 翠苑新村)', () => {
    expect(compareAddresses(at('西湖区翠苑新村3幢2单元502室'), at('翠苑新村3-2-502'))).toBe('same_dwelling');
  });

  it('lets a missing unit agree with any unit', () => {
    expect(compareAddresses(at('翠苑新村3-502'), at('翠苑新村3-2-502'))).toBe('same_dwelling');
  });

  it('tells the unit apart when both give it', () => {
    expect(compareAddresses(at('翠苑新村3-1-502'), at('翠苑新村3-2-502'))).toBe('same_building');
  });

  it('falls back to the text for addresses without structure', () => {
    expect(compareAddresses(at('北山街道保俶路12号'), at('北山街道 保俶路12号'))).toBe('same_dwelling');
    expect(compareAddresses(at('北山街道保俶路12号'), at('翠苑新村3-2-502'))).toBe('different');
  });
});
