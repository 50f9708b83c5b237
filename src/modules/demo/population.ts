/**
 * Synthetic population for a demo district: dwellings, households and people
 * with realistic structure (household types, age pyramid, floating population,
 * vulnerable groups), so that reports, matching and the emergency roster have
 * something plausible to work on. Every person is invented; ID numbers are valid
 * in form only.
 *
 * Output is streamed in batches, so a million people never sit in memory at once.
 * Each batch holds whole dwellings with all their households and people, so a
 * consumer can insert dwellings → households → people batch by batch.
 *
 * Deterministic: the same options give byte-identical output. The records do not
 * depend on batchSize, only on where the batches are cut.
 *
 * IDs are sequential, zero-padded strings in generation order — D0000001 (dwelling),
 * H0000001 (household), P0000001 (person) — readable in a demo and stable for a
 * given seed. They are local to one generated population: a seeder that loads two
 * populations into one database maps them to its own keys.
 */

import { checkCharacter, type Sex } from '../../lib/id-number.js';
import { Random, WeightedTable, type Seed } from '../../lib/random.js';

export type { Sex };

export type RelationToHead = '本人' | '配偶' | '子' | '女' | '父母' | '孙子女' | '其他';

/** registered: lives where registered · floating: lives here, registered elsewhere (流动人口) · left: registered here, lives elsewhere (人户分离). */
export type ResidenceStatus = 'registered' | 'floating' | 'left';

export type PersonTag =
  | 'elderly_60'
  | 'elderly_80'
  | 'living_alone'
  | 'disabled'
  | 'low_income'
  | 'special_hardship'
  | 'veteran'
  | 'floating'
  | 'child'
  | 'school_age';

export type DisabilityGrade = 1 | 2 | 3 | 4;

export interface DemoCommunity {
  /** 12-digit statistical division code of the community (社区/村). */
  code: string;
  gridCodes: readonly string[];
  /** Start of every address in this community, e.g. 浙江省杭州市西湖区翠苑街道. */
  addressPrefix?: string;
}

export interface PopulationOptions {
  seed: Seed;
  /** Exact number of people to generate. */
  people: number;
  communities: readonly DemoCommunity[];
  /** Ages, and so the age tags, are as of this day in China time (UTC+8). */
  asOf: Date;
  /** People per batch, approximately (batches end on a dwelling boundary). Default 10,000. */
  batchSize?: number;
}

export interface DemoDwelling {
  id: string;
  communityCode: string;
  gridCode: string;
  /** 小区 name. */
  compound: string;
  /** 幢. */
  building: string;
  /** 单元. */
  unit: string;
  /** 室, floor × 100 + door: 1203. */
  room: string;
  address: string;
}

export interface DemoHousehold {
  id: string;
  dwellingId: string;
  headPersonId: string;
  registrationType: 'family' | 'collective';
}

export interface DemoPerson {
  id: string;
  householdId: string;
  dwellingId: string;
  relationToHead: RelationToHead;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: string;
  ethnicity: string;
  /** Adults only. */
  phone: string | null;
  residenceStatus: ResidenceStatus;
  tags: PersonTag[];
  /** Set exactly when tags include 'disabled'; 1 is the most severe. */
  disabilityGrade: DisabilityGrade | null;
}

export interface PopulationBatch {
  dwellings: DemoDwelling[];
  households: DemoHousehold[];
  people: DemoPerson[];
}

// ---------------------------------------------------------------------------
// Reference tables. Weights are relative; shares were tuned so that 20,000
// generated people land near published figures for an urban district
// (see population.test.ts for the bounds).
// ---------------------------------------------------------------------------

const MAX_AGE = 100;
const ADULT_AGE = 18;
/** Larger households exist but are rare in Chinese cities; the demo keeps to 1–5. */
const MAX_HOUSEHOLD_SIZE = 5;

/** 2020 census surname frequencies (per 10,000), with a few Zhejiang surnames and compound surnames. */
const SURNAMES = new WeightedTable<string>([
  ['王', 715], ['李', 700], ['张', 647], ['刘', 540], ['陈', 500], ['杨', 310], ['黄', 220],
  ['赵', 210], ['吴', 210], ['周', 200], ['徐', 170], ['孙', 150], ['马', 140], ['朱', 140],
  ['胡', 130], ['郭', 120], ['何', 120], ['林', 115], ['高', 110], ['罗', 95], ['郑', 95],
  ['梁', 85], ['谢', 80], ['宋', 75], ['唐', 70], ['许', 70], ['韩', 66], ['邓', 64],
  ['冯', 62], ['曹', 60], ['彭', 58], ['曾', 56], ['肖', 54], ['田', 52], ['董', 50],
  ['潘', 50], ['袁', 48], ['蔡', 46], ['蒋', 46], ['余', 45], ['于', 43], ['杜', 42],
  ['叶', 45], ['程', 40], ['魏', 39], ['苏', 38], ['吕', 37], ['丁', 36], ['任', 35],
  ['卢', 34], ['姚', 33], ['沈', 40], ['钟', 31], ['姜', 30], ['崔', 29], ['谭', 28],
  ['陆', 30], ['范', 26], ['汪', 28], ['廖', 24], ['石', 23], ['金', 26], ['韦', 21],
  ['贾', 20], ['夏', 20], ['付', 19], ['方', 22], ['邹', 18], ['熊', 18], ['白', 17],
  ['孟', 17], ['秦', 16], ['邱', 16], ['侯', 15], ['江', 15], ['尹', 14], ['薛', 14],
  ['闫', 13], ['段', 13], ['雷', 12], ['龙', 12], ['黎', 11], ['史', 11], ['陶', 10],
  ['贺', 10], ['毛', 12], ['郝', 9], ['顾', 11], ['龚', 9], ['邵', 10], ['万', 8],
  ['覃', 8], ['武', 8], ['钱', 12], ['戴', 7], ['严', 8], ['莫', 7], ['孔', 7],
  ['向', 6], ['常', 6], ['汤', 7], ['俞', 9], ['楼', 5], ['应', 5], ['童', 5], ['章', 7],
  ['裘', 2], ['虞', 2], ['竺', 1],
  ['欧阳', 1], ['司马', 0.3], ['上官', 0.3], ['诸葛', 0.3], ['东方', 0.2], ['皇甫', 0.2],
  ['司徒', 0.2], ['慕容', 0.1], ['令狐', 0.1], ['夏侯', 0.1],
]);

