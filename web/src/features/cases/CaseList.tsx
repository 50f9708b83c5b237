import { Card, Empty, Flex, Grid, Pagination, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { Countdown } from './Countdown';
import { StatusTag } from './StatusTag';
import type { CaseListItem } from './types';
import type { WorkingCalendar } from './workingTime';

export interface CaseListProps {
  items: readonly CaseListItem[];
  loading: boolean;
  /** Where a case opens: the staff page or the reporter's own. */
  linkTo(item: CaseListItem): string;
  /** Counts the time left on the next limit; without it no countdown is shown. */
  calendar?: WorkingCalendar | null;
  /** Show the escalation level and supervision (the overdue board). */
  showEscalation?: boolean;
  paging: { page: number; pageSize: number; total: number; onChange(page: number): void };
}

/** Cases as a table on a desk, and as cards on a phone (no horizontal scrolling at 375 px). */
export function CaseList(props: CaseListProps) {
  const isPhone = Grid.useBreakpoint().md === false;
  return isPhone ? <CaseCards {...props} /> : <CaseTable {...props} />;
}

function DueCell({ item, calendar }: { item: CaseListItem; calendar?: WorkingCalendar | null }) {
  const { t } = useI18n();
  // The row carries the running clock due first (none when no clock runs), with its warning point.
  const next = item.nextDeadline;
  if (calendar === undefined || !next) return null;
  return (
    <Flex gap={4} align="center" data-testid="next-deadline" data-stage={next.stage} data-state={next.state}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.cases.stages[next.stage]}
      </Typography.Text>
      <Countdown dueAt={next.dueAt} warnAt={next.warnAt} calendar={calendar} natural={next.limit.natural} />
    </Flex>
  );
}

function EscalationTags({ item }: { item: CaseListItem }) {
  const { t } = useI18n();
  return (
    <>
      {item.escalationLevel > 0 && <Tag color="red">{t.cases.escalation.level(item.escalationLevel)}</Tag>}
      {item.supervised && <Tag color="magenta">{t.cases.escalation.supervised}</Tag>}
    </>
  );
}

function CaseTable({ items, loading, linkTo, calendar, showEscalation, paging }: CaseListProps) {
  const { t, formatDateTime } = useI18n();
  const columns: TableColumnsType<CaseListItem> = [
    {
      key: 'case',
      title: t.cases.list.case,
      render: (_, item) => (
        <Flex vertical>
          <Link to={linkTo(item)} data-testid="case-link">
            {item.number}
          </Link>
          <Typography.Text type="secondary">{item.category.name}</Typography.Text>
        </Flex>
      ),
    },
    { key: 'summary', title: t.cases.list.summary, dataIndex: 'summary', ellipsis: true, width: 280 },
    { key: 'place', title: t.cases.list.place, render: (_, item) => item.place.communityName ?? item.address ?? '—' },
    { key: 'unit', title: t.cases.list.unit, render: (_, item) => item.unit?.name ?? '—' },
    { key: 'status', title: t.cases.list.status, render: (_, item) => <StatusTag status={item.status} /> },
    {
      key: 'due',
      title: t.cases.list.due,
      render: (_, item) => (
        <Flex gap={4} wrap>
          <DueCell item={item} calendar={calendar} />
          {showEscalation && <EscalationTags item={item} />}
        </Flex>
      ),
    },
    { key: 'submitted', title: t.cases.list.submitted, dataIndex: 'submittedAt', render: formatDateTime },
  ];
  return (
    <Table<CaseListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items as CaseListItem[]}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t.cases.list.empty }}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total: paging.total,
        showSizeChanger: false,
        onChange: paging.onChange,
      }}
      data-testid="case-table"
    />
  );
}

function CaseCards({ items, loading, linkTo, calendar, showEscalation, paging }: CaseListProps) {
  const { t, formatDateTime } = useI18n();
  if (items.length === 0) return loading ? <Skeleton active /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.cases.list.empty} />;
  return (
    <Flex vertical gap={8} data-testid="case-cards">
      {items.map((item) => (
        <Link key={item.id} to={linkTo(item)} data-testid="case-link">
          <Card size="small" hoverable loading={loading}>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong ellipsis>
                {item.category.name}
              </Typography.Text>
              <StatusTag status={item.status} />
            </Flex>
            <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '4px 0' }}>
              {item.summary}
            </Typography.Paragraph>
            <Flex justify="space-between" align="center" gap={8} wrap>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {item.number} · {formatDateTime(item.submittedAt)}
              </Typography.Text>
              <Flex gap={4} wrap>
                <DueCell item={item} calendar={calendar} />
                {showEscalation && <EscalationTags item={item} />}
              </Flex>
            </Flex>
          </Card>
        </Link>
      ))}
      {paging.total > paging.pageSize && (
        <Pagination simple align="center" current={paging.page} pageSize={paging.pageSize} total={paging.total} onChange={paging.onChange} />
      )}
    </Flex>
  );
}
