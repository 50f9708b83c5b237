import { Flex, List, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listGrants, listImports, listReviews } from './api';
import { ImportStatusTag } from './imports/ImportStatusTag';
import { DataAccessList } from './sharing/MyDataAccessPage';

/** The steward's latest imports with their status. */
export function ImportsSection() {
  const { t, formatDateTime } = useI18n();
  const imports = useRequest((signal) => listImports(signal), []);
  if (imports.error !== undefined) return <ErrorAlert error={imports.error} onRetry={imports.reload} />;
  return (
    <Flex vertical gap={4}>
      <List
        size="small"
        loading={imports.loading}
        locale={{ emptyText: t.imports.list.empty }}
        dataSource={(imports.data ?? []).slice(0, 5)}
        renderItem={(i) => (
          <List.Item extra={<ImportStatusTag status={i.status} />}>
            <Flex vertical>
              <Link to={`/registry/imports/${i.id}`}>{i.fileName}</Link>
              <Typography.Text type="secondary">{formatDateTime(i.createdAt)}</Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      <Link to="/registry/imports/new">{t.imports.list.new}</Link>
    </Flex>
  );
}

/** How many pairs wait for the steward's decision. */
export function MatchingSection() {
  const { t } = useI18n();
  const pending = useRequest((signal) => listReviews('pending', 0, signal), []);
  if (pending.error !== undefined) return <ErrorAlert error={pending.error} onRetry={pending.reload} />;
  const count = pending.data?.length ?? 0;
  return (
    <Link to="/registry/reviews">
      <Statistic title={t.linkage.status.pending} value={count} suffix={count >= 50 ? '+' : undefined} loading={pending.loading} />
    </Link>
  );
}

/** How many grants are in force. */
export function GrantsSection() {
  const { t } = useI18n();
  const grants = useRequest((signal) => listGrants(false, signal), []);
  if (grants.error !== undefined) return <ErrorAlert error={grants.error} onRetry={grants.reload} />;
  return (
    <Link to="/registry/grants">
      <Statistic title={t.grants.statuses.active} value={(grants.data ?? []).filter((g) => g.status === 'active').length} loading={grants.loading} />
    </Link>
  );
}

/** The resident's latest reads of their data. */
export function DataAccessSection() {
  const { t } = useI18n();
  return (
    <Flex vertical gap={8}>
      <DataAccessList pageSize={3} more={false} />
      <Link to="/my/data-access">{t.common.viewAll}</Link>
    </Flex>
  );
}
