// Years of case handling in the demo district, bulk-loaded with COPY: the
// history the queues are measured against (bench/cases-queues.ts).
//
// Cases arrive over the two years before `now` (more recent years busier),
// in every grid, in every leaf category of the standard taxonomy, on every
// channel, and are routed as the demo responsibility list routes them (each
// category × community decided once through decideRouting). Almost all are
// finished (closed, not registered, merged); the last weeks' cases are still
// open in every state, with their stage clocks — some overdue, escalated,
// under supervision — so the inbox and the overdue board have realistic work.
// The same seed gives the same history.
import { randomUUID } from 'node:crypto';
import type { Database } from '../src/db/database.js';
import { withoutIndexesAndKeys } from '../src/modules/demo/seed.js';
import { categoryLineage } from '../src/modules/cases/config-repo.js';
import { decideRouting } from '../src/modules/cases/responsibility-list.js';
import type { CaseStatus, ResponsibleUnit } from '../src/modules/cases/model.js';
import { unitKey } from '../src/modules/cases/model.js';
import { STANDARD_TAXONOMY } from '../src/modules/cases/standard-taxonomy.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BATCH = 50_000;

const CASE_COLUMNS = [
  'id', 'serial', 'number', 'category_code', 'description', 'attributes', 'channel', 'status', 'lon', 'lat', 'address',
  'jurisdiction_path', 'grid_code', 'community_code', 'street_code', 'hub_code',
  'unit_kind', 'unit_department_id', 'unit_jurisdiction_code', 'unit_name', 'routing_rule_id', 'routing_explanation', 'routing', 'limits',
  'result', 'decline_reason', 'escalation_level', 'supervised_at', 'return_count', 'reopen_count', 'next_due_at',
  'created_by', 'submitted_at', 'registered_at', 'dispatched_at', 'signed_for_at', 'handled_at', 'verified_at', 'closed_at', 'updated_at',
] as const;
const DEADLINE_COLUMNS = ['case_id', 'stage', 'unit_key', 'unit_name', 'limit_spec', 'started_at', 'due_at', 'warn_at', 'escalation_level', 'next_escalation_at'] as const;

/** Open states and their share of the open cases; the stage whose clock runs in each. */
const OPEN: Array<[CaseStatus, number, 'register' | 'sign_for' | 'handle' | 'return_decision' | 'verify' | null]> = [
  ['submitted', 0.08, 'register'],
  ['registered', 0.04, 'register'],
  ['dispatched', 0.2, 'sign_for'],
  ['signed_for', 0.12, 'handle'],
  ['in_progress', 0.36, 'handle'],
  ['suspended', 0.03, null],
  ['returned', 0.03, 'return_decision'],
  ['handled', 0.1, 'verify'],
  ['verified', 0.04, null],
];
const CHANNELS = [['resident', 0.45], ['hotline', 0.3], ['patrol', 0.18], ['open311', 0.04], ['party_reception', 0.03]] as const;
const PLACES = ['小区门口', '路口东南角', '公交站旁', '菜市场后门', '3 号楼下', '河道边步行道', '学校北侧', '地铁口附近', '沿街商铺前', '公园东门'];
const DETAILS = ['已经好几天了，没人处理', '影响居民出行，请尽快处理', '晚上尤其严重', '老人小孩经过很危险', '多次反映未解决', '希望有关部门来看看'];

export interface HistoryOptions {
  cases: number;
  now: Date;
  seed: number;
  /** Share of the cases still open (the last weeks' arrivals). */
  openShare?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface HistorySummary {
  cases: number;
  open: number;
  overdue: number;
  deadlines: number;
}

function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const field = (value: string | number | null): string => {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
};
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function loadHistoricalCases(database: Database, options: HistoryOptions): Promise<HistorySummary> {
  const rnd = random(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)];
  const weighted = <T>(items: ReadonlyArray<readonly [T, number, ...unknown[]]>) => {
    let r = rnd();
    for (const item of items) if ((r -= item[1]) < 0) return item;
    return items[items.length - 1];
  };
  const now = options.now.getTime();
  const db = database.db;

