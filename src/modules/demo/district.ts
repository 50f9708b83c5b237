// The demo district: real division names and codes of Hangzhou Xihu (GB/T 2260
// and the 12-digit statistical codes, as published mid-2023) so the demo is
// recognisable; grids, polygons, departments and people are synthetic.
import type { JurisdictionInput } from '../org/service.js';

const STREETS: Array<{ code: string; name: string; communities: Array<[code: string, name: string]> }> = [
  {
    code: '330106002',
    name: '北山街道',
    communities: [
      ['330106002051', '上保社区'],
      ['330106002052', '宝石社区'],
      ['330106002053', '金祝社区'],
      ['330106002054', '松木场社区'],
    ],
  },
  {
    code: '330106004',
    name: '西溪街道',
    communities: [
      ['330106004053', '石灰桥社区'],
      ['330106004055', '下马塍社区'],
      ['330106004056', '花园亭社区'],
      ['330106004058', '上马塍社区'],
    ],
  },
  {
    code: '330106005',
    name: '翠苑街道',
    communities: [
      ['330106005051', '保亭社区'],
      ['330106005052', '花园社区'],
      ['330106005053', '九莲社区'],
      ['330106005054', '黄姑山社区'],
    ],
  },
];

export const GRIDS_PER_COMMUNITY = 5;
export const DEMO_CITY = { code: '330100', name: '杭州市' };
export const DEMO_DISTRICT = { code: '330106', name: '西湖区' };

// Community cells on a lon/lat lattice around the real district's centre.
const ORIGIN = { lon: 120.1, lat: 30.25 };
const CELL = { lon: 0.012, lat: 0.01 };

type Ring = Array<[number, number]>;
const rectangle = (west: number, south: number, east: number, north: number): Ring => [
  [west, south],
  [east, south],
  [east, north],
  [west, north],
  [west, south],
];
const polygon = (ring: Ring) => ({ type: 'Polygon', coordinates: [ring.map(([x, y]) => [round(x), round(y)])] });
const round = (v: number) => Math.round(v * 1e6) / 1e6;

export interface DemoCommunity {
  code: string;
  name: string;
  streetCode: string;
  gridCodes: string[];
}

export function demoCommunities(): DemoCommunity[] {
  return STREETS.flatMap((street) =>
    street.communities.map(([code, name]) => ({
      code,
      name,
      streetCode: street.code,
      gridCodes: Array.from({ length: GRIDS_PER_COMMUNITY }, (_, i) => gridCode(code, i)),
    })),
  );
}

const gridCode = (communityCode: string, index: number) => `${communityCode}${String(index + 1).padStart(2, '0')}`;

/** The whole tree, parent first, with polygons for streets, communities and grids. */
export function demoJurisdictions(): JurisdictionInput[] {
  const out: JurisdictionInput[] = [
    { code: DEMO_CITY.code, name: DEMO_CITY.name, level: 'city', parentCode: null },
    {
      code: DEMO_DISTRICT.code,
      name: DEMO_DISTRICT.name,
      level: 'district',
      parentCode: DEMO_CITY.code,
      boundary: polygon(rectangle(ORIGIN.lon, ORIGIN.lat, ORIGIN.lon + 4 * CELL.lon, ORIGIN.lat + STREETS.length * CELL.lat)),
    },
  ];
  STREETS.forEach((street, row) => {
    const south = ORIGIN.lat + row * CELL.lat;
    out.push({
      code: street.code,
      name: street.name,
      level: 'street',
      parentCode: DEMO_DISTRICT.code,
      boundary: polygon(rectangle(ORIGIN.lon, south, ORIGIN.lon + street.communities.length * CELL.lon, south + CELL.lat)),
    });
    street.communities.forEach(([code, name], column) => {
      const west = ORIGIN.lon + column * CELL.lon;
      out.push({ code, name, level: 'community', parentCode: street.code, boundary: polygon(rectangle(west, south, west + CELL.lon, south + CELL.lat)) });
      const strip = CELL.lon / GRIDS_PER_COMMUNITY;
      for (let i = 0; i < GRIDS_PER_COMMUNITY; i++) {
        out.push({
          code: gridCode(code, i),
          name: `${name}第${i + 1}网格`,
          level: 'grid',
          parentCode: code,
          boundary: polygon(rectangle(west + i * strip, south, west + (i + 1) * strip, south + CELL.lat)),
        });
      }
    });
  });
  return out;
}

