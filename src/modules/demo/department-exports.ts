/**
 * Department export files made from the synthetic population, with the noise
 * real department data has, and the ground truth of which row is which person.
 *
 * Four departments, four formats, as they arrive at a street office:
 *
 * | department                            | file                      | encoding    | sex  | birth date   | address                       |
 * |---------------------------------------|---------------------------|-------------|------|--------------|-------------------------------|
 * | 公安户籍 household registration        | household-registration.csv| UTF-8 + BOM | 男/女 | 19850312     | full, province to room        |
 * | 民政 civil affairs                     | civil-affairs.csv         | GB18030     | 1/2  | 1985-03-12   | compound 3-2-502              |
 * | 卫健 health                            | health.csv                | UTF-8 + BOM | 1/2  | Excel serial | district, road, 3栋2单元502    |
 * | 流动人口和出租房屋 floating population  | floating-population.csv   | UTF-8 + BOM | 男/女 | 1985年3月12日 | 3幢2单元502室(road)            |
 *
 * Noise, at rates that differ by department (the household register is the
 * cleanest, the floating-population register the least): missing ID numbers;
 * mistyped ones (two adjacent digits swapped, one digit wrong, a wrong check
 * character); old 15-digit numbers; Excel's leading apostrophe, lower-case x and
 * full-width digits; homophone (张伟 → 章伟), traditional (陈丽娟 → 陳麗娟) and
 * mistyped names; birth dates one component off or with day and month swapped;
 * changed and missing phones, a guardian's phone on a child's health record;
 * residents who moved (an old address); a person registered in two dwellings.
 *
 * Deterministic: the same options give the same rows, byte for byte.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js';
import { normaliseName } from '../../lib/chinese-text.js';
import { parseDate, type DateFormat } from '../../lib/dates.js';
import { checkCharacter, normaliseIdNumber } from '../../lib/id-number.js';
import { cleanPhone } from '../../lib/phones.js';
import { Random, type Seed } from '../../lib/random.js';
import type { LinkageRecord } from '../exchange/linkage-engine/types.js';
import { generatePopulation, type DemoCommunity, type DemoDwelling, type DemoPerson } from './population.js';

export type DepartmentKind = 'household_registration' | 'civil_affairs' | 'health' | 'floating_population';

export const DEPARTMENT_KINDS: readonly DepartmentKind[] = ['household_registration', 'civil_affairs', 'health', 'floating_population'];

type DayFormat = Exclude<DateFormat, 'year_month'>;
type SexStyle = 'chinese' | 'code';

export interface DepartmentFormat {
  kind: DepartmentKind;
  /** The demo department that sends this file (DEMO_DEPARTMENTS). */
  departmentCode: string;
  fileName: string;
  encoding: 'utf-8-bom' | 'gb18030';
  columns: readonly string[];
  /** Birth dates are written to the day. */
  dateFormat: DayFormat;
  sexStyle: SexStyle;
}

export const DEPARTMENT_FORMATS: Record<DepartmentKind, DepartmentFormat> = {
  household_registration: {
    kind: 'household_registration',
    departmentCode: 'XH-GA',
    fileName: 'household-registration.csv',
    encoding: 'utf-8-bom',
    columns: ['户号', '公民身份号码', '姓名', '性别', '民族', '出生日期', '与户主关系', '户籍地址', '联系电话', '人户状态'],
    dateFormat: 'yyyymmdd',
    sexStyle: 'chinese',
  },
  civil_affairs: {
    kind: 'civil_affairs',
    departmentCode: 'XH-MZ',
    fileName: 'civil-affairs.csv',
    encoding: 'gb18030',
    columns: ['序号', '姓名', '身份证号', '性别', '出生年月日', '联系方式', '居住地址', '服务对象类别', '所属社区代码'],
    dateFormat: 'iso',
    sexStyle: 'code',
  },
  health: {
    kind: 'health',
    departmentCode: 'XH-WJ',
    fileName: 'health.csv',
    encoding: 'utf-8-bom',
    columns: ['档案编号', '居民姓名', '证件类型', '证件号码', '性别', '出生日期', '手机号码', '现住址', '建档日期'],
    dateFormat: 'excel_serial',
    sexStyle: 'code',
  },
  floating_population: {
    kind: 'floating_population',
    departmentCode: 'XH-LD',
    fileName: 'floating-population.csv',
    encoding: 'utf-8-bom',
    columns: ['登记编号', '姓名', '性别', '公民身份号码', '出生日期', '户籍地区划代码', '现居住地址', '联系电话', '房屋编号', '登记日期'],
    dateFormat: 'chinese',
    sexStyle: 'chinese',
  },
};

