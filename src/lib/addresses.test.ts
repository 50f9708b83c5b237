import { describe, expect, it } from 'vitest';
import { normaliseDwellingPart, parseAddress, type KnownPlace } from './addresses.js';

const KNOWN: KnownPlace[] = [
  { name: '西湖区', level: 'district' },
  { name: '北山街道', level: 'street' },
  { name: '上保社区', level: 'community' },
  { name: '西溪街道', level: 'street' },
  { name: '石灰桥社区', level: 'community' },
];
const flat = (compound: string, building: string | null, unit: string | null, room: string | null) => expect.objectContaining({ compound, building, unit, room });

describe('parseAddress', () => {
  it('reads a full household-register address from province down to the room', () => {
    expect(parseAddress('浙江省杭州市西湖区北山街道文一西路123号翠苑新村3幢2单元301室', { knownPlaces: KNOWN })).toEqual({
      places: ['浙江省', '杭州市', '西湖区', '北山街道'],
      road: '文一西路',
      roadNumber: '123号',
      compound: '翠苑新村',
      building: '3',
      unit: '2',
      room: '301',
    });
  });

  it('reads the other ways a flat is written', () => {
    expect(parseAddress('翠苑新村3-2-301')).toEqual(flat('翠苑新村', '3', '2', '301'));
    expect(parseAddress('翠苑新村三幢二单元301')).toEqual(flat('翠苑新村', '3', '2', '301'));
    expect(parseAddress('翠苑新村3栋2单元301')).toEqual(flat('翠苑新村', '3', '2', '301'));
    expect(parseAddress('翠苑新村3号楼2单元0301室')).toEqual(flat('翠苑新村', '3', '2', '301'));
    expect(parseAddress('翠苑新村１２幢２单元３０１室')).toEqual(flat('翠苑新村', '12', '2', '301'));
    expect(parseAddress('金都花园12-1502')).toEqual(flat('金都花园', '12', null, '1502'));
    expect(parseAddress('宝石新村A座1201')).toEqual(flat('宝石新村', 'A', null, '1201'));
    expect(parseAddress('翠苑新村3幢')).toEqual(flat('翠苑新村', '3', null, null));
  });

  it('reads known community and district names off the front, and keeps compounds that look like districts', () => {
    expect(parseAddress('上保社区 金都花园 12栋1单元802室', { knownPlaces: KNOWN })).toMatchObject({ places: ['上保社区'], compound: '金都花园', building: '12' });
    expect(parseAddress('西湖区翠苑一区5幢301室', { knownPlaces: KNOWN })).toMatchObject({ places: ['西湖区'], compound: '翠苑一区' });
    // Unknown, a district at the very start is read when an address follows it; alone it is a compound.
    expect(parseAddress('西湖区翠苑一区5幢301室')).toMatchObject({ places: ['西湖区'], compound: '翠苑一区' });
    expect(parseAddress('翠苑一区5幢301室')).toMatchObject({ places: [], compound: '翠苑一区' });
    // After a known community nothing is a district any more, even behind a generic province and city.
    expect(parseAddress('浙江省杭州市西湖区西溪街道石灰桥社区之江路5号嘉绿一区1幢1单元101室', { knownPlaces: KNOWN })).toEqual({
      places: ['浙江省', '杭州市', '西湖区', '西溪街道', '石灰桥社区'],
      road: '之江路',
      roadNumber: '5号',
      compound: '嘉绿一区',
      building: '1',
      unit: '1',
      room: '101',
    });
  });

  it('reads a district written without its city, and does not let the street swallow it', () => {
    expect(parseAddress('西湖区北山街道保俶路12号翠苑新村3幢2单元502室')).toEqual({
      places: ['西湖区', '北山街道'],
      road: '保俶路',
      roadNumber: '12号',
      compound: '翠苑新村',
      building: '3',
      unit: '2',
      room: '502',
    });
    expect(parseAddress('西湖区翠苑新村3幢2单元502室')).toMatchObject({ places: ['西湖区'], compound: '翠苑新村', building: '3' });
    // 市 at the start is no district: 城市花园 is a compound.
    expect(parseAddress('城市花园3幢')).toMatchObject({ places: [], compound: '城市花园' });
  });

  it('keeps a 新村 after a road name as the compound, never as a village', () => {
    expect(parseAddress('西溪路新村3幢2单元101室')).toMatchObject({ road: '西溪路', compound: '西溪路新村', building: '3', unit: '2', room: '101' });
    expect(parseAddress('北山街道保俶路12号翠苑新村3幢2单元502室')).toMatchObject({ places: ['北山街道'], road: '保俶路', compound: '翠苑新村' });
    // A real village after a street is still a place.
    expect(parseAddress('北山街道留下村3幢')).toMatchObject({ places: ['北山街道', '留下村'] });
  });

  it('sets bracketed remarks aside, also when the closing bracket is missing', () => {
    expect(parseAddress('翠苑新村3幢2单元502室(东门)')).toEqual(flat('翠苑新村', '3', '2', '502'));
    expect(parseAddress('翠苑新村3幢2单元502室（东门）')).toEqual(flat('翠苑新村', '3', '2', '502'));
    expect(parseAddress('翠苑新村(东门)3幢2单元502室')).toEqual(flat('翠苑新村', '3', '2', '502'));
    expect(parseAddress('翠苑新村3幢2单元502室(东门')).toEqual(flat('翠苑新村', '3', '2', '502'));
    expect(parseAddress('翠苑新村3幢2单元502室(近保俶路)')).toMatchObject({ road: '保俶路', compound: '翠苑新村' });
  });

  it('keeps a road given in brackets after the flat', () => {
    expect(parseAddress('翠苑新村3幢2单元502室（文一西路123号）')).toEqual({
      places: [],
      road: '文一西路',
      roadNumber: '123号',
      compound: '翠苑新村',
      building: '3',
      unit: '2',
      room: '502',
    });
  });

  it('takes a numbered plot as the compound when no compound follows the road', () => {
    expect(parseAddress('文三路90号3幢')).toMatchObject({ road: '文三路', roadNumber: '90号', compound: '文三路90号', building: '3' });
  });

  it('leaves out what is not there', () => {
    expect(parseAddress('翠苑新村')).toMatchObject({ compound: '翠苑新村', building: null, unit: null, room: null });
    expect(parseAddress('')).toMatchObject({ compound: null, building: null });
  });
});

describe('normaliseDwellingPart', () => {
  it('reads building, unit and room numbers given in columns of their own', () => {
    expect(normaliseDwellingPart('3幢')).toBe('3');
    expect(normaliseDwellingPart('二单元')).toBe('2');
    expect(normaliseDwellingPart('0301室')).toBe('301');
    expect(normaliseDwellingPart('３')).toBe('3');
    expect(normaliseDwellingPart('b')).toBe('B');
  });
});
