import { List, Typography } from 'antd';
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
  return (
    <List
      size="small"
      loading={loading}
      dataSource={data?.items ?? []}
      locale={{ emptyText: t.audit.empty }}
      data-testid="latest-audit"
      renderItem={(entry) => (
        <List.Item actions={[<OutcomeTag key="outcome" outcome={entry.outcome} />]}>
          <List.Item.Meta
            title={<Typography.Text code>{entry.action}</Typography.Text>}
            description={`${entry.actor ?? '—'} · ${formatDateTime(entry.at)}`}
          />
        </List.Item>
      )}
      footer={<Link to="/audit">{t.common.viewAll}</Link>}
    />
  );
}