export const GROUND_TRUTH_FILE = 'ground-truth.csv';

/** Rates per row at noise scale 1. */
interface Noise {
  idMissing: number;
  /** Children's records, which often lack the number. */
  childIdMissing: number;
  idTypo: number;
  /** Of people born in the 1900s. */
  oldFifteenDigit: number;
  idFormatting: number;
  homophone: number;
  traditional: number;
  nameTypo: number;
  birthTypo: number;
  sexTypo: number;
  phoneChanged: number;
  phoneMissing: number;
  /** Of children: the guardian's phone is given instead. */
  guardianPhone: number;
  moved: number;
  registeredTwice: number;
}

const NOISE: Record<DepartmentKind, Noise> = {
  household_registration: {
    idMissing: 0.002, childIdMissing: 0.01, idTypo: 0.005, oldFifteenDigit: 0.03, idFormatting: 0.01,
    homophone: 0.005, traditional: 0.003, nameTypo: 0.003, birthTypo: 0.003, sexTypo: 0.001,
    phoneChanged: 0.12, phoneMissing: 0.15, guardianPhone: 0, moved: 0, registeredTwice: 0.003,
  },
  civil_affairs: {
    idMissing: 0.03, childIdMissing: 0.1, idTypo: 0.03, oldFifteenDigit: 0.1, idFormatting: 0.3,
    homophone: 0.03, traditional: 0.01, nameTypo: 0.01, birthTypo: 0.02, sexTypo: 0.003,
    phoneChanged: 0.1, phoneMissing: 0.1, guardianPhone: 0.5, moved: 0.03, registeredTwice: 0,
  },
  health: {
    idMissing: 0.05, childIdMissing: 0.2, idTypo: 0.02, oldFifteenDigit: 0.01, idFormatting: 0.2,
    homophone: 0.03, traditional: 0.01, nameTypo: 0.01, birthTypo: 0.01, sexTypo: 0.002,
    phoneChanged: 0.1, phoneMissing: 0.05, guardianPhone: 0.8, moved: 0.05, registeredTwice: 0,
  },
  floating_population: {
    idMissing: 0.05, childIdMissing: 0.25, idTypo: 0.04, oldFifteenDigit: 0.03, idFormatting: 0.05,
    homophone: 0.04, traditional: 0.02, nameTypo: 0.015, birthTypo: 0.02, sexTypo: 0.003,
    phoneChanged: 0.2, phoneMissing: 0.05, guardianPhone: 0.6, moved: 0.1, registeredTwice: 0,
  },
};

/**
 * Characters that share a toneless pinyin, grouped; a homophone variant swaps a
 * character for another of its group. Covers the common surnames and given-name
 * characters of the synthetic population.
 */
