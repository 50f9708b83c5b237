import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { listCases, listMyCases } from './api';
import { CaseList, type CaseListProps } from './CaseList';
import type { CaseList as CaseListPage, CaseListQuery, CaseStatus } from './types';

const PAGE_SIZE = 20;

type Display = Omit<CaseListProps, 'items' | 'loading' | 'paging'>;
type Source = (page: { limit: number; offset: number }, signal: AbortSignal) => Promise<CaseListPage>;

/** A case list paged on the server; `sourceKey` says when the source's filter changed. */
function PagedCaseList({ source, sourceKey, ...display }: Display & { source: Source; sourceKey: string }) {
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useRequest(
    (signal) => source({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [sourceKey, page],
  );
  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  return (
    <CaseList
      {...display}
      items={data?.items ?? []}
      loading={loading}
      paging={{ page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage }}
    />
  );
}

/** Cases staff see, with a filter. */
export function CaseQueue({ query, ...display }: Display & { query: CaseListQuery }) {
  return <PagedCaseList {...display} sourceKey={JSON.stringify(query)} source={(page, signal) => listCases({ ...query, ...page }, signal)} />;
}

/** The signed-in resident's own reports. */
export function MyCaseQueue({ status, ...display }: Display & { status?: readonly CaseStatus[] }) {
  return <PagedCaseList {...display} sourceKey={status?.join(',') ?? ''} source={(page, signal) => listMyCases({ status, ...page }, signal)} />;
}
