import { useRequest } from '../../hooks/useRequest';
import { listCases } from './api';
import type { CaseListQuery } from './types';

/** How many cases each filter finds, for tab badges and home sections (one row fetched per filter). */
export function useCaseCounts<K extends string>(queries: Record<K, CaseListQuery>) {
  return useRequest(async (signal) => {
    const entries = await Promise.all(
      (Object.entries(queries) as Array<[K, CaseListQuery]>).map(async ([name, query]) => {
        const { total } = await listCases({ ...query, limit: 1 }, signal);
        return [name, total] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<K, number>;
  }, [JSON.stringify(queries)]);
}