export const HOMOPHONE_GROUPS: readonly string[] = [
  '张章', '王汪', '李黎理', '刘柳留', '杨阳扬', '黄皇', '吴武伍', '周舟洲', '徐许', '孙荪', '朱诸珠', '胡湖',
  '林琳霖麟', '何和', '郭国', '马玛', '罗萝', '郑正', '梁良', '谢协', '宋颂', '唐棠', '韩涵寒晗', '冯逢',
  '曹槽', '彭鹏朋', '田甜', '董懂', '潘攀', '袁元园源', '蔡彩', '蒋江姜', '余于鱼俞', '程成城诚', '魏卫伟玮炜薇',
  '苏素', '吕旅', '丁叮', '沈申', '钟忠中', '陆路鹿璐露', '范凡', '石时史', '金今', '贾嘉家佳', '夏霞侠',
  '方芳', '秦琴勤芹', '邱秋', '龙隆', '毛茂', '顾古', '钱前', '华桦骅', '明铭鸣', '军君钧', '丽莉俐立',
  '静靖婧敬', '敏珉', '燕艳雁嫣', '娟鹃', '婷亭庭', '玲铃龄伶', '涛韬滔', '斌彬滨', '强蔷', '杰洁婕捷',
  '峰锋丰枫凤', '辉晖徽', '浩昊皓灏豪', '宇雨羽语玉', '轩萱宣璇', '怡宜仪依', '欣新心馨', '梓子紫',
  '琪淇棋祺琦奇', '英瑛鹰', '兰蓝岚', '珍真贞', '梅媚玫', '萍平', '云芸', '红宏鸿', '建健剑', '志智至',
  '文雯', '生升', '荣蓉融', '祥翔', '勇咏永', '刚钢纲', '磊蕾', '超潮', '晨辰宸', '凯恺', '博波', '毅艺',
  '睿瑞', '悦月越', '彤桐童', '妍研言', '瑶遥', '雪薛', '慧惠', '雅亚', '诗师', '思斯丝', '晴清', '然冉',
  '航杭', '熙希溪', '泽则', '哲喆',
];

/** Stand-ins for a mistyped character: common in names, so the typo still looks like a name. */
const TYPO_CHARACTERS = [...'德春秋山水金玉宝安福海天远美秀淑桂爱光正永'];

const PHONE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '158', '159', '177', '180', '186', '187', '188', '189', '199'];
const ADULT_AGE = 18;
/** Dwellings remembered as the "old address" of residents who moved. */
const PAST_DWELLINGS = 2000;
const EXCEL_EPOCH_DAY = Date.UTC(1899, 11, 30) / 86_400_000;

export interface DepartmentExportOptions {
  seed: Seed;
  /** Size of the population the exports are drawn from. */
  people: number;
  communities: readonly DemoCommunity[];
  asOf: Date;
  departments?: readonly DepartmentKind[];
  /** Stop after this many rows in all files together. */
  maxRows?: number;
  /** Multiplies every noise rate: 0 gives clean exports, 1 realistic ones. */
  noiseScale?: number;
}

export interface ExportRow {
  department: DepartmentKind;
  /** 1-based, the header not counted. */
  rowNumber: number;
  /** The ground truth: the population's person id. */
  personId: string;
  cells: string[];
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 't' });
const HOMOPHONES = new Map<string, string>();
for (const group of HOMOPHONE_GROUPS) for (const c of group) if (!HOMOPHONES.has(c)) HOMOPHONES.set(c, group);

export function* departmentExportRows(options: DepartmentExportOptions): Generator<ExportRow, void, undefined> {
  const departments = options.departments ?? DEPARTMENT_KINDS;
  const writer = new RowWriter(options);
  const maxRows = options.maxRows ?? Infinity;
  let emitted = 0;
  for (const batch of generatePopulation({ seed: options.seed, people: options.people, communities: options.communities, asOf: options.asOf })) {
    const dwellings = new Map(batch.dwellings.map((d) => [d.id, d]));
    let guardianPhone: string | null = null;
    let household = '';
    for (const person of batch.people) {
      if (person.householdId !== household) {
        household = person.householdId;
        guardianPhone = null;
      }
      // The household's first member with a phone (the head, as a rule) stands for a child's guardian.
      guardianPhone ??= person.phone;
      const dwelling = dwellings.get(person.dwellingId) as DemoDwelling;
      for (const department of departments) {
        for (const row of writer.rowsFor(department, person, dwelling, guardianPhone)) {
          yield row;
          if (++emitted >= maxRows) return;
        }
      }
    }
    for (const d of batch.dwellings) writer.remember(d);
  }
}

