// The load generator of bench/cases-intake.ts, run as its own small process:
// it sends residents' reports (or the same bodies to the bare route), either
// with autocannon or paced evenly (see `paced`). Kept apart from the parent,
// which holds the seeded district in a large heap, so the load generator's
// own cost is small and measured: it answers with the result, the response
// times and its CPU time.
import http from 'node:http';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { STANDARD_TAXONOMY } from '../src/modules/cases/standard-taxonomy.js';
import { percentile } from './percentile.js';

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
  /** How a rate is offered: autocannon's per-second quotas, or one request every 1/rate seconds (`paced`). */
  pacing: 'autocannon' | 'even';
  connections: number;
  /** Session cookie and CSRF header of each resident; empty for the bare route. */
  sessions: Array<Record<string, string>>;
  grids: Cell[];
}

// autocannon ships no types; this is the part used here (the paced load answers in the same shape).
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
  /** Response times of 2xx answers, ms, ascending: as measured by autocannon (no correction); paced, from when each request was due. */
  times: number[];
  cpuSeconds: number;
  /** Paced only: the longest this process's event loop was held up, ms. */
  longestLoopDelayMs?: number;
  /** Paced only: p99 response time, ms, of the requests due in each 5-second window, in order. */
  p99ByWindow?: number[];
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

/** Reports made up front and sent in turn, so the timed run spends the load generator's CPU on sending, not on making them. */
const reportBodies = (order: LoadOrder) => Array.from({ length: 20_000 }, () => caseBody(order.grids));
const headersOf = (order: LoadOrder) => ({ 'content-type': 'application/json', ...(order.sessions.length > 0 ? pick(order.sessions) : {}) });

async function autocannonLoad(order: LoadOrder): Promise<LoadOutcome> {
  const bodies = reportBodies(order);
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
          headers: headersOf(order),
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

/**
 * An open-loop load at an even rate: request i is due at start + i/rate and is
 * sent then, whatever the earlier ones are doing, over at most `connections`
 * keep-alive connections (a request due while all are busy waits for one).
 * Each response time counts from when the request was due, so waiting for a
 * connection, and any stall of the server, is in the figures (the wrk2 way of
 * measuring at a rate). Written here because autocannon's rate mode is not
 * this: each connection sends its per-second quota back to back at the start
 * of every second and then idles, so "1,000/s" over 100 connections is a burst
 * of 1,000 requests each second, answered as fast as the server goes.
 */
const WINDOW_MS = 5000;

async function paced(order: LoadOrder & { rate: number }): Promise<LoadOutcome> {
  const bodies = reportBodies(order);
  const agent = new http.Agent({ keepAlive: true, maxSockets: order.connections });
  const interval = 1000 / order.rate;
  const total = Math.round(order.seconds * order.rate);
  const times: number[] = [];
  /** Response times by the 5-second window their requests were due in: whether the rate was sustained throughout. */
  const byWindow: number[][] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let sent = 0;
  let answered = 0;
  let lastAnswer = 0;
  const cpuBefore = process.cpuUsage();
  // A stall of this process would delay sends and count against the server: measured, to tell the two apart.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const settle = () => {
      lastAnswer = performance.now();
      if (++answered === total) resolve();
    };
    const send = (due: number, body: string) => {
      const request = http.request({ host: '127.0.0.1', port: order.port, path: order.route, method: 'POST', agent, headers: headersOf(order), timeout: 10_000 }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode! >= 200 && response.statusCode! < 300) {
            const took = performance.now() - due;
            times.push(took);
            (byWindow[Math.floor((due - start) / WINDOW_MS)] ??= []).push(took);
          } else non2xx++;
          settle();
        });
      });
      let timedOut = false;
      request.on('timeout', () => {
        timedOut = true;
        request.destroy();
      });
      request.on('error', () => {
        if (timedOut) timeouts++;
        else errors++;
        settle();
      });
      request.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      for (; sent < due; sent++) send(start + sent * interval, bodies[sent % bodies.length]);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  times.sort((a, b) => a - b);
  const at = (p: number) => percentile(times, p);
  const duration = (lastAnswer - start) / 1000;
  const result: AutocannonResult = {
    requests: { total: answered - errors - timeouts, average: (answered - errors - timeouts) / duration },
    latency: { p50: at(50), p90: at(90), p97_5: at(97.5), p99: at(99), max: times[times.length - 1] ?? NaN, average: times.reduce((a, b) => a + b, 0) / times.length },
    non2xx,
    errors,
    timeouts,
    duration,
  };
  const p99ByWindow = byWindow.map((window) => percentile(window, 99));
  return { result, times, cpuSeconds: (cpu.user + cpu.system) / 1e6, longestLoopDelayMs: loopDelay.max / 1e6, p99ByWindow };
}

function load(order: LoadOrder): Promise<LoadOutcome> {
  return order.rate !== null && order.pacing === 'even' ? paced({ ...order, rate: order.rate }) : autocannonLoad(order);
}

// Forked by bench/cases-intake.ts with the order as its argument.
if (process.send && process.argv[2]) {
  const outcome = await load(JSON.parse(process.argv[2]) as LoadOrder);
  process.send(outcome, () => process.disconnect());
}
