import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { pinyin } from 'pinyin-pro';
import { afterAll, describe, expect, it } from 'vitest';
import { validateIdNumber } from '../../lib/id-number.js';
import { addressTokens, compareAddresses } from '../exchange/linkage-engine/address-tokens.js';
import {
  DEPARTMENT_FORMATS,
  DEPARTMENT_KINDS,
  departmentExportRows,
  GROUND_TRUTH_FILE,
  HOMOPHONE_GROUPS,
  readExportRow,
  writeDepartmentExports,
  type DepartmentExportOptions,
  type ExportRow,
} from './department-exports.js';
import { DEMO_REFERENCE_DATE, demoCommunities } from './district.js';
import { generatePopulation, type DemoDwelling, type DemoPerson } from './population.js';

const options: DepartmentExportOptions = {
  seed: 'exports-test',
  people: 3000,
  communities: demoCommunities().map((c) => ({ ...c, addressPrefix: '浙江省杭州市西湖区北山街道' })),
  asOf: new Date(DEMO_REFERENCE_DATE),
};

const rows = (o: Partial<DepartmentExportOptions> = {}) => [...departmentExportRows({ ...options, ...o })];

const people = new Map<string, DemoPerson>();
const dwellings = new Map<string, DemoDwelling>();
for (const batch of generatePopulation({ seed: options.seed, people: options.people, communities: options.communities, asOf: options.asOf })) {
  for (const p of batch.people) people.set(p.id, p);
  for (const d of batch.dwellings) dwellings.set(d.id, d);
}

const noisy = rows();
const clean = rows({ noiseScale: 0 });

describe('departmentExportRows', () => {
  it('is deterministic', () => {
    expect(rows()).toEqual(noisy);
  });

  it('numbers each file’s rows from 1 and fills every column', () => {
    for (const kind of DEPARTMENT_KINDS) {
      const ofKind = noisy.filter((r) => r.department === kind);
      expect(ofKind.length, kind).toBeGreaterThan(0);
      expect(ofKind.map((r) => r.rowNumber)).toEqual(ofKind.map((_, i) => i + 1));
      for (const r of ofKind) expect(r.cells).toHaveLength(DEPARTMENT_FORMATS[kind].columns.length);
    }
  });

  it('puts people in the registers that hold them: registered residents with the police, migrants in the floating register', () => {
    for (const r of clean) {
      const person = people.get(r.personId)!;
      if (r.department === 'household_registration') expect(person.residenceStatus).not.toBe('floating');
      if (r.department === 'floating_population') expect(person.residenceStatus).toBe('floating');
    }
  });

  it('has overlapping people across files', () => {
    const files = new Map<string, Set<string>>();
    for (const r of noisy) files.set(r.personId, (files.get(r.personId) ?? new Set()).add(r.department));
    expect([...files.values()].filter((f) => f.size >= 2).length).toBeGreaterThan(options.people / 2);
  });

  it('stops at maxRows', () => {
    expect(rows({ maxRows: 100 })).toHaveLength(100);
  });
});

describe('ground truth', () => {
  it('without noise, every row reads back as exactly its person', () => {
    for (const r of clean) {
      const person = people.get(r.personId)!;
      const record = readExportRow(r.department, r.cells, 'x');
      expect(record.idNumber, `${r.department} ${r.rowNumber}`).toBe(person.idNumber);
      expect(record.name).toBe(person.name);
      expect(record.birthDate).toBe(person.birthDate);
      expect(record.sex).toBe(person.sex);
      expect(record.phone).toBe(person.phone ?? undefined);
      const home = addressTokens(dwellings.get(person.dwellingId)!.address);
      expect(compareAddresses(addressTokens(record.address!), home)).toBe('same_dwelling');
    }
  });

  it('with noise, still names a real person for every row, and most fields still agree', () => {
    let agreeing = 0;
    for (const r of noisy) {
      const person = people.get(r.personId)!;
      const record = readExportRow(r.department, r.cells, 'x');
      if (record.idNumber === person.idNumber && record.name === person.name && record.birthDate === person.birthDate) agreeing++;
    }
    expect(agreeing / noisy.length).toBeGreaterThan(0.8);
    expect(agreeing).toBeLessThan(noisy.length);
  });
});