export interface WrittenExports {
  files: Array<{ department: DepartmentKind; path: string; rows: number }>;
  groundTruth: string;
}

/** Writes one file per department and the ground truth (file, row_number, person_id) into `dir`. */
export async function writeDepartmentExports(dir: string, options: DepartmentExportOptions): Promise<WrittenExports> {
  await mkdir(dir, { recursive: true });
  const departments = options.departments ?? DEPARTMENT_KINDS;
  const outputs = new Map(departments.map((d) => [d, new CsvFile(path.join(dir, DEPARTMENT_FORMATS[d].fileName), DEPARTMENT_FORMATS[d].encoding)]));
  const truth = new CsvFile(path.join(dir, GROUND_TRUTH_FILE), 'utf-8-bom');
  for (const [department, file] of outputs) await file.write(DEPARTMENT_FORMATS[department].columns);
  await truth.write(['file', 'row_number', 'person_id']);
  const counts = new Map(departments.map((d) => [d, 0]));
  for (const row of departmentExportRows(options)) {
    await (outputs.get(row.department) as CsvFile).write(row.cells);
    await truth.write([DEPARTMENT_FORMATS[row.department].fileName, String(row.rowNumber), row.personId]);
    counts.set(row.department, row.rowNumber);
  }
  for (const file of [...outputs.values(), truth]) await file.close();
  return {
    files: departments.map((d) => ({ department: d, path: path.join(dir, DEPARTMENT_FORMATS[d].fileName), rows: counts.get(d) ?? 0 })),
    groundTruth: path.join(dir, GROUND_TRUTH_FILE),
  };
}

/**
 * How each column of these demo formats reads back into a linkage record, with
 * the registry's own normalisers (what a mapping profile applies to real files):
 * ID numbers upgraded and cleaned, dates to ISO, sex codes, names simplified,
 * phones cleaned. Tests and benchmarks use it to skip the file round trip. An ID
 * number failing its checksum is kept, for linkage to repair.
 */
export function readExportRow(department: DepartmentKind, cells: readonly string[], sourceRowId: string): LinkageRecord {
  const format = DEPARTMENT_FORMATS[department];
  const cell = (column: string) => cells[format.columns.indexOf(column)].trim();
  const [idColumn, nameColumn, sexColumn, birthColumn, phoneColumn, addressColumn] = COLUMNS_READ[department];
  const record: LinkageRecord = { sourceRowId, source: format.departmentCode, name: normaliseName(cell(nameColumn)) };
  const idNumber = readIdNumber(cell(idColumn));
  if (idNumber) record.idNumber = idNumber;
  const birthDate = parseDate(cell(birthColumn), [format.dateFormat]);
  if (birthDate.ok) record.birthDate = birthDate.value;
  const sex = cell(sexColumn);
  if (sex === '男' || sex === '1') record.sex = 'male';
  else if (sex === '女' || sex === '2') record.sex = 'female';
  const phone = cleanPhone(cell(phoneColumn));
  if (phone.ok) record.phone = phone.value;
  const address = cell(addressColumn);
  if (address) record.address = address;
  return record;
}

/** ID, name, sex, birth date, phone, address columns of each format. */
const COLUMNS_READ: Record<DepartmentKind, readonly string[]> = {
  household_registration: ['公民身份号码', '姓名', '性别', '出生日期', '联系电话', '户籍地址'],
  civil_affairs: ['身份证号', '姓名', '性别', '出生年月日', '联系方式', '居住地址'],
  health: ['证件号码', '居民姓名', '性别', '出生日期', '手机号码', '现住址'],
  floating_population: ['公民身份号码', '姓名', '性别', '出生日期', '联系电话', '现居住地址'],
};

