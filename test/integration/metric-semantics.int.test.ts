// What statistical definitions mean, on hand-made residents whose figures are
// known: ages on the reference date (birthdays on it included), point vs
// period figures, ratios, distinct households, household composition, and
// versions — a report regenerated with the versions it cites, not today's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/clock.js';
import { addJurisdictions } from '../../src/modules/org/service.js';
import { insertDepartment } from '../../src/modules/org/repo.js';
import { createMetric, reviseMetric } from '../../src/modules/metrics/define-metric.js';
import type { MetricDefinitionInput, PersonCondition } from '../../src/modules/metrics/definition.js';
import { generateReport } from '../../src/modules/metrics/generate-report.js';
import { createTemplate } from '../../src/modules/metrics/save-template.js';
import type { ReportView } from '../../src/modules/metrics/report-view.js';
import { verifyReport } from '../../src/modules/metrics/verify-report.js';
import { backendAvailable, createTestDatabase, type TestDatabase } from '../support/database.js';
import type { RequestContext } from '../../src/kernel/access/access.js';

const A = '330106002051';
const B = '330106002052';
const PATH = { [A]: `330100.330106.330106002.${A}`, [B]: `330100.330106.330106002.${B}` };
const LOADED = '2026-01-01T00:00:00+08:00';

interface Resident {
  id: string;
  community: typeof A | typeof B;
  household: string;
  born: string;
  sex?: 'male' | 'female';
  status: 'registered' | 'floating' | 'left';
  tags?: string[];
  recorded?: string;
}

// Reference date 2026-07-01; the report's period is June 2026.
const RESIDENTS: Resident[] = [
  { id: 'P01', community: A, household: 'H1', born: '1966-07-01', status: 'registered' }, // 60 on the reference date, alone
  { id: 'P02', community: A, household: 'H2', born: '1966-07-02', status: 'registered', tags: ['low_income'] }, // 59 until tomorrow
  { id: 'P03', community: A, household: 'H2', born: '1950-03-01', status: 'registered', tags: ['low_income'] },
  { id: 'P04', community: A, household: 'H3', born: '1940-01-01', status: 'registered' }, // alone: the other member lives elsewhere
  { id: 'P05', community: A, household: 'H3', born: '1990-05-05', status: 'left' },
  { id: 'P06', community: A, household: 'H4', born: '2026-06-15', status: 'floating' }, // born in the period
  { id: 'P07', community: A, household: 'H4', born: '1946-06-20', status: 'floating' }, // reached 80 in the period
  { id: 'P08', community: B, household: 'H5', born: '2000-02-29', status: 'registered', tags: ['low_income'] },
  { id: 'P09', community: B, household: 'H5', born: '1960-01-01', status: 'registered', tags: ['low_income'] },
  { id: 'P10', community: B, household: 'H6', born: '1995-09-09', status: 'floating', recorded: '2026-06-10T09:00:00+08:00' }, // recorded in the period
];

const people = (...where: unknown[]): MetricDefinitionInput => ({ kind: 'measure', subject: 'people', where }) as MetricDefinitionInput;
const living: PersonCondition = { kind: 'residence', in: ['registered', 'floating'] };
const METRICS: Record<string, MetricDefinitionInput> = {
  t_living: people(living),
  t_elderly: people(living, { kind: 'age', min: 60 }),
  t_alone: people(living, { kind: 'age', min: 60 }, { kind: 'household', members: { max: 1 } }),
  t_low_income_households: { kind: 'measure', subject: 'people', where: [{ kind: 'tags', all: ['low_income'] }], aggregate: { fn: 'count_distinct', of: 'household' } },
  t_low_income: people({ kind: 'tags', all: ['low_income'] }),
  t_born: { kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'born' } },
  t_reached_80: { kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'reached_age', age: 80 } },
  t_recorded: { kind: 'measure', subject: 'people', timing: { kind: 'period', event: 'recorded' } },
  t_elderly_households: { kind: 'measure', subject: 'households', where: [{ kind: 'members', all: [{ kind: 'age', min: 60 }] }] },
  t_elderly_age_sum: { kind: 'measure', subject: 'people', where: [living, { kind: 'age', min: 60 }], aggregate: { fn: 'sum', of: 'age' } },
  t_aged_26: people({ kind: 'age', min: 26, max: 26 }),
  t_share: { kind: 'ratio', numerator: 't_elderly', denominator: 't_living', per: 100 },
};

