import { getCaseMap } from '../api';
import type { Category, MapCase } from '../types';

/** At most this many cases come to the map (compact rows, one request); heat bins them all. */
export const MAP_CASE_LIMIT = 50_000;
/** Points mode draws at most this many markers: more would only pile up and slow the page. */
export const MAP_POINT_LIMIT = 3000;

/** Cases with a point, submitted in the period and lying in the jurisdiction. */
export async function casesForMap(query: { from: string; to: string; jurisdictionCode: string }, signal: AbortSignal): Promise<{ items: MapCase[]; truncated: boolean }> {
  const map = await getCaseMap({ ...query, limit: MAP_CASE_LIMIT }, signal);
  return {
    items: map.items.map(([id, categoryCode, status, lon, lat]) => ({ id, categoryCode, status, location: { lon, lat } })),
    truncated: map.truncated,
  };
}

/** The major class (top of the taxonomy) a category belongs to. */
export function majorClassOf(code: string, byCode: ReadonlyMap<string, Category>): string {
  let current = byCode.get(code);
  while (current?.parentCode && byCode.has(current.parentCode)) current = byCode.get(current.parentCode);
  return current?.code ?? code;
}

/** A distinct colour per major class, however many there are: hues a golden angle apart never bunch up. */
export const colourFor = (index: number) => `hsl(${Math.round((index * 137.508) % 360)} 60% 48%)`;