type Era = 'senior' | 'middle' | 'young';

interface GivenNamePool {
  /** Share of one-character given names, which were most popular in the 1970s–80s. */
  singleShare: number;
  single: readonly string[];
  whole: readonly string[];
  /** Composed names: a first and a second character. */
  first: readonly string[];
  second: readonly string[];
}

/** Given names follow fashion, so they are chosen by birth cohort: before 1960, 1960–89, 1990 on. */
const GIVEN_NAMES: Record<Era, Record<Sex, GivenNamePool>> = {
  senior: {
    male: {
      singleShare: 0.15,
      single: [...'强华明军林平斌勇忠福荣祥'],
      whole: ['建国', '建华', '国强', '国华', '志强', '志明', '德明', '德胜', '永强', '永明', '振华',
        '文斌', '学文', '家明', '福生', '金生', '根生', '水根', '建平', '建军', '卫国', '卫东',
        '援朝', '长生', '玉林', '树林', '春生', '国庆', '宝林', '德荣'],
      first: [...'建国志德永振文学家金福根水长树春玉卫'],
      second: [...'国华明林生成忠强平民荣富发良才祥山'],
    },
    female: {
      singleShare: 0.15,
      single: [...'英兰珍芳梅华凤萍琴娟霞云'],
      whole: ['秀英', '桂英', '玉兰', '秀兰', '淑珍', '桂兰', '凤英', '玉珍', '秀珍', '美华',
        '月娥', '彩凤', '素珍', '宝珠', '金花', '翠花', '凤仙', '玉梅', '秀芳', '桂芳', '美英',
        '兰英', '菊英', '雪梅', '红梅', '爱华', '丽华', '杏娟', '阿珍', '小妹'],
      first: [...'秀桂玉凤美月彩素金翠兰菊雪红爱淑宝杏'],
      second: [...'英兰珍芳华娥凤梅仙珠花琴娣香莲贞云'],
    },
  },
  middle: {
    male: {
      singleShare: 0.3,
      single: [...'伟勇军磊涛斌强杰鹏超刚峰波辉明浩健亮宁晨'],
      whole: ['建伟', '志刚', '海涛', '晓东', '立新', '俊杰', '文杰', '建斌', '晓峰', '国栋',
        '志勇', '海波', '永刚', '卫平', '小龙', '天宇', '雪峰', '晓明', '振宇', '立军', '少华',
        '伟民', '鹏飞', '宏伟', '家豪', '云飞', '俊峰', '明亮', '春雷', '剑锋'],
      first: [...'建志晓海立永俊文国振伟卫小红春宏明剑'],
      second: [...'伟刚涛东新杰斌峰栋勇波军龙明华宇飞锋'],
    },
    female: {
      singleShare: 0.3,
      single: [...'丽静敏燕艳娟霞芳婷玲雪琳洁萍颖莉娜倩'],
      whole: ['丽娟', '晓燕', '海燕', '秀梅', '丽萍', '春燕', '雪梅', '晓丽', '美玲', '丽华',
        '红霞', '文静', '小红', '晓红', '丽丽', '婷婷', '燕燕', '玉婷', '慧敏', '佳丽', '晓婷',
        '雅琴', '莉莉', '凤霞', '静怡', '晓娟', '亚琴', '美娟', '晶晶', '雯雯'],
      first: [...'丽晓海秀春美红雪文小慧佳雅亚玉凤晶燕'],
      second: [...'娟燕梅萍华霞静丽红玲琴敏婷芳莉娜艳洁'],
    },
  },
  young: {
    male: {
      singleShare: 0.1,
      single: [...'浩宇轩睿博晨阳凯昊毅涛杰'],
      whole: ['子轩', '浩然', '宇轩', '梓轩', '浩宇', '俊熙', '一鸣', '子墨', '宇航', '皓轩',
        '明轩', '梓豪', '俊宇', '浩轩', '子豪', '博文', '睿哲', '铭泽', '思远', '天佑', '沐阳',
        '奕辰', '子涵', '博宇', '嘉豪', '宇泽', '景行', '承泽', '梓睿', '一诺'],
      first: [...'子浩宇梓俊一皓明博睿铭思天沐奕嘉景承'],
      second: [...'轩然宇豪鸣墨航熙泽文哲远佑阳辰涵睿行'],
    },
    female: {
      singleShare: 0.1,
      single: [...'萱琪悦彤妍怡璐瑶婷琳雯欣'],
      whole: ['欣怡', '梓涵', '诗涵', '梓萱', '子涵', '一诺', '雨桐', '欣妍', '可馨', '思彤',
        '语桐', '紫涵', '佳怡', '梦瑶', '雨萱', '若汐', '诗雨', '芷若', '婉清', '心怡', '欣然',
        '佳琪', '思雨', '雅琪', '依诺', '梓晴', '语嫣', '可欣', '沐晴', '安琪'],
      first: [...'欣梓诗雨可思语紫佳梦若芷婉心雅依沐安'],
      second: [...'怡涵萱桐妍馨彤瑶汐雨若清然琪诺晴嫣悦'],
    },
  },
};

const HAN = '汉族';

/** Minorities as seen among Zhejiang residents and migrants (畲族 is native to Zhejiang). */
const MINORITIES = new WeightedTable<string>([
  ['土家族', 16], ['苗族', 16], ['布依族', 9], ['侗族', 8], ['畲族', 8], ['回族', 8], ['壮族', 8],
  ['彝族', 6], ['满族', 5], ['仡佬族', 3], ['蒙古族', 3], ['白族', 2], ['瑶族', 2], ['水族', 2],
  ['朝鲜族', 1], ['维吾尔族', 1], ['藏族', 1], ['黎族', 1],
]);
const MINORITY_SHARE_REGISTERED = 0.01;
const MINORITY_SHARE_FLOATING = 0.05;