function readIdNumber(raw: string): string | undefined {
  if (!raw) return undefined;
  const normalised = normaliseIdNumber(raw);
  if (normalised.ok) return normalised.value;
  const cleaned = raw.normalize('NFKC').replace(/^'/, '').toUpperCase();
  return /^\d{17}[\dX]$/.test(cleaned) ? cleaned : undefined;
}

/** Noise and formatting for one department's row; holds the random stream and the per-file row numbers. */
class RowWriter {
  private readonly rng: Random;
  private readonly scale: number;
  private readonly rowNumbers = new Map<DepartmentKind, number>();
  private readonly pastDwellings: DemoDwelling[] = [];
  private pastCursor = 0;
  private readonly prefixes: Map<string, string>;
  /** YYYY-MM-DD of asOf in China time. */
  private readonly asOfDay: string;

  constructor(options: DepartmentExportOptions) {
    this.asOfDay = new Date(options.asOf.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    this.rng = new Random(`${options.seed}/department-exports`);
    this.scale = options.noiseScale ?? 1;
    this.prefixes = new Map(options.communities.map((c) => [c.code, c.addressPrefix ?? '']));
  }

  remember(dwelling: DemoDwelling): void {
    if (this.pastDwellings.length < PAST_DWELLINGS) this.pastDwellings.push(dwelling);
    else this.pastDwellings[this.pastCursor++ % PAST_DWELLINGS] = dwelling;
  }

  rowsFor(department: DepartmentKind, person: DemoPerson, dwelling: DemoDwelling, guardianPhone: string | null): ExportRow[] {
    if (!this.covers(department, person)) return [];
    const noise = NOISE[department];
    const rows = [this.row(department, person, this.movedFrom(dwelling, noise), guardianPhone)];
    if (this.happens(noise.registeredTwice)) rows.push(this.row(department, person, this.otherDwelling(dwelling), guardianPhone));
    return rows;
  }

  /** Who appears in whose register. */
  private covers(department: DepartmentKind, person: DemoPerson): boolean {
    const rng = this.rng;
    switch (department) {
      case 'household_registration':
        return person.residenceStatus !== 'floating' && rng.chance(0.995);
      case 'civil_affairs':
        return rng.chance(civilAffairsCoverage(person));
      case 'health':
        return rng.chance(0.85);
      case 'floating_population':
        return person.residenceStatus === 'floating' && rng.chance(0.95);
    }
  }

  private row(department: DepartmentKind, person: DemoPerson, dwelling: DemoDwelling, guardianPhone: string | null): ExportRow {
    const noise = NOISE[department];
    const format = DEPARTMENT_FORMATS[department];
    const rowNumber = (this.rowNumbers.get(department) ?? 0) + 1;
    this.rowNumbers.set(department, rowNumber);
    const child = ageOn(person.birthDate, this.asOfDay) < ADULT_AGE;

    const idNumber = this.idNumber(person, noise, child);
    const name = this.name(person.name, noise);
    const birth = this.birthDate(person.birthDate, noise);
    const sex = this.happens(noise.sexTypo) ? (person.sex === 'male' ? 'female' : 'male') : person.sex;
    const phone = this.phone(person, noise, child, guardianPhone);
    const sexCell = format.sexStyle === 'chinese' ? (sex === 'male' ? '男' : '女') : sex === 'male' ? '1' : '2';
    const birthCell = formatDate(birth, format.dateFormat);
    const address = this.address(department, dwelling);
    const serial = String(rowNumber).padStart(8, '0');

    let cells: string[];
    switch (department) {
      case 'household_registration':
        cells = [`330106${person.householdId.slice(1)}`, idNumber, name, sexCell, person.ethnicity, birthCell, person.relationToHead,
          address, phone, person.residenceStatus === 'left' ? '人户分离' : '人户一致'];
        break;
      case 'civil_affairs':
        cells = [String(rowNumber), name, idNumber, sexCell, birthCell, phone, address, civilAffairsCategory(person), dwelling.communityCode];
        break;
      case 'health':
        cells = [`WJ${serial}`, name, '居民身份证', idNumber, sexCell, birthCell, phone, address, this.someDate(2009, 2025)];
        break;
      case 'floating_population':
        cells = [`LD${serial}`, name, sexCell, idNumber, birthCell, person.idNumber.slice(0, 6), address, phone, dwelling.id,
          this.someDate(2015, 2026)];
        break;
    }
    return { department, rowNumber, personId: person.id, cells };
  }

  private idNumber(person: DemoPerson, noise: Noise, child: boolean): string {
    if (this.happens(child ? noise.childIdMissing : noise.idMissing)) return '';
    let id = person.idNumber;
    if (this.happens(noise.idTypo)) {
      id = this.mistype(id);
    } else if (id.startsWith('19', 6) && this.happens(noise.oldFifteenDigit)) {
      // An old number has no check character, so a typo in it would be undetectable; the two are kept apart.
      id = id.slice(0, 6) + id.slice(8, 17);
    }
    if (this.happens(noise.idFormatting)) {
      const style = this.rng.int(0, 2);
      if (style === 0) id = `'${id}`;
      else if (style === 1) id = id.toLowerCase();
      else id = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    }
    return id;
  }

  /** Two adjacent digits swapped, one digit wrong, or a wrong check character: the errors GB 11643's checksum catches. */
  private mistype(id: string): string {
    const rng = this.rng;
    const kind = rng.int(0, 2);
    if (kind === 0) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const p = rng.int(0, 15);
        if (id[p] !== id[p + 1]) return id.slice(0, p) + id[p + 1] + id[p] + id.slice(p + 2);
      }
    }
    if (kind === 1) {
      const p = rng.int(0, 16);
      const digit = (Number(id[p]) + rng.int(1, 9)) % 10;
      return id.slice(0, p) + digit + id.slice(p + 1);
    }
    const right = checkCharacter(id.slice(0, 17));
    const wrong = '0123456789X'.replace(right, '');
    return id.slice(0, 17) + wrong[rng.int(0, wrong.length - 1)];
  }

  private name(name: string, noise: Noise): string {
    const chars = Array.from(name);
    if (this.happens(noise.homophone)) {
      const positions = chars.map((c, i) => (HOMOPHONES.has(c) ? i : -1)).filter((i) => i >= 0);
      if (positions.length > 0) {
        const p = this.rng.pick(positions);
        const others = [...(HOMOPHONES.get(chars[p]) as string)].filter((c) => c !== chars[p]);
        chars[p] = this.rng.pick(others);
      }
    }
    if (this.happens(noise.nameTypo)) {
      const p = this.rng.int(1, chars.length - 1);
      if (chars.length >= 3 && this.rng.chance(0.3)) chars.splice(p, 1);
      else chars[p] = this.rng.pick(TYPO_CHARACTERS.filter((c) => c !== chars[p]));
    }
    const spelled = chars.join('');
    return this.happens(noise.traditional) ? toTraditional(spelled) : spelled;
  }

  /** One component off, or day and month swapped; always a real calendar date. */
  private birthDate(iso: string, noise: Noise): string {
    if (!this.happens(noise.birthTypo)) return iso;
    let [y, m, d] = iso.split('-').map(Number);
    const kind = this.rng.int(0, 3);
    if (kind === 0 && d <= 12 && d !== m) [m, d] = [d, m];
    else if (kind === 1 && d <= 28) m = m === 12 ? 11 : m + 1;
    else if (kind === 2 && !(m === 2 && d === 29)) y += this.rng.chance(0.5) ? 1 : -1;
    else d = d >= 28 ? d - 1 : d + 1;
    return `${y}-${pad2(m)}-${pad2(d)}`;
  }

  private phone(person: DemoPerson, noise: Noise, child: boolean, guardianPhone: string | null): string {
    if (child) return guardianPhone !== null && this.happens(noise.guardianPhone) ? guardianPhone : '';
    if (person.phone === null || this.happens(noise.phoneMissing)) return '';
    if (this.happens(noise.phoneChanged)) return this.rng.pick(PHONE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
    return person.phone;
  }

  private movedFrom(dwelling: DemoDwelling, noise: Noise): DemoDwelling {
    return this.happens(noise.moved) ? this.otherDwelling(dwelling) : dwelling;
  }

  private otherDwelling(dwelling: DemoDwelling): DemoDwelling {
    for (let attempt = 0; attempt < 5 && this.pastDwellings.length > 0; attempt++) {
      const other = this.rng.pick(this.pastDwellings);
      if (other.id !== dwelling.id) return other;
    }
    return dwelling;
  }

  private address(department: DepartmentKind, d: DemoDwelling): string {
    const tail = `${d.compound}${d.building}幢${d.unit}单元${d.room}室`;
    const head = d.address.slice(0, d.address.length - tail.length);
    const road = head.slice((this.prefixes.get(d.communityCode) ?? '').length);
    switch (department) {
      case 'household_registration':
        return d.address;
      case 'civil_affairs':
        return `${d.compound}${d.building}-${d.unit}-${d.room}`;
      case 'health':
        return `西湖区${road}${d.compound}${d.building}栋${d.unit}单元${d.room}`;
      case 'floating_population':
        return `${d.compound}${d.building}幢${d.unit}单元${d.room}室（${road}）`;
    }
  }

  private someDate(fromYear: number, toYear: number): string {
    const day = this.rng.int(Date.UTC(fromYear, 0, 1) / 86_400_000, Date.UTC(toYear, 0, 1) / 86_400_000 - 1);
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
  }

  private happens(rate: number): boolean {
    return rate > 0 && this.rng.chance(rate * this.scale);
  }
}

/** Allowances and services civil affairs pays or runs: low income, hardship, disability, old age. */
function civilAffairsCoverage(person: DemoPerson): number {
  const tags = person.tags;
  if (tags.includes('low_income') || tags.includes('special_hardship')) return 0.97;
  if (tags.includes('disabled')) return 0.9;
  if (tags.includes('elderly_80')) return 0.9;
  if (tags.includes('elderly_60')) return 0.35;
  return 0;
}

function civilAffairsCategory(person: DemoPerson): string {
  const tags = person.tags;
  if (tags.includes('low_income')) return '低保';
  if (tags.includes('special_hardship')) return '特困';
  if (tags.includes('disabled')) return '残疾人两项补贴';
  if (tags.includes('elderly_80')) return '高龄津贴';
  return '居家养老服务';
}

function formatDate(iso: string, format: DayFormat): string {
  switch (format) {
    case 'yyyymmdd':
      return iso.replace(/-/g, '');
    case 'iso':
      return iso;
    case 'excel_serial':
      return String(Date.parse(`${iso}T00:00:00Z`) / 86_400_000 - EXCEL_EPOCH_DAY);
    case 'chinese': {
      const [y, m, d] = iso.split('-');
      return `${y}年${Number(m)}月${Number(d)}日`;
    }
  }
}

function ageOn(birthDate: string, day: string): number {
  const age = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A CSV file written row by row, with backpressure; GB18030 through iconv-lite, since Node cannot encode it. */
class CsvFile {
  private readonly stream: WriteStream;
  private pending: string[] = [];

  constructor(
    file: string,
    private readonly encoding: 'utf-8-bom' | 'gb18030',
  ) {
    this.stream = createWriteStream(file);
    if (encoding === 'utf-8-bom') this.pending.push('\uFEFF');
  }

  async write(cells: readonly string[]): Promise<void> {
    this.pending.push(cells.map(csvCell).join(',') + '\r\n');
    if (this.pending.length >= 1000) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private async flush(): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    const bytes = this.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
  }
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