  const grids = await db
    .selectFrom('jurisdictions as g')
    .innerJoin('jurisdictions as c', 'c.code', 'g.parent_code')
    .innerJoin('jurisdictions as s', 's.code', 'c.parent_code')
    .select(['g.code', 'g.path', 'g.boundary', 'c.code as community_code', 'c.name as community_name', 's.code as street_code', 's.name as street_name'])
    .where('g.level', '=', 'grid')
    .orderBy('g.code')
    .execute();
  const leaves = STANDARD_TAXONOMY.filter((c) => !STANDARD_TAXONOMY.some((d) => d.parentCode === c.code));

  // Who is responsible, as the responsibility list decides: per category and community.
  const routed = new Map<string, Awaited<ReturnType<typeof decideRouting>>>();
  for (const category of leaves) {
    const lineage = await categoryLineage(db, category.code);
    for (const g of grids) {
      const key = `${category.code}|${g.community_code}`;
      if (routed.has(key)) continue;
      const hub: ResponsibleUnit = { kind: 'street', departmentId: null, jurisdictionCode: g.street_code, name: g.street_name };
      routed.set(
        key,
        await decideRouting(
          db,
          {
            categoryLineage: lineage.map((c) => ({ code: c.code, name: c.name })),
            jurisdictionPath: g.path,
            community: { code: g.community_code, name: g.community_name },
            street: { code: g.street_code, name: g.street_name },
            channel: 'hotline',
            description: '',
          },
          hub,
          options.now,
        ),
      );
    }
  }