/**
 * Region codes (GB/T 2260) where adults registered in the district were first issued their ID:
 * mostly Hangzhou, including codes retired in 2021 (下城 330103, 江干 330104) and 2015
 * (富阳县级市 330183) that old ID numbers still carry, plus people who moved their
 * registration here from elsewhere.
 */
const REGISTERED_ADULT_REGIONS = new WeightedTable<string>([
  ['330106', 40], ['330102', 8], ['330103', 7], ['330104', 4], ['330105', 5], ['330108', 3],
  ['330109', 3], ['330110', 4], ['330183', 2], ['330122', 1],
  ['330302', 2], ['330602', 2], ['330702', 2], ['331002', 2], ['330203', 2], ['330402', 1],
  ['330502', 1], ['330802', 1], ['331102', 1], ['330902', 1],
  ['310104', 1], ['320106', 1], ['340104', 1], ['360102', 1], ['410105', 1], ['430102', 1],
  ['420106', 1], ['510104', 1], ['370102', 1], ['610103', 1],
]);

/** Children registered here get their number where they were born, in current codes. */
const REGISTERED_CHILD_REGIONS = new WeightedTable<string>([
  ['330106', 80], ['330102', 6], ['330105', 5], ['330108', 3], ['330110', 3], ['330109', 3],
]);

/** Home counties of the floating population: the rest of Zhejiang and the usual sending provinces. */
const FLOATING_REGIONS = new WeightedTable<string>([
  ['330302', 2], ['330326', 2], ['330382', 2], ['330602', 1], ['330681', 2], ['330702', 1],
  ['330781', 2], ['330824', 2], ['330881', 2], ['331002', 1], ['331082', 2], ['331121', 1],
  ['330522', 1],
  ['341221', 3], ['341222', 3], ['341321', 2], ['341522', 2], ['340121', 1], ['341125', 2],
  ['340826', 2],
  ['411522', 2], ['411627', 2], ['411381', 2], ['410482', 1],
  ['361127', 2], ['360428', 2], ['361025', 1], ['360721', 1], ['361181', 1],
  ['510722', 2], ['511321', 2], ['511381', 1], ['511722', 1],
  ['430524', 1], ['431021', 1], ['430923', 1], ['431224', 1],
  ['420116', 1], ['421022', 1], ['421127', 1],
  ['520321', 1], ['522426', 1], ['520102', 1],
  ['320830', 1], ['321302', 1], ['370921', 1], ['371321', 1], ['500235', 2], ['500101', 1],
  ['450902', 1], ['530324', 1], ['620523', 1], ['610125', 1], ['230103', 1], ['350583', 1],
]);

/** Every region code above, indexed, for the ID sequence counters. */
const REGION_INDEX = new Map<string, number>(
  [...new Set([...REGISTERED_ADULT_REGIONS.items, ...REGISTERED_CHILD_REGIONS.items, ...FLOATING_REGIONS.items])]
    .map((code, i) => [code, i]),
);

/** Mobile number prefixes in use; the suffix makes each number unique. */
const PHONE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182',
  '183', '184', '185', '186', '187', '188', '189', '191', '198', '199',
];
/** Coprime with 10^8, so index × step mod 10^8 visits every 8-digit suffix once. */
const PHONE_SUFFIX_STEP = 73_939_133;
const PHONE_SUFFIXES = 100_000_000;

/** Roads of Hangzhou's Xihu district, for addresses that look local. */
const ROADS = [
  '文一西路', '文二西路', '文三路', '文一路', '文二路', '天目山路', '古墩路', '学院路', '教工路',
  '莫干山路', '紫金港路', '留和路', '之江路', '西溪路', '余杭塘路', '丰潭路', '古翠路', '黄姑山路',
  '翠柏路', '保俶路', '曙光路', '玉古路', '求是路', '申花路', '振华路', '竞舟路', '马塍路', '花蒋路',
];

const COMPOUND_STEMS = [
  '翠苑', '文鼎', '嘉绿', '金都', '丰潭', '古荡', '学院', '文华', '西溪', '紫金', '桂花', '蓝天',
  '和睦', '益乐', '莲花', '华星', '耀江', '求是', '嘉华', '锦绣', '新湖', '德加', '阳光', '春江',
  '竞舟', '政苑', '五联', '北山', '宝石', '骆家庄', '申花', '三墩', '景芳', '梅苑', '桃源', '清水',
  '九莲', '兰亭', '枫丹', '留下',
];

interface CompoundStyle {
  suffixes: readonly string[];
  buildings: readonly [number, number];
  units: readonly [number, number];
  floors: readonly [number, number];
  doorsPerFloor: readonly [number, number];
}

/** Walk-up 新村 of the 1980s–90s and high-rise estates built since. */
const COMPOUND_STYLES = new WeightedTable<CompoundStyle>([
  [{ suffixes: ['新村', '小区', '一区', '二区', '三区'], buildings: [8, 40], units: [2, 4], floors: [5, 7], doorsPerFloor: [2, 2] }, 40],
  [{ suffixes: ['花园', '苑', '家园', '公寓', '雅苑', '府', '名苑', '花苑'], buildings: [4, 20], units: [1, 2], floors: [11, 33], doorsPerFloor: [2, 4] }, 60],
]);

