import { Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { CursorPager } from '../../components/CursorPager';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listAuditEntries, type AuditFilter } from './api';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { VerifyChain } from './VerifyChain';

const PAGE_SIZES = [20, 50, 100] as const;

/** The audit trail, filtered and paged by cursor on the server, with the hash-chain check. */
export default function AuditPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [pageSize, setPageSize] = useState(50);
  // cursors[i] opens page i + 1; going back pops, going forward pushes nextCursor.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];

  const { data, error, loading, reload } = useRequest(
    (signal) => listAuditEntries(filter, { limit: pageSize, cursor }, signal),
    [filter, pageSize, cursor],
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t.audit.title}
        </Typography.Title>
        <VerifyChain />
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <AuditFilters
            onChange={(next) => {
              setFilter(next);
              setCursors([null]);
            }}
          />
          {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
          <AuditTable entries={error === undefined ? (data?.items ?? []) : []} loading={loading} />
          <CursorPager
            page={cursors.length}
            hasNext={Boolean(data?.nextCursor) && !loading}
            pageSize={pageSize}
            pageSizes={PAGE_SIZES}
            onPrevious={() => setCursors(cursors.slice(0, -1))}
            onNext={() => data?.nextCursor && setCursors([...cursors, data.nextCursor])}
            onPageSizeChange={(size) => {
              setPageSize(size);
              setCursors([null]);
            }}
          />
        </Flex>
      </Card>
    </Flex>
  );
}