describe('noise', () => {
  const idCells = (r: ExportRow) => r.cells[DEPARTMENT_FORMATS[r.department].columns.findIndex((c) => /身份|证件号/.test(c))];
  const nameCells = (r: ExportRow) => r.cells[DEPARTMENT_FORMATS[r.department].columns.findIndex((c) => c.endsWith('姓名'))];

  it('includes missing, mistyped and 15-digit ID numbers', () => {
    const ids = noisy.map(idCells);
    expect(ids.some((id) => id === '')).toBe(true);
    expect(ids.some((id) => /^\d{15}$/.test(id))).toBe(true);
    expect(ids.some((id) => /^\d{17}[\dX]$/.test(id) && validateIdNumber(id).ok === false)).toBe(true);
  });

  it('includes homophone, traditional and mistyped names', () => {
    const variants = noisy.filter((r) => nameCells(r) !== people.get(r.personId)!.name).map((r) => [nameCells(r), people.get(r.personId)!.name]);
    const toneless = (s: string) => pinyin(s, { toneType: 'none' });
    expect(variants.some(([seen, real]) => seen !== real && toneless(seen) === toneless(real))).toBe(true);
    expect(variants.some(([seen]) => /[陳張劉黃吳鄭趙孫楊麗偉華國]/.test(seen))).toBe(true);
  });

  it('writes each department’s own date and sex formats', () => {
    const sample = (kind: string) => noisy.find((r) => r.department === kind)!;
    const cell = (kind: keyof typeof DEPARTMENT_FORMATS, column: string) => sample(kind).cells[DEPARTMENT_FORMATS[kind].columns.indexOf(column)];
    expect(cell('household_registration', '出生日期')).toMatch(/^\d{8}$/);
    expect(cell('civil_affairs', '出生年月日')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cell('health', '出生日期')).toMatch(/^\d{4,5}$/);
    expect(cell('floating_population', '出生日期')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(cell('household_registration', '性别')).toMatch(/^[男女]$/);
    expect(cell('health', '性别')).toMatch(/^[12]$/);
  });

  it('swaps characters only within true homophone groups', () => {
    for (const group of HOMOPHONE_GROUPS) {
      const readings = new Set([...group].map((c) => pinyin(c, { toneType: 'none' })));
      expect(readings.size, group).toBe(1);
    }
  });
});

describe('writeDepartmentExports', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes UTF-8 files with a BOM, the civil-affairs file in GB18030, and the ground truth', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gongzhi-exports-'));
    const small = { ...options, people: 300 };
    const written = await writeDepartmentExports(dir, small);
    const expected = rows({ people: 300 });

    const health = await readFile(path.join(dir, DEPARTMENT_FORMATS.health.fileName), 'utf8');
    expect(health.startsWith('\uFEFF档案编号,')).toBe(true);

    const civil = iconv.decode(await readFile(path.join(dir, DEPARTMENT_FORMATS.civil_affairs.fileName)), 'gb18030').split('\r\n');
    expect(civil[0]).toBe(DEPARTMENT_FORMATS.civil_affairs.columns.join(','));
    expect(civil.slice(1, -1)).toEqual(expected.filter((r) => r.department === 'civil_affairs').map((r) => r.cells.join(',')));

    const truth = (await readFile(path.join(dir, GROUND_TRUTH_FILE), 'utf8')).trim().split('\r\n');
    expect(truth).toHaveLength(expected.length + 1);
    expect(truth[1]).toBe(`${DEPARTMENT_FORMATS[expected[0].department].fileName},1,${expected[0].personId}`);
    expect(written.files.reduce((sum, f) => sum + f.rows, 0)).toBe(expected.length);
  });
});