const PHASE_NUMERALS = ['', '', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Used to spread buildings over grids before the community's dwellings are known. */
const EXPECTED_PEOPLE_PER_DWELLING = 2.4;
const VACANT_SHARE = 0.06;
/** Registered family lives elsewhere and lets the flat to a floating household. */
const LET_OUT_SHARE = 0.05;
const FLOATING_SHARE = 0.22;

type HouseholdKind =
  | 'single_adult'
  | 'elderly_alone'
  | 'young_couple'
  | 'middle_couple'
  | 'elderly_couple'
  | 'nuclear_one'
  | 'nuclear_two'
  | 'single_parent'
  | 'three_generation'
  | 'grandparent_headed'
  | 'parent_with_adult_child'
  | 'collective';

const REGISTERED_KINDS = new WeightedTable<HouseholdKind>([
  ['single_adult', 9], ['elderly_alone', 11], ['young_couple', 5], ['middle_couple', 13],
  ['elderly_couple', 15], ['nuclear_one', 17], ['nuclear_two', 6], ['single_parent', 3],
  ['three_generation', 10], ['grandparent_headed', 4], ['parent_with_adult_child', 5],
  ['collective', 0.5],
]);

/** Migrants are mostly young: single workers, couples, young families, shared rentals. */
const FLOATING_KINDS = new WeightedTable<HouseholdKind>([
  ['single_adult', 36], ['young_couple', 18], ['nuclear_one', 20], ['nuclear_two', 6],
  ['three_generation', 5], ['collective', 8], ['middle_couple', 4],
]);

type AgeBand = readonly [min: number, max: number];

const SINGLE_ADULT_AGES = new WeightedTable<AgeBand>([[[22, 29], 35], [[30, 39], 30], [[40, 49], 18], [[50, 59], 17]]);
const FLOATING_SINGLE_AGES = new WeightedTable<AgeBand>([[[18, 24], 25], [[25, 34], 45], [[35, 44], 18], [[45, 59], 12]]);
const ELDERLY_ALONE_AGES = new WeightedTable<AgeBand>([
  [[60, 64], 18], [[65, 69], 20], [[70, 74], 20], [[75, 79], 17], [[80, 84], 14], [[85, 89], 8], [[90, 99], 3],
]);
const ELDERLY_COUPLE_WIFE_AGES = new WeightedTable<AgeBand>([
  [[58, 64], 30], [[65, 69], 27], [[70, 74], 20], [[75, 79], 12], [[80, 84], 8], [[85, 92], 3],
]);
const YOUNG_COUPLE_WIFE_AGES = new WeightedTable<AgeBand>([[[21, 25], 25], [[26, 30], 45], [[31, 36], 30]]);
/** Children still at home include unmarried adult children, common in Chinese cities. */
const CHILD_AGES = new WeightedTable<AgeBand>([[[0, 17], 82], [[18, 30], 18]]);
const FLOATING_CHILD_AGES = new WeightedTable<AgeBand>([[[0, 5], 40], [[6, 15], 55], [[16, 20], 5]]);
/** Husbands are usually a little older. */
const HUSBAND_AGE_GAPS = new WeightedTable<number>([[-2, 4], [-1, 6], [0, 15], [1, 18], [2, 18], [3, 14], [4, 10], [5, 7], [6, 4], [8, 4]]);

/** Disability prevalence rises steeply with age (2006 national sample survey: 6.3% overall). */
const DISABILITY_RATE_BY_AGE: ReadonlyArray<readonly [minAge: number, rate: number]> = [
  [80, 0.3], [60, 0.14], [45, 0.06], [18, 0.03], [0, 0.015],
];
/** Grade 1 is the most severe and the rarest. */
const DISABILITY_GRADES = new WeightedTable<DisabilityGrade>([[1, 11], [2, 22], [3, 27], [4, 40]]);

/** Minimum-living-allowance households (低保); more likely with a disabled or elderly member. */
const LOW_INCOME_HOUSEHOLD_RATE = 0.015;
/** Of registered people living alone who cannot work (60+ or severely disabled), those supported as 特困. */
const SPECIAL_HARDSHIP_RATE = 0.05;
/** Registered young adults (18–35, not the head) studying or working elsewhere. */
const LEFT_RATE_YOUNG_ADULT = 0.12;

// ---------------------------------------------------------------------------

export function generatePopulation(options: PopulationOptions): Generator<PopulationBatch, void, undefined> {
  validateOptions(options);
  return new PopulationGenerator(options).run();
}

function validateOptions(options: PopulationOptions): void {
  const { people, communities, asOf, batchSize } = options;
  if (!Number.isSafeInteger(people) || people < 0) throw new RangeError('people must be a whole number ≥ 0');
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError('asOf must be a valid Date');
  if (batchSize !== undefined && (!Number.isSafeInteger(batchSize) || batchSize < 1)) {
    throw new RangeError('batchSize must be a whole number ≥ 1');
  }
  if (people > 0 && communities.length === 0) throw new RangeError('people need at least one community');
  for (const community of communities) {
    if (!/^\d{12}$/.test(community.code)) {
      throw new RangeError(`community code must be 12 digits: ${JSON.stringify(community.code)}`);
    }
    if (community.gridCodes.length === 0) throw new RangeError(`community ${community.code} has no grid codes`);
  }
}

/** A household member while the household is being composed; reused across households. */
interface Member {
  relation: RelationToHead;
  sex: Sex;
  age: number;
  surname: string;
  region: string;
  ethnicity: string;
  status: ResidenceStatus;
  disabilityGrade: DisabilityGrade | null;
  veteran: boolean;
}

interface Compound {
  name: string;
  /** Address up to and including the compound name. */
  address: string;
  buildings: number;
  units: number;
  floors: number;
  doorsPerFloor: number;
}

/** Where the next dwelling of a community comes from. */
interface CommunityCursor {
  community: DemoCommunity;
  dwellingsPerGrid: number;
  dwellingOrdinal: number;
  compoundNames: Map<string, number>;
  compound: Compound | null;
  building: number;
  unit: number;
  floor: number;
  door: number;
  gridCode: string;
}

class PopulationGenerator {
  private readonly rng: Random;
  private readonly people: number;
  private readonly communities: readonly DemoCommunity[];
  private readonly batchSize: number;

  /**
   * Birth days are offsets from the earliest possible birth day; these tables hold
   * each day's strings so that no date arithmetic happens per person.
   */
  private readonly isoDates: string[] = [];
  private readonly compactDates: string[] = [];
  private readonly birthYears: number[] = [];
  /** For each age, the range of day offsets that give exactly that age on asOf. */
  private readonly earliestOffsetByAge: number[] = [];
  private readonly latestOffsetByAge: number[] = [];

  /** People already numbered per (region, birth day, sex): keeps ID numbers unique. */
  private readonly idSequenceCounts: Uint16Array;
  private readonly idSalt: number;
  private readonly phoneSalt: number;

  private dwellingCount = 0;
  private householdCount = 0;
  private personCount = 0;
  private phoneCount = 0;

  private readonly members: Member[] = [];
  private memberCount = 0;
  private batch: PopulationBatch = emptyBatch();

  constructor(options: PopulationOptions) {
    this.rng = new Random(options.seed);
    this.people = options.people;
    this.communities = options.communities;
    this.batchSize = options.batchSize ?? 10_000;
    this.buildCalendar(options.asOf);
    this.idSequenceCounts = new Uint16Array(REGION_INDEX.size * this.isoDates.length * 2);
    this.idSalt = this.rng.uint32();
    this.phoneSalt = this.rng.int(0, PHONE_SUFFIXES - 1);
  }

  *run(): Generator<PopulationBatch, void, undefined> {
    const quotas = this.allocateQuotas();
    for (let i = 0; i < this.communities.length; i++) {
      if (quotas[i] > 0) yield* this.populateCommunity(this.communities[i], quotas[i]);
    }
    if (this.batch.dwellings.length > 0) yield this.batch;
  }

  private buildCalendar(asOf: Date): void {
    const china = new Date(asOf.getTime() + 8 * 3600 * 1000);
    const year = china.getUTCFullYear();
    const month = china.getUTCMonth();
    const day = china.getUTCDate();
    // The same month and day `years` earlier, on Feb 28 when that year has no Feb 29.
    const sameDayYearsBefore = (years: number): number => {
      const y = year - years;
      const lastDay = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
      return Date.UTC(y, month, Math.min(day, lastDay)) / 86_400_000;
    };
    const firstDay = sameDayYearsBefore(MAX_AGE + 1) + 1;
    const lastDay = sameDayYearsBefore(0);
    for (let d = firstDay; d <= lastDay; d++) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
      this.isoDates.push(iso);
      this.compactDates.push(iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10));
      this.birthYears.push(Number(iso.slice(0, 4)));
    }
    for (let age = 0; age <= MAX_AGE; age++) {
      this.earliestOffsetByAge.push(sameDayYearsBefore(age + 1) + 1 - firstDay);
      this.latestOffsetByAge.push(sameDayYearsBefore(age) - firstDay);
    }
  }

  /** Community sizes vary by ±40%; largest remainders make the total exact. */
  private allocateQuotas(): number[] {
    const weights = this.communities.map(() => 0.6 + 0.8 * this.rng.next());
    const total = weights.reduce((sum, w) => sum + w, 0);
    const exact = weights.map((w) => (this.people * w) / total);
    const quotas = exact.map(Math.floor);
    let missing = this.people - quotas.reduce((sum, q) => sum + q, 0);
    const byRemainder = exact.map((_, i) => i).sort((i, j) => (exact[j] - quotas[j]) - (exact[i] - quotas[i]) || i - j);
    for (let k = 0; missing > 0; k++, missing--) quotas[byRemainder[k]]++;
    return quotas;
  }

  private *populateCommunity(community: DemoCommunity, quota: number): Generator<PopulationBatch, void, undefined> {
    const expectedDwellings = Math.ceil(quota / EXPECTED_PEOPLE_PER_DWELLING);
    const cursor: CommunityCursor = {
      community,
      dwellingsPerGrid: Math.max(1, Math.ceil(expectedDwellings / community.gridCodes.length)),
      dwellingOrdinal: 0,
      compoundNames: new Map(),
      compound: null,
      building: 0,
      unit: 0,
      floor: 0,
      door: 0,
      gridCode: community.gridCodes[0],
    };
    let placed = 0;
    while (placed < quota) {
      const dwelling = this.nextDwelling(cursor);
      this.batch.dwellings.push(dwelling);
      const occupancy = this.rng.next();
      if (occupancy < VACANT_SHARE) continue;
      if (occupancy < VACANT_SHARE + LET_OUT_SHARE) {
        placed += this.addHousehold(dwelling.id, false, quota - placed, true);
        if (placed < quota) placed += this.addHousehold(dwelling.id, true, quota - placed, false);
      } else {
        const floating = occupancy < VACANT_SHARE + LET_OUT_SHARE + FLOATING_SHARE;
        placed += this.addHousehold(dwelling.id, floating, quota - placed, false);
      }
      if (this.batch.people.length >= this.batchSize) {
        yield this.batch;
        this.batch = emptyBatch();
      }
    }
  }

  // --- dwellings -----------------------------------------------------------

  private nextDwelling(cursor: CommunityCursor): DemoDwelling {
    let compound = cursor.compound;
    if (compound && ++cursor.door > compound.doorsPerFloor) {
      cursor.door = 1;
      if (++cursor.floor > compound.floors) {
        cursor.floor = 1;
        if (++cursor.unit > compound.units) {
          cursor.unit = 1;
          if (++cursor.building > compound.buildings) compound = null;
          else this.startBuilding(cursor);
        }
      }
    }
    if (!compound) {
      compound = cursor.compound = this.newCompound(cursor);
      cursor.building = cursor.unit = cursor.floor = cursor.door = 1;
      this.startBuilding(cursor);
    }
    cursor.dwellingOrdinal++;
    const building = String(cursor.building);
    const unit = String(cursor.unit);
    const room = String(cursor.floor * 100 + cursor.door);
    return {
      id: 'D' + pad7(++this.dwellingCount),
      communityCode: cursor.community.code,
      gridCode: cursor.gridCode,
      compound: compound.name,
      building,
      unit,
      room,
      address: `${compound.address}${building}幢${unit}单元${room}室`,
    };
  }

  /** A building lies in one grid; grids fill in order so that each covers neighbouring buildings. */
  private startBuilding(cursor: CommunityCursor): void {
    const grids = cursor.community.gridCodes;
    cursor.gridCode = grids[Math.min(grids.length - 1, Math.floor(cursor.dwellingOrdinal / cursor.dwellingsPerGrid))];
  }

  private newCompound(cursor: CommunityCursor): Compound {
    const rng = this.rng;
    const style = rng.weightedPick(COMPOUND_STYLES);
    const stem = rng.pick(COMPOUND_STEMS);
    let suffix = rng.pick(style.suffixes);
    if (stem.endsWith(suffix[0])) suffix = style.suffixes[0]; // no 翠苑苑
    const baseName = stem + suffix;
    // A second compound of the same name in one community is a later phase: 翠苑新村二期.
    const phase = (cursor.compoundNames.get(baseName) ?? 0) + 1;
    cursor.compoundNames.set(baseName, phase);
    const name = phase === 1 ? baseName : `${baseName}${PHASE_NUMERALS[phase] ?? String(phase)}期`;
    const road = rng.pick(ROADS);
    return {
      name,
      address: `${cursor.community.addressPrefix ?? ''}${road}${rng.int(1, 600)}号${name}`,
      buildings: rng.int(style.buildings[0], style.buildings[1]),
      units: rng.int(style.units[0], style.units[1]),
      floors: rng.int(style.floors[0], style.floors[1]),
      doorsPerFloor: rng.int(style.doorsPerFloor[0], style.doorsPerFloor[1]),
    };
  }

  // --- households ----------------------------------------------------------

  /** Composes one household, trims it to the people still to place in the community, emits it; returns its size. */
  private addHousehold(dwellingId: string, floating: boolean, stillToPlace: number, letOut: boolean): number {
    const kind = this.rng.weightedPick(floating ? FLOATING_KINDS : REGISTERED_KINDS);
    this.memberCount = 0;
    this.composeHousehold(kind, floating);
    if (this.memberCount > stillToPlace) this.memberCount = stillToPlace;
    this.assignResidence(floating, letOut);
    for (let i = 0; i < this.memberCount; i++) this.assignHealthAndService(this.members[i]);

    const householdId = 'H' + pad7(++this.householdCount);
    const firstPerson = this.personCount + 1;
    const flags = this.householdFlags(floating);
    for (let i = 0; i < this.memberCount; i++) {
      this.batch.people.push(this.materialise(this.members[i], householdId, dwellingId, flags, i));
    }
    this.batch.households.push({
      id: householdId,
      dwellingId,
      headPersonId: 'P' + pad7(firstPerson),
      registrationType: kind === 'collective' ? 'collective' : 'family',
    });
    return this.memberCount;
  }

  private composeHousehold(kind: HouseholdKind, floating: boolean): void {
    const rng = this.rng;
    switch (kind) {
      case 'single_adult': {
        const age = this.ageFrom(floating ? FLOATING_SINGLE_AGES : SINGLE_ADULT_AGES);
        this.addHead(rng.chance(0.55) ? 'male' : 'female', age, floating);
        return;
      }
      case 'elderly_alone':
        // Women live longer, so most old people living alone are widows.
        this.addHead(rng.chance(0.35) ? 'male' : 'female', this.ageFrom(ELDERLY_ALONE_AGES), floating);
        return;
      case 'young_couple':
        this.addCouple(this.ageFrom(YOUNG_COUPLE_WIFE_AGES), floating);
        return;
      case 'middle_couple':
        this.addCouple(rng.int(45, 62), floating);
        return;
      case 'elderly_couple':
        this.addCouple(this.ageFrom(ELDERLY_COUPLE_WIFE_AGES), floating);
        return;
      case 'nuclear_one': {
        const childAge = this.ageFrom(floating ? FLOATING_CHILD_AGES : CHILD_AGES);
        const [father, mother] = this.addCouple(childAge + rng.int(23, 35), floating);
        this.addChild(childAge, father, mother, floating);
        return;
      }
      case 'nuclear_two': {
        const younger = rng.int(0, 15);
        const elder = younger + rng.int(2, 9);
        const [father, mother] = this.addCouple(elder + rng.int(22, 33), floating);
        this.addChild(elder, father, mother, floating);
        this.addChild(younger, father, mother, floating);
        return;
      }
      case 'single_parent': {
        const childAge = rng.int(0, 17);
        const head = this.addHead(rng.chance(0.75) ? 'female' : 'male', childAge + rng.int(24, 38), floating);
        // After a divorce the child usually keeps the father's surname.
        const surname = head.sex === 'male' || rng.chance(0.3) ? head.surname : this.surname();
        const sex = this.childSex();
        this.addMember(childRelation(sex), sex, childAge, surname, floating ? head.region : this.childRegion(), head.ethnicity);
        return;
      }
      case 'three_generation': {
        const childAge = rng.int(0, 14);
        const [father, mother] = this.addCouple(childAge + rng.int(24, 34), floating);
        this.addGrandparents(floating);
        this.addChild(childAge, father, mother, floating);
        if (this.memberCount < MAX_HOUSEHOLD_SIZE && rng.chance(0.3)) {
          this.addChild(Math.max(0, childAge - rng.int(2, 6)), father, mother, floating);
        }
        return;
      }
      case 'grandparent_headed':
        this.composeGrandparentHeaded();
        return;
      case 'parent_with_adult_child': {
        // An unmarried adult child still living with one or both parents.
        const parentAge = rng.int(58, 88);
        let surname: string;
        if (rng.chance(0.5)) {
          surname = this.addCouple(parentAge - rng.int(0, 3), floating)[0].surname;
        } else {
          const parent = this.addHead(rng.chance(0.35) ? 'male' : 'female', parentAge, floating);
          surname = parent.sex === 'male' ? parent.surname : this.surname();
        }
        const sex = this.childSex();
        this.addMember(childRelation(sex), sex, Math.max(20, parentAge - rng.int(25, 36)), surname,
          this.adultRegion(floating), this.members[0].ethnicity);
        return;
      }
      case 'collective':
        this.composeCollective(floating);
        return;
    }
  }

  /** An elderly head with spouse, an adult child with spouse, and grandchildren. */
  private composeGrandparentHeaded(): void {
    const rng = this.rng;
    const headAge = rng.int(60, 84);
    const head = rng.chance(0.65)
      ? this.addCouple(headAge - rng.int(0, 3), false)[0]
      : this.addHead(rng.chance(0.3) ? 'male' : 'female', headAge, false);
    const childSex = this.childSex();
    const childAge = headAge - rng.int(25, 32);
    const paternalSurname = head.sex === 'male' ? head.surname : this.surname();
    const child = this.addMember(childRelation(childSex), childSex, childAge, paternalSurname,
      this.adultRegion(false), head.ethnicity);
    let grandchildSurname = child.surname;
    if (rng.chance(0.7)) {
      const inLaw = this.addMember('其他', childSex === 'male' ? 'female' : 'male', childAge + rng.int(-3, 3),
        this.surname(), this.adultRegion(false), this.ethnicity(false));
      if (childSex === 'female') grandchildSurname = inLaw.surname;
    }
    const grandchildren = this.memberCount < MAX_HOUSEHOLD_SIZE - 1 && rng.chance(0.25) ? 2 : 1;
    for (let i = 0; i < grandchildren; i++) {
      this.addMember('孙子女', this.childSex(), rng.int(0, Math.min(15, childAge - 22)), grandchildSurname,
        this.childRegion(), head.ethnicity);
    }
  }

  /** Unrelated adults sharing a flat or a dormitory; mostly of one sex. */
  private composeCollective(floating: boolean): void {
    const rng = this.rng;
    const size = rng.int(3, MAX_HOUSEHOLD_SIZE);
    const groupSex: Sex = rng.chance(0.6) ? 'male' : 'female';
    for (let i = 0; i < size; i++) {
      const sex = rng.chance(0.8) ? groupSex : otherSex(groupSex);
      const age = this.ageFrom(FLOATING_SINGLE_AGES);
      this.addMember(i === 0 ? '本人' : '其他', sex, age, this.surname(), this.adultRegion(floating), this.ethnicity(floating));
    }
  }

  /** The head's parents, or a widowed parent, usually the mother; migrants bring one grandparent to help with children. */
  private addGrandparents(floating: boolean): void {
    const rng = this.rng;
    const head = this.members[0];
    const both = !floating && rng.chance(0.55);
    const withFather = both || rng.chance(0.3);
    const withMother = both || !withFather || rng.chance(0.7);
    const fatherAge = Math.min(MAX_AGE, head.age + rng.int(24, 32));
    const region = floating || rng.chance(0.6) ? head.region : this.adultRegion(false);
    if (withFather) {
      this.addMember('父母', 'male', fatherAge, head.surname, region, head.ethnicity);
    }
    if (withMother) {
      this.addMember('父母', 'female', Math.max(head.age + 20, fatherAge - this.husbandAgeGap()), this.surname(),
        region, head.ethnicity);
    }
  }

  private addHead(sex: Sex, age: number, floating: boolean): Member {
    return this.addMember('本人', sex, age, this.surname(), this.adultRegion(floating), this.ethnicity(floating));
  }

  /** Adds a married couple as head and spouse (the husband is head 80% of the time); returns [husband, wife]. */
  private addCouple(wifeAge: number, floating: boolean): [Member, Member] {
    const rng = this.rng;
    const husbandAge = Math.min(MAX_AGE, Math.max(22, wifeAge + this.husbandAgeGap()));
    const husbandIsHead = rng.chance(0.8);
    const head = this.addHead(husbandIsHead ? 'male' : 'female', husbandIsHead ? husbandAge : wifeAge, floating);
    const spouseSex = otherSex(head.sex);
    const spouseRegion = floating && rng.chance(0.7) ? head.region : this.adultRegion(floating);
    const spouseEthnicity = rng.chance(0.7) ? head.ethnicity : this.ethnicity(floating);
    const spouse = this.addMember('配偶', spouseSex, husbandIsHead ? wifeAge : husbandAge, this.surname(),
      spouseRegion, spouseEthnicity);
    return husbandIsHead ? [head, spouse] : [spouse, head];
  }

  /** A child of the head. Most children take the father's surname; a migrant child is registered in the family's home county. */
  private addChild(age: number, father: Member, mother: Member, floating: boolean): Member {
    const sex = this.childSex();
    const surname = this.rng.chance(0.92) ? father.surname : mother.surname;
    const region = floating ? father.region : this.childRegion();
    return this.addMember(childRelation(sex), sex, age, surname, region, this.members[0].ethnicity);
  }

  private addMember(relation: RelationToHead, sex: Sex, ageWanted: number, surname: string, region: string, ethnicity: string): Member {
    const age = Math.min(MAX_AGE, ageWanted);
    let member = this.members[this.memberCount];
    if (!member) {
      member = { relation, sex, age, surname, region, ethnicity, status: 'registered', disabilityGrade: null, veteran: false };
      this.members.push(member);
    } else {
      member.relation = relation;
      member.sex = sex;
      member.age = age;
      member.surname = surname;
      member.region = region;
      member.ethnicity = ethnicity;
    }
    this.memberCount++;
    return member;
  }

  /** Migrants all float; a let-out flat's registered family has left; young adults study or work elsewhere. */
  private assignResidence(floating: boolean, letOut: boolean): void {
    for (let i = 0; i < this.memberCount; i++) {
      const member = this.members[i];
      if (floating) member.status = 'floating';
      else if (letOut) member.status = 'left';
      else if (i > 0 && member.age >= ADULT_AGE && member.age <= 35 && this.rng.chance(LEFT_RATE_YOUNG_ADULT)) member.status = 'left';
      else member.status = 'registered';
    }
  }

  private assignHealthAndService(member: Member): void {
    const rng = this.rng;
    let disabilityRate = 0;
    for (const [minAge, rate] of DISABILITY_RATE_BY_AGE) {
      if (member.age >= minAge) {
        disabilityRate = rate;
        break;
      }
    }
    member.disabilityGrade = rng.chance(disabilityRate) ? rng.weightedPick(DISABILITY_GRADES) : null;
    member.veteran = member.age >= 22 && rng.chance(veteranRate(member.sex, member.age));
  }

  /** Household-level circumstances; living alone counts only who actually lives here. */
  private householdFlags(floating: boolean): HouseholdFlags {
    let residents = 0;
    let resident = -1;
    let needsCare = false;
    for (let i = 0; i < this.memberCount; i++) {
      const member = this.members[i];
      if (member.disabilityGrade !== null || member.age >= 70) needsCare = true;
      if (member.status !== 'left') {
        residents++;
        resident = i;
      }
    }
    const livingAlone = residents === 1 && this.members[resident].age >= 60 ? resident : -1;
    // Both allowances need local registration.
    const lowIncome = !floating && residents > 0 && this.rng.chance(LOW_INCOME_HOUSEHOLD_RATE * (needsCare ? 2.5 : 1));
    let specialHardship = -1;
    if (!floating && !lowIncome && residents === 1) {
      const only = this.members[resident];
      const unableToWork = only.age >= 60 || (only.disabilityGrade !== null && only.disabilityGrade <= 2);
      if (unableToWork && this.rng.chance(SPECIAL_HARDSHIP_RATE)) specialHardship = resident;
    }
    return { livingAlone, lowIncome, specialHardship };
  }

  // --- people --------------------------------------------------------------

  private materialise(member: Member, householdId: string, dwellingId: string, flags: HouseholdFlags, index: number): DemoPerson {
    const rng = this.rng;
    const { age, sex } = member;
    const dayOffset = rng.int(this.earliestOffsetByAge[age], this.latestOffsetByAge[age]);
    const birthYear = this.birthYears[dayOffset];
    const name = member.surname + this.givenName(sex, birthYear);
    const idNumber = this.idNumber(member.region, dayOffset, sex);

    const tags: PersonTag[] = [];
    if (age >= 60) tags.push('elderly_60');
    if (age >= 80) tags.push('elderly_80');
    if (flags.livingAlone === index) tags.push('living_alone');
    if (member.disabilityGrade !== null) tags.push('disabled');
    if (flags.lowIncome) tags.push('low_income');
    if (flags.specialHardship === index) tags.push('special_hardship');
    if (member.veteran) tags.push('veteran');
    if (member.status === 'floating') tags.push('floating');
    if (age < ADULT_AGE) tags.push('child');
    if (age >= 6 && age <= 15) tags.push('school_age');

    return {
      id: 'P' + pad7(++this.personCount),
      householdId,
      dwellingId,
      relationToHead: member.relation,
      name,
      idNumber,
      sex,
      birthDate: this.isoDates[dayOffset],
      ethnicity: member.ethnicity,
      phone: this.hasPhone(age) ? this.phone() : null,
      residenceStatus: member.status,
      tags,
      disabilityGrade: member.disabilityGrade,
    };
  }

  /**
   * Sequence numbers are handed out per (region, birth day, sex) through a permutation,
   * so numbers look random yet never repeat.
   */
  private idNumber(region: string, dayOffset: number, sex: Sex): string {
    const cell = ((REGION_INDEX.get(region) as number) * this.isoDates.length + dayOffset) * 2 + (sex === 'male' ? 1 : 0);
    const k = this.idSequenceCounts[cell]++;
    // Male sequences are the 500 odd numbers 001–999, female the 499 even numbers 002–998.
    const size = sex === 'male' ? 500 : 499;
    if (k >= size) throw new RangeError('too many people of one sex born on one day in one region for unique ID numbers');
    const start = (Math.imul(cell ^ this.idSalt, 0x9e3779b1) >>> 0) % size;
    const slot = (start + k * 37) % size;
    const sequence = sex === 'male' ? 2 * slot + 1 : 2 * slot + 2;
    const first17 = region + this.compactDates[dayOffset] + PAD3[sequence];
    return first17 + checkCharacter(first17);
  }

  private givenName(sex: Sex, birthYear: number): string {
    const rng = this.rng;
    const pool = GIVEN_NAMES[birthYear < 1960 ? 'senior' : birthYear < 1990 ? 'middle' : 'young'][sex];
    const u = rng.next();
    if (u < pool.singleShare) return rng.pick(pool.single);
    if (u < pool.singleShare + (1 - pool.singleShare) * 0.55) return rng.pick(pool.whole);
    const first = rng.pick(pool.first);
    const second = rng.pick(pool.second);
    return first === second ? rng.pick(pool.whole) : first + second;
  }

  /** Children have no phone of their own on record; some of the very old have none either. */
  private hasPhone(age: number): boolean {
    if (age < ADULT_AGE) return false;
    if (age >= 80) return this.rng.chance(0.6);
    if (age >= 60) return this.rng.chance(0.92);
    return true;
  }

  /** Unique: the n-th phone gets suffix n × step + salt mod 10^8, a bijection over 8-digit suffixes. */
  private phone(): string {
    const suffix = ((this.phoneCount++ % PHONE_SUFFIXES) * PHONE_SUFFIX_STEP + this.phoneSalt) % PHONE_SUFFIXES;
    return this.rng.pick(PHONE_PREFIXES) + String(suffix).padStart(8, '0');
  }

  // --- small draws -----------------------------------------------------------

  /** 105 boys per 100 girls at birth. */
  private childSex(): Sex {
    return this.rng.chance(0.512) ? 'male' : 'female';
  }

  private ageFrom(bands: WeightedTable<AgeBand>): number {
    const [min, max] = this.rng.weightedPick(bands);
    return this.rng.int(min, max);
  }

  private husbandAgeGap(): number {
    return this.rng.weightedPick(HUSBAND_AGE_GAPS);
  }

  private surname(): string {
    return this.rng.weightedPick(SURNAMES);
  }

  private adultRegion(floating: boolean): string {
    return this.rng.weightedPick(floating ? FLOATING_REGIONS : REGISTERED_ADULT_REGIONS);
  }

  private childRegion(): string {
    return this.rng.weightedPick(REGISTERED_CHILD_REGIONS);
  }

  private ethnicity(floating: boolean): string {
    const share = floating ? MINORITY_SHARE_FLOATING : MINORITY_SHARE_REGISTERED;
    return this.rng.chance(share) ? this.rng.weightedPick(MINORITIES) : HAN;
  }
}

interface HouseholdFlags {
  /** Index of the member who lives alone aged 60+, or −1. */
  livingAlone: number;
  lowIncome: boolean;
  /** Index of the member supported as 特困, or −1. */
  specialHardship: number;
}

/** Veterans are overwhelmingly men; older cohorts served more (conscription was wider). */
function veteranRate(sex: Sex, age: number): number {
  if (sex === 'female') return 0.0015;
  if (age >= 60) return 0.035;
  if (age >= 40) return 0.025;
  return 0.012;
}

function childRelation(sex: Sex): RelationToHead {
  return sex === 'male' ? '子' : '女';
}

function otherSex(sex: Sex): Sex {
  return sex === 'male' ? 'female' : 'male';
}

function emptyBatch(): PopulationBatch {
  return { dwellings: [], households: [], people: [] };
}

const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

function pad7(n: number): string {
  return String(n).padStart(7, '0');
}
