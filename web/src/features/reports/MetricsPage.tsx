import { Alert, Card, Flex, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listMetrics } from './api';
import type { Metric, MetricVersion, Overlap } from './types';

/** Every statistical definition (统计口径), its versions, and where two departments count the same thing or one name means two things. */
export default function MetricsPage() {
  const { t, formatDateTime } = useI18n();
  const { data, error, loading, reload } = useRequest((signal) => listMetrics(signal), []);
  const byCode = new Map((data?.items ?? []).map((m) => [m.code, m]));
  const describe = (code: string) => {
    const metric = byCode.get(code);
    return metric ? `${metric.current.name}（${metric.department?.name ?? '—'} · ${code}）` : code;
  };
  const overlapLine = (o: Overlap) => o.metrics.map(describe).join(' ⇄ ');

  const versionColumns: TableColumnsType<MetricVersion> = [
    { key: 'version', title: t.reports.metrics.version, width: 64, render: (_, v) => `v${v.version}` },
    { key: 'validFrom', title: t.reports.metrics.validFrom, width: 110, dataIndex: 'validFrom' },
    { key: 'name', title: t.reports.metrics.name, dataIndex: 'name' },
    { key: 'statement', title: t.reports.metrics.statement, dataIndex: 'statement' },
    { key: 'created', title: t.reports.metrics.created, width: 200, render: (_, v) => `${formatDateTime(v.createdAt)} · ${v.createdBy}` },
  ];

  const columns: TableColumnsType<Metric> = [
    { key: 'code', title: t.reports.metrics.code, render: (_, m) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{m.code}</Typography.Text> },
    { key: 'name', title: t.reports.metrics.name, render: (_, m) => m.current.name },
    { key: 'department', title: t.reports.metrics.department, render: (_, m) => m.department?.name ?? '—' },
    { key: 'version', title: t.reports.metrics.version, render: (_, m) => `v${m.current.version}（${m.current.validFrom}）` },
    { key: 'statement', title: t.reports.metrics.statement, render: (_, m) => m.current.statement },
    {
      key: 'overlaps',
      title: t.reports.metrics.overlaps,
      render: (_, m) =>
        m.overlaps.map((o) => (
          <Tag key={`${o.kind}-${o.metrics.join()}`} color={o.kind === 'duplicate' ? 'orange' : 'red'}>
            {t.reports.metrics.kinds[o.kind]}
          </Tag>
        )),
    },
  ];

  const duplicates = (data?.overlaps ?? []).filter((o) => o.kind === 'duplicate');
  const conflicts = (data?.overlaps ?? []).filter((o) => o.kind === 'conflict');

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.metrics}
      </Typography.Title>
      {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
      {!data && loading && <Skeleton active />}
      {data && (
        <>
          {conflicts.length > 0 && (
            <Alert
              type="error"
              showIcon
              data-testid="metric-conflicts"
              title={t.reports.metrics.conflictsTitle(conflicts.length)}
              description={conflicts.map((o) => <div key={o.metrics.join()}>{overlapLine(o)}</div>)}
            />
          )}
          {duplicates.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="metric-duplicates"
              title={t.reports.metrics.duplicatesTitle(duplicates.length)}
              description={duplicates.map((o) => <div key={o.metrics.join()}>{overlapLine(o)}</div>)}
            />
          )}
          <Card>
            <Table
              data-testid="metric-table"
              size="small"
              rowKey="code"
              columns={columns}
              dataSource={data.items}
              pagination={{ pageSize: 50, showSizeChanger: false }}
              expandable={{
                expandedRowRender: (m) => <Table size="small" rowKey="id" columns={versionColumns} dataSource={m.versions} pagination={false} />,
              }}
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
