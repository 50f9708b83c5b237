import { Alert, Drawer, Flex, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { drillDown } from './api';
import type { FigureCell } from './ReportTable';
import type { DrillDownRecord } from './types';

const PAGE = 20;

/** The records behind one figure: masked, paged, and every record shown is in the audit log. */
export function DrillDownDrawer({ reportId, cell, onClose }: { reportId: string; cell: FigureCell | null; onClose: () => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const ratio = Boolean(cell?.column.metric?.ratio);
  const { data, error, loading, reload } = useRequest(
    (signal) =>
      cell
        ? drillDown(reportId, { row: cell.row, column: cell.column.key, part: ratio ? part : undefined, offset: (page - 1) * PAGE }, signal)
        : Promise.resolve(undefined),
    [reportId, cell?.row, cell?.column.key, part, page],
  );

  const columns: TableColumnsType<DrillDownRecord> = [
    { key: 'label', title: t.reports.drill.name, dataIndex: 'label' },
    { key: 'idNumber', title: t.reports.drill.idNumber, render: (_, r) => r.idNumber ?? '—' },
    { key: 'sex', title: t.reports.drill.sex, render: (_, r) => (r.sex === 'male' || r.sex === 'female' ? t.reports.drill.sexes[r.sex] : '—') },
    { key: 'age', title: t.reports.drill.age, render: (_, r) => r.age ?? '—' },
    { key: 'place', title: t.reports.drill.place, render: (_, r) => r.place ?? '—' },
    { key: 'tags', title: t.reports.drill.tags, render: (_, r) => r.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) },
  ];

  return (
    <Drawer
      open={cell !== null}
      onClose={() => {
        setPage(1);
        setPart('numerator');
        onClose();
      }}
      size="large"
      title={cell ? `${cell.rowLabel} · ${cell.column.path.join(' / ')}` : ''}
      data-testid="drill-down"
    >
      <Flex vertical gap={12}>
        {ratio && (
          <Segmented<'numerator' | 'denominator'>
            value={part}
            onChange={(value) => {
              setPart(value);
              setPage(1);
            }}
            options={[
              { value: 'numerator', label: t.reports.drill.numerator },
              { value: 'denominator', label: t.reports.drill.denominator },
            ]}
          />
        )}
        {data && (
          <Typography.Text>
            {t.reports.drill.metric(data.metric.name, data.metric.code, data.metric.version)} · {t.reports.drill.figure}: {String(data.figure ?? '—')} ·{' '}
            {t.reports.drill.now(data.total)}
          </Typography.Text>
        )}
        <Alert type="info" showIcon title={t.reports.drill.audited} />
        {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
        <Table
          size="small"
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={data?.records ?? []}
          pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        />
      </Flex>
    </Drawer>
  );
}