  // What does not change from case to case, written once: each grid's box and place columns, each routing's columns.
  const places = grids.map((g) => {
    const ring = (g.boundary as { coordinates: number[][][] }).coordinates[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    return {
      grid: g,
      west: Math.min(...xs),
      east: Math.max(...xs),
      south: Math.min(...ys),
      north: Math.max(...ys),
      columns: [field(null), field(g.path), field(g.code), field(g.community_code), field(g.street_code), field(g.street_code)].join(','),
    };
  });
  const routing = new Map(
    [...routed].map(([key, decision]) => {
      const unit = decision.unit;
      const record = JSON.stringify({ ruleId: decision.rule?.id ?? null, ruleKey: decision.rule?.ruleKey ?? null, ruleVersion: decision.rule?.version ?? null, hub: decision.rule === null, outranked: decision.outranked, decidedAt: '@' });
      const [before, after] = record.split('"@"');
      return [
        key,
        {
          decision,
          columns: [field(unit.kind), field(unit.departmentId), field(unit.jurisdictionCode), field(unit.name), field(decision.rule?.id ?? null), field(decision.explanation)].join(','),
          record: (at: number) => field(`${before}"${new Date(at).toISOString()}"${after}`),
          limits: field(JSON.stringify(decision.limits)),
        },
      ];
    }),
  );
  const descriptions = leaves.map((category) => ({ category, texts: PLACES.flatMap((place) => DETAILS.map((detail) => field(`${place}${category.name}，${detail}。`))) }));

  const openShare = options.openShare ?? 0.03;
  const total = options.cases;
  const openCount = Math.round(total * openShare);
  const summary: HistorySummary = { cases: total, open: openCount, overdue: 0, deadlines: 0 };
  await database.bulkLoad((load) =>
    withoutIndexesAndKeys(load, ['cases', 'case_deadlines'], async () => {
      for (let start = 0; start < total; start += BATCH) {
        let cases = '';
        let deadlines = '';
        for (let i = start; i < Math.min(total, start + BATCH); i++) {
          // The oldest first, the open ones last: arrivals spread over two years, the open over the last 30 days.
          const open = i >= total - openCount;
          const submitted = open
            ? now - (1 - (i - (total - openCount)) / openCount) * 30 * DAY - rnd() * HOUR
            : now - 30 * DAY - Math.sqrt(1 - i / (total - openCount)) * 700 * DAY - rnd() * HOUR;
          const serial = i + 1;
          const id = randomUUID();
          const { category, texts } = pick(descriptions);
          const place = pick(places);
          const g = place.grid;
          const route = routing.get(`${category.code}|${g.community_code}`)!;
          const unit = route.decision.unit;
          const lon = place.west + (0.05 + 0.9 * rnd()) * (place.east - place.west);
          const lat = place.south + (0.05 + 0.9 * rnd()) * (place.north - place.south);
          const channel = weighted(CHANNELS)[0];
          const civilDate = new Date(submitted + 8 * HOUR).toISOString().slice(0, 10).replaceAll('-', '');

          let status: CaseStatus;
          let stage: (typeof OPEN)[number][2] = null;
          if (open) [status, , stage] = weighted(OPEN) as (typeof OPEN)[number];
          else status = rnd() < 0.9 ? 'closed' : rnd() < 0.6 ? 'not_registered' : 'merged';
          const registered = status === 'submitted' ? null : submitted + rnd() * 4 * HOUR;
          const reached = (s: CaseStatus) => !['submitted', 'registered', 'not_registered', 'merged'].includes(s);
          const dispatched = reached(status) && registered ? registered + rnd() * 2 * HOUR : null;
          const signedFor = dispatched && !['dispatched', 'returned'].includes(status) ? dispatched + rnd() * 2 * HOUR : null;
          const handled = signedFor && ['handled', 'verified', 'closed'].includes(status) ? signedFor + rnd() * 5 * DAY : null;
          const verified = handled && ['verified', 'closed'].includes(status) ? handled + rnd() * DAY : null;
          const closed = status === 'closed' && verified ? verified + rnd() * DAY : status === 'not_registered' || status === 'merged' ? (registered ?? submitted) + HOUR : null;

          // The running clock: due from its start plus a limit of hours to days; a quarter of the open ones overdue.
          let due: number | null = null;
          let escalation = 0;
          let supervised: number | null = null;
          if (open && stage) {
            const started = Math.max(signedFor ?? dispatched ?? registered ?? submitted, submitted);
            const overdue = rnd() < 0.25;
            due = overdue ? Math.min(now - rnd() * 10 * DAY, Math.max(started + HOUR, now - 10 * DAY)) : now + rnd() * 7 * DAY;
            if (due >= now && overdue) due = now - HOUR;
            if (due < now) {
              summary.overdue++;
              escalation = Math.min(3, 1 + Math.floor((now - due) / (2 * DAY)));
              if (escalation === 3) supervised = due + 4 * DAY;
            }
            const owner = stage === 'register' || stage === 'return_decision' ? { key: `jurisdiction:${g.street_code}`, name: g.street_name } : stage === 'verify' ? { key: `jurisdiction:${g.community_code}`, name: g.community_name } : { key: unitKey(unit), name: unit.name };
            deadlines += [
              field(id),
              field(stage),
              field(owner.key),
              field(owner.name),
              field(JSON.stringify({ hours: 8, calendar: '330100' })),
              field(iso(started)),
              field(iso(due)),
              field(iso(started + 0.75 * (due - started))),
              escalation,
              field(escalation >= 3 ? null : iso(due + escalation * 2 * DAY)),
            ].join(',') + '\n';
            summary.deadlines++;
          }
          const updated = Math.max(submitted, registered ?? 0, dispatched ?? 0, signedFor ?? 0, handled ?? 0, verified ?? 0, closed ?? 0);
          cases += [
            field(id),
            serial,
            field(`GZ-${civilDate}-${String(serial).padStart(6, '0')}`),
            field(category.code),
            pick(texts),
            field('{}'),
            field(channel),
            field(status),
            Math.round(lon * 1e6) / 1e6,
            Math.round(lat * 1e6) / 1e6,
            place.columns,
            route.columns,
            route.record(submitted),
            route.limits,
            field(handled ? '已处置完毕' : null),
            field(status === 'not_registered' ? '不属于受理范围' : null),
            escalation,
            field(iso(supervised)),
            0,
            0,
            field(iso(due)),
            field(channel === 'hotline' ? 'community' : 'resident'),
            field(iso(submitted)),
            field(iso(registered)),
            field(iso(dispatched)),
            field(iso(signedFor)),
            field(iso(handled)),
            field(iso(verified)),
            field(iso(closed)),
            field(iso(updated)),
          ].join(',') + '\n';
        }
        await load.copyCsv('cases', [...CASE_COLUMNS], cases);
        if (deadlines) await load.copyCsv('case_deadlines', [...DEADLINE_COLUMNS], deadlines);
        options.onProgress?.(Math.min(total, start + BATCH), total);
      }
      // Intake goes on from here.
      await load.query(`SELECT setval(pg_get_serial_sequence('cases', 'serial'), ${total})`);
      return summary;
    }),
  );
  // As autovacuum leaves a table that has had its inserts: statistics for the planner, the visibility map for index-only scans.
  await database.exec('VACUUM ANALYZE cases');
  await database.exec('VACUUM ANALYZE case_deadlines');
  return summary;
}
