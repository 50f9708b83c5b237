import { Card, Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../i18n';
import { Countdown } from '../Countdown';
import type { Deadline } from '../types';
import type { WorkingCalendar } from '../workingTime';

/** Each stage clock of the case: whose it is, its limit, and time left (or whether it was met in time). */
export function DeadlinesCard({ deadlines, calendar }: { deadlines: readonly Deadline[]; calendar: WorkingCalendar | null }) {
  const { t, formatDateTime } = useI18n();
  if (deadlines.length === 0) return null;

  const columns: TableColumnsType<Deadline> = [
    {
      key: 'stage',
      title: t.cases.deadlines.stage,
      render: (_, d) => (
        <Flex vertical>
          {t.cases.stages[d.stage]}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.unitName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'limit',
      title: t.cases.deadlines.limit,
      render: (_, d) => <Tooltip title={t.cases.deadlines.started(formatDateTime(d.startedAt))}>{t.cases.limit(d.limit)}</Tooltip>,
    },
    {
      key: 'state',
      title: t.cases.deadlines.state,
      render: (_, d) => {
        if (d.outcome === 'cancelled') return <Tag>{t.cases.deadlines.cancelled}</Tag>;
        if (d.metAt) return <Tag color={d.overdue ? 'error' : 'success'}>{d.overdue ? t.cases.deadlines.metLate : t.cases.deadlines.metOnTime}</Tag>;
        return <Countdown dueAt={d.dueAt} warnAt={d.warnAt} calendar={calendar} natural={d.limit.natural} />;
      },
    },
  ];
  return (
    <Card size="small" title={t.cases.deadlines.title}>
      <Table<Deadline> rowKey="id" size="small" columns={columns} dataSource={deadlines as Deadline[]} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}
