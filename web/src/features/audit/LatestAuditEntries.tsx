import { Divider, Empty, Flex, Skeleton, Typography } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listAuditEntries } from './api';
import { OutcomeTag } from './OutcomeTag';

const LATEST = 5;

/** The newest audit entries, for the auditor's home. */
export function LatestAuditEntries() {
  const { t, formatDateTime } = useI18n();
  const { data, error, loading, reload } = useRequest(
    (signal) => listAuditEntries({}, { limit: LATEST, cursor: null }, signal),
    [],
  );

  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading) return <Skeleton active />;
  const entries = data?.items ?? [];

  return (
    <Flex vertical gap={12} data-testid="latest-audit">
      {entries.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.audit.empty} />}
      {entries.map((entry, index) => (
        <Fragment key={entry.id}>
          {index > 0 && <Divider style={{ margin: 0 }} />}
          <Flex justify="space-between" align="center" gap={8}>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text code ellipsis>
                {entry.action}
              </Typography.Text>
              <Typography.Text type="secondary">
                {entry.actor ?? '—'} · {formatDateTime(entry.at)}
              </Typography.Text>
            </Flex>
            <OutcomeTag outcome={entry.outcome} />
          </Flex>
        </Fragment>
      ))}
      <Link to="/audit">{t.common.viewAll}</Link>
    </Flex>
  );
}