describe.skipIf(!backendAvailable())('metric semantics', () => {
  let database: TestDatabase;
  const clock = fixedClock('2026-08-15T10:00:00+08:00');
  const deps = () => ({ db: database.db, clock });
  const operator: RequestContext | null = null;
  const generate = (template: string, referenceDate: string, jurisdictionCode = '330106002') =>
    generateReport(deps(), operator, { template, jurisdictionCode, referenceDate });
  const value = (report: ReportView, row: string, column: string) => (row === 'total' ? report.total![column] : report.rows.find((r) => r.key === row)!.values[column]);

  beforeAll(async () => {
    database = await createTestDatabase('empty');
    const db = database.db;
    await addJurisdictions(db, [
      { code: '330100', name: '杭州市', level: 'city', parentCode: null },
      { code: '330106', name: '西湖区', level: 'district', parentCode: '330100' },
      { code: '330106002', name: '北山街道', level: 'street', parentCode: '330106' },
      { code: A, name: '上保社区', level: 'community', parentCode: '330106002' },
      { code: B, name: '宝石社区', level: 'community', parentCode: '330106002' },
    ]);
    await insertDepartment(db, { code: 'T-MZ', name: '民政局', kind: 'civil_affairs', jurisdiction_code: '330106', is_external: false });
    const households = [...new Set(RESIDENTS.map((r) => r.household))];
    for (const h of households) {
      const first = RESIDENTS.find((r) => r.household === h)!;
      await db
        .insertInto('dwellings')
        .values({ id: `D-${h}`, jurisdiction_path: PATH[first.community], community_code: first.community, grid_code: null, compound: '测试小区', building: h, unit: '1', room: '101', address: `测试小区${h}幢`, origin_at: LOADED })
        .execute();
      await db.insertInto('households').values({ id: h, jurisdiction_path: PATH[first.community], dwelling_id: `D-${h}`, head_person_id: first.id, registration_type: 'family', origin_at: LOADED }).execute();
    }
    for (const r of RESIDENTS) {
      await db
        .insertInto('people')
        .values({
          id: r.id,
          jurisdiction_path: PATH[r.community],
          household_id: r.household,
          dwelling_id: `D-${r.household}`,
          name: `居民${r.id}`,
          sex: r.sex ?? 'female',
          birth_date: r.born,
          residence_status: r.status,
          tags: r.tags ?? [],
          origin_at: r.recorded ?? LOADED,
        })
        .execute();
    }
    for (const [code, definition] of Object.entries(METRICS)) {
      await createMetric(deps(), operator, { code, name: code, departmentCode: 'T-MZ', validFrom: '2026-01-01', definition });
    }
    await createTemplate(deps(), operator, {
      code: 'T-ALL',
      name: '测试报表',
      departmentCode: 'T-MZ',
      frequency: 'monthly',
      layout: {
        title: '测试报表',
        rows: { kind: 'units', level: 'community' },
        columns: Object.keys(METRICS).map((code) => ({ key: code.slice(2), label: code, metric: code })),
      },
    });
  });
  afterAll(() => database?.destroy());

  it('counts ages on the reference date, a birthday on it included', async () => {
    const report = await generate('T-ALL', '2026-07-01');
    expect(value(report, A, 'elderly')).toBe(4); // P01 (60 today), P03, P04, P07; not P02 (60 tomorrow)
    expect(value(report, B, 'elderly')).toBe(1);
    expect(value(report, 'total', 'elderly')).toBe(5);
    expect(value(report, 'total', 'elderly_age_sum')).toBe(60 + 76 + 86 + 80 + 66);
    const dayBefore = await generate('T-ALL', '2026-06-30');
    expect(value(dayBefore, A, 'elderly')).toBe(3);
  });

  it('reaches an age born on 29 February on 1 March in a common year', async () => {
    expect(value(await generate('T-ALL', '2026-02-28'), B, 'aged_26')).toBe(0);
    expect(value(await generate('T-ALL', '2026-03-01'), B, 'aged_26')).toBe(1);
  });

  it('counts period figures within the report’s period and point figures on its reference date', async () => {
    const report = await generate('T-ALL', '2026-06-30');
    expect(report.period).toEqual({ start: '2026-06-01', end: '2026-06-30' });
    expect(value(report, A, 'born')).toBe(1);
    expect(value(report, A, 'reached_80')).toBe(1);
    expect(value(report, B, 'recorded')).toBe(1);
    expect(value(report, A, 'recorded')).toBe(0);
    const july = await generate('T-ALL', '2026-07-31');
    expect([value(july, 'total', 'born'), value(july, 'total', 'reached_80'), value(july, 'total', 'recorded')]).toEqual([0, 0, 0]);
    // Point figures are stocks: the baby born in June is still counted in July.
    expect(value(july, A, 'living')).toBe(6);
  });

  it('divides ratios of the figures, per row and for the total', async () => {
    const report = await generate('T-ALL', '2026-07-01');
    expect(value(report, A, 'living')).toBe(6);
    expect(value(report, B, 'living')).toBe(3);
    expect(value(report, A, 'share')).toBe(66.67);
    expect(value(report, B, 'share')).toBe(33.33);
    expect(value(report, 'total', 'share')).toBe(55.56);
  });

  it('counts distinct households, and people in them', async () => {
    const report = await generate('T-ALL', '2026-07-01');
    expect([value(report, A, 'low_income_households'), value(report, B, 'low_income_households'), value(report, 'total', 'low_income_households')]).toEqual([1, 1, 2]);
    expect(value(report, 'total', 'low_income')).toBe(4);
  });

  it('counts the elderly living alone from who lives in the household', async () => {
    const report = await generate('T-ALL', '2026-07-01');
    // P01 alone; P04's other member lives elsewhere; P07 lives with a baby, P09 with P08.
    expect([value(report, A, 'alone'), value(report, B, 'alone')]).toEqual([2, 0]);
    // Households whose living members are all 60 or over: H1 and H3.
    expect([value(report, A, 'elderly_households'), value(report, B, 'elderly_households')]).toEqual([2, 0]);
  });

  it('refuses a reference date no version of a metric is in force on', async () => {
    await expect(generate('T-ALL', '2025-12-31')).rejects.toMatchObject({ code: 'metric.not_in_force', status: 422 });
  });

  it('regenerates a report with the versions it cites, and tells what changed since', async () => {
    const first = await generate('T-ALL', '2026-07-01');
    expect(first.metricVersions.find((v) => v.code === 't_elderly')!.version).toBe(1);

    // A new statistical definition of "elderly" (65 and over), in force from before the reference date.
    await reviseMetric(deps(), operator, 't_elderly', { name: 't_elderly', validFrom: '2026-06-01', definition: people(living, { kind: 'age', min: 65 }) });
    const second = await generate('T-ALL', '2026-07-01');
    expect(second.metricVersions.find((v) => v.code === 't_elderly')!.version).toBe(2);
    expect(value(second, A, 'elderly')).toBe(3);
    expect(second.columns.find((c) => c.key === 'elderly')!.metric).toMatchObject({ code: 't_elderly', version: 2, validFrom: '2026-06-01' });

    const ctx = staffContext();
    const same = await verifyReport(deps(), ctx, first.id);
    expect(same).toMatchObject({ identical: true, differences: [], changesSince: { facts: 0, records: 0 } });
    expect(same.recomputedDigest).toBe(first.digest);

    // A resident recorded after the report: the published figure stands, and verification shows the difference.
    clock.advance(60_000);
    await database.db
      .insertInto('people')
      .values({ id: 'P11', jurisdiction_path: PATH[A], household_id: 'H1', dwelling_id: 'D-H1', name: '居民P11', sex: 'male', birth_date: '1950-01-01', residence_status: 'registered', tags: [], origin_at: clock.now() })
      .execute();
    const changed = await verifyReport(deps(), ctx, first.id);
    expect(changed.identical).toBe(false);
    expect(changed.differences).toEqual(expect.arrayContaining([{ row: A, column: 'elderly', published: 4, now: 5 }]));
    expect(changed.changesSince.records).toBe(1);
    // P01 no longer lives alone: the household's size follows its new member.
    expect(changed.differences).toEqual(expect.arrayContaining([{ row: A, column: 'alone', published: 2, now: 1 }]));
  });

  it('keeps each household’s living size in step with its people: moves out, moves between households, deaths', async () => {
    const db = database.db;
    const sizes = async () =>
      Object.fromEntries((await db.selectFrom('households').select(['id', 'living_members']).orderBy('id').execute()).map((h) => [h.id, h.living_members]));
    const recount = async () => {
      const counted = await db
        .selectFrom('households as h')
        .leftJoin('people as p', (join) => join.onRef('p.household_id', '=', 'h.id').on('p.residence_status', '<>', 'left'))
        .select(['h.id', (eb) => eb.fn.count<string>('p.id').as('n')])
        .groupBy('h.id')
        .orderBy('h.id')
        .execute();
      return Object.fromEntries(counted.map((h) => [h.id, Number(h.n)]));
    };
    expect(await sizes()).toEqual(await recount());
    expect((await sizes()).H1).toBe(2); // P01 and P11

    // P11 leaves to live elsewhere (人户分离): P01 lives alone again.
    await db.updateTable('people').set({ residence_status: 'left' }).where('id', '=', 'P11').execute();
    expect((await sizes()).H1).toBe(1);
    expect(value(await generate('T-ALL', '2026-07-01'), A, 'alone')).toBe(2);

    // P08 moves from H5 into H6; P05, who had left, comes back to live in H3; P09 dies and is removed.
    await db.updateTable('people').set({ household_id: 'H6' }).where('id', '=', 'P08').execute();
    await db.updateTable('people').set({ residence_status: 'registered' }).where('id', '=', 'P05').execute();
    await db.deleteFrom('people').where('id', '=', 'P09').execute();
    expect(await sizes()).toMatchObject({ H3: 2, H5: 0, H6: 2 });
    expect(await sizes()).toEqual(await recount());
    const report = await generate('T-ALL', '2026-07-01');
    expect([value(report, A, 'alone'), value(report, B, 'alone')]).toEqual([1, 0]); // P01 only: P04 lives with P05 again

    // Someone with no household on record lives with nobody: alone.
    await db
      .insertInto('people')
      .values({ id: 'P12', jurisdiction_path: PATH[B], household_id: null, dwelling_id: null, name: '居民P12', sex: 'male', birth_date: '1950-05-05', residence_status: 'registered', tags: [], origin_at: clock.now() })
      .execute();
    expect(value(await generate('T-ALL', '2026-07-01'), B, 'alone')).toBe(1);
  });
});

/** A district steward's request context, for the services that authorise a caller. */
function staffContext(): RequestContext {
  return {
    actor: { kind: 'system', id: 'test', name: 'test steward', grants: [{ role: 'data_steward', jurisdictionCode: '330100', jurisdictionPath: '330100', departmentId: null }] },
    purpose: 'statistics',
    ip: null,
    requestId: null,
  };
}