export const DEMO_DEPARTMENTS: Array<{ code: string; name: string; kind: string; isExternal?: boolean }> = [
  { code: 'XH-GA', name: '西湖公安分局（户籍）', kind: 'public_security' },
  { code: 'XH-MZ', name: '西湖区民政局', kind: 'civil_affairs' },
  { code: 'XH-WJ', name: '西湖区卫生健康局', kind: 'health' },
  { code: 'XH-LD', name: '西湖区流动人口和出租房屋服务管理中心', kind: 'floating_population' },
  { code: 'XH-RS', name: '西湖区人力资源和社会保障局', kind: 'human_resources' },
  { code: 'XH-CG', name: '西湖区城市管理局', kind: 'urban_management' },
  { code: 'XH-SJ', name: '西湖区市场监督管理局', kind: 'market_supervision' },
  { code: 'XH-XF', name: '西湖区消防救援大队', kind: 'fire' },
  { code: 'XH-TY', name: '西湖区退役军人事务局', kind: 'veterans' },
  { code: 'XH-CL', name: '西湖区残疾人联合会', kind: 'disabled_persons' },
  { code: 'XH-JY', name: '西湖区教育局', kind: 'education' },
  { code: 'HZ-SW', name: '杭州水务集团', kind: 'utility_water', isExternal: true },
  { code: 'HZ-GD', name: '国网杭州供电公司', kind: 'utility_power', isExternal: true },
  { code: 'HZ-RQ', name: '杭州市燃气集团', kind: 'utility_gas', isExternal: true },
  { code: 'XH-WY', name: '绿城物业西湖分公司', kind: 'property_company', isExternal: true },
];

export const DEMO_PASSWORD = 'Demo@2026';

/** Ages and tags of the synthetic population are computed as of this day. */
export const DEMO_REFERENCE_DATE = '2026-07-01T00:00:00+08:00';

const [firstCommunity, secondCommunity] = STREETS[0].communities;

/** One login per role (and a second community, to show that scopes do not leak). */
export const DEMO_LOGINS: Array<{ username: string; displayName: string; role: import('../../kernel/access/roles.js').Role; scope: string; department?: string }> = [
  { username: 'resident', displayName: '居民 王小明', role: 'resident', scope: firstCommunity[0] },
  { username: 'grid', displayName: '网格员 李静', role: 'grid_worker', scope: gridCode(firstCommunity[0], 0) },
  { username: 'community', displayName: `${firstCommunity[1]} 陈主任`, role: 'community_staff', scope: firstCommunity[0] },
  { username: 'community2', displayName: `${secondCommunity[1]} 周主任`, role: 'community_staff', scope: secondCommunity[0] },
  { username: 'street', displayName: `${STREETS[0].name} 赵科长`, role: 'street_staff', scope: STREETS[0].code },
  { username: 'department', displayName: '城管局 孙科员', role: 'department_staff', scope: DEMO_DISTRICT.code, department: 'XH-CG' },
  { username: 'leader', displayName: '区领导 吴区长', role: 'leader', scope: DEMO_DISTRICT.code },
  { username: 'party', displayName: '党建办 郑书记', role: 'party_admin', scope: DEMO_DISTRICT.code },
  { username: 'steward', displayName: '数据专员 冯工', role: 'data_steward', scope: DEMO_DISTRICT.code },
  { username: 'auditor', displayName: '审计员 何审', role: 'auditor', scope: DEMO_DISTRICT.code },
  { username: 'admin', displayName: '系统管理员', role: 'sysadmin', scope: DEMO_CITY.code },
];
