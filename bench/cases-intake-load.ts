// The load generator of bench/cases-intake.ts, run as its own small process:
// autocannon sending residents' reports (or the same bodies to the bare
// route). Kept apart from the parent, which holds the seeded district in a
// large heap, so the load generator's own cost is small and measured: it
// answers with autocannon's result, the response times and its CPU time.
import { createRequire } from 'node:module';
import { STANDARD_TAXONOMY } from '../src/modules/cases/standard-taxonomy.js';

export interface Cell {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface LoadOrder {
  port: number;
  route: string;
  seconds: number;
  /** Requests per second offered in all; null: as fast as answers come. */
  rate: number | null;
  connections: number;
  /** Session cookie and CSRF header of each resident; empty for the bare route. */
  sessions: Array<Record<string, string>>;
  grids: Cell[];
}

// autocannon ships no types; this is the part used here.
export interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

export interface LoadOutcome {
  result: AutocannonResult;
  /** Response times of 2xx answers as measured (no correction), ms, ascending. */
  times: number[];
  cpuSeconds: number;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void;
  then: Promise<AutocannonResult>['then'];
}
type AutocannonRequest = { method: string; path: string; headers?: Record<string, string>; body?: string };
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => AutocannonInstance;

export const LEAF_CATEGORIES = STANDARD_TAXONOMY.filter((c) => !STANDARD_TAXONOMY.some((d) => d.parentCode === c.code));
const ANSWERS: Record<string, Record<string, string>> = { SJ0102: { VOLUME: 'medium' }, BJ0101: { COVER_STATE: 'broken' } };
const WHERE = ['小区门口', '路口东南角', '公交站旁', '菜市场后门', '3 号楼下', '河道边步行道', '学校北侧', '地铁口附近'];
const WHAT = ['已经好几天了，没人处理', '影响居民出行，请尽快处理', '晚上尤其严重', '老人小孩经过很危险', '多次反映未解决'];
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];

/** A resident's report: a random leaf category (its required answers included), a Chinese description, a random point inside a grid. */
export function caseBody(grids: readonly Cell[]): string {
  const category = pick(LEAF_CATEGORIES);
  const grid = pick(grids);
  // Inside the grid, clear of its edges (placement is exact; the sample need not test the boundary).
  const lon = grid.west + (0.05 + 0.9 * Math.random()) * (grid.east - grid.west);
  const lat = grid.south + (0.05 + 0.9 * Math.random()) * (grid.north - grid.south);
  return JSON.stringify({
    categoryCode: category.code,
    description: `${pick(WHERE)}${category.name}，${pick(WHAT)}。`,
    location: { lon: Math.round(lon * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 },
    attributes: ANSWERS[category.code] ?? {},
  });
}

async function load(order: LoadOrder): Promise<LoadOutcome> {
  // Reports made up front and sent in turn, so the timed run spends the load generator's CPU on sending, not on making them.
  const bodies = Array.from({ length: 20_000 }, () => caseBody(order.grids));
  let next = 0;
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  const instance = autocannon({
    url: `http://127.0.0.1:${order.port}`,
    connections: order.connections,
    duration: order.seconds,
    ...(order.rate ? { overallRate: order.rate } : {}),
    requests: [
      {
        method: 'POST',
        path: order.route,
        setupRequest: (request: AutocannonRequest) => ({
          ...request,
          headers: { 'content-type': 'application/json', ...(order.sessions.length > 0 ? pick(order.sessions) : {}) },
          body: bodies[next++ % bodies.length],
        }),
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) times.push(ms);
  });
  const result = await instance;
  const cpu = process.cpuUsage(cpuBefore);
  return { result, times: times.sort((a, b) => a - b), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

// Forked by bench/cases-intake.ts with the order as its argument.
if (process.send && process.argv[2]) {
  const outcome = await load(JSON.parse(process.argv[2]) as LoadOrder);
  process.send(outcome, () => process.disconnect());
}
