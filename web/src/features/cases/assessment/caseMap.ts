import { listCases } from '../api';
import type { CaseListItem, Category } from '../types';

/** At most this many cases are drawn; a map of more points says nothing more, and the request stays quick. */
export const MAP_CASE_LIMIT = 3000;
const PAGE = 1000;

/** Cases with a point, submitted in the period and lying in the jurisdiction. */
export async function casesForMap(query: { from: string; to: string; jurisdictionCode: string }, signal: AbortSignal) {
  const items: CaseListItem[] = [];
  let total = 0;
  for (let offset = 0; offset < MAP_CASE_LIMIT; offset += PAGE) {
    const page = await listCases({ submittedFrom: query.from, submittedTo: query.to, jurisdictionCode: query.jurisdictionCode, limit: PAGE, offset }, signal);
    items.push(...page.items);
    total = page.total;
    if (offset + PAGE >= page.total) break;
  }
  return { items: items.filter((item) => item.location !== null), total };
}

/** The major class (top of the taxonomy) a category belongs to. */
export function majorClassOf(code: string, byCode: ReadonlyMap<string, Category>): string {
  let current = byCode.get(code);
  while (current?.parentCode && byCode.has(current.parentCode)) current = byCode.get(current.parentCode);
  return current?.code ?? code;
}

/** A distinct colour per major class, however many there are: hues a golden angle apart never bunch up. */
export const colourFor = (index: number) => `hsl(${Math.round((index * 137.508) % 360)} 60% 48%)`;
