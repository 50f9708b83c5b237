import { Alert, Button, Card, Empty, Flex, Input, InputNumber, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listTasks, submitAnswers } from './api';
import type { FillTask } from './types';

/** The manual fields of reports that this unit must still supply — everything else the registry fills. */
export default function TasksPage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useRequest((signal) => listTasks(signal), []);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.reportTasks}
      </Typography.Title>
      {error !== undefined && <ErrorAlert error={error} onRetry={reload} />}
      {!data && loading && <Skeleton active />}
      {data && data.length === 0 && <Empty description={t.reports.tasks.empty} />}
      {data?.map((task) => <TaskCard key={task.id} task={task} onSaved={reload} />)}
    </Flex>
  );
}

type Draft = Record<string, Record<string, number | string | null>>;

function TaskCard({ task, onSaved }: { task: FillTask; onSaved: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(() => task.answers);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = (row: string, column: string, value: number | string | null) => setDraft({ ...draft, [row]: { ...draft[row], [column]: value } });

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const answers = Object.fromEntries(
        task.rows.map((r) => [r.key, Object.fromEntries(task.columns.flatMap((c) => (draft[r.key]?.[c.key] ?? null) === null ? [] : [[c.key, draft[r.key][c.key] as number | string]]))]),
      );
      await submitAnswers(task.id, answers);
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const columns: TableColumnsType<{ key: string; label: string }> = [
    { key: 'label', title: '', dataIndex: 'label' },
    ...task.columns.map((c) => ({
      key: c.key,
      title: c.path.join(' / '),
      render: (_: unknown, row: { key: string }) => {
        const value = draft[row.key]?.[c.key] ?? null;
        return c.type === 'text' ? (
          <Input value={value === null ? '' : String(value)} onChange={(e) => set(row.key, c.key, e.target.value)} />
        ) : (
          <InputNumber
            value={typeof value === 'number' ? value : null}
            precision={c.type === 'integer' ? 0 : 2}
            onChange={(v) => set(row.key, c.key, v)}
            data-testid={`answer-${row.key}-${c.key}`}
          />
        );
      },
    })),
  ];

  return (
    <Card
      size="small"
      title={`${task.template.name} · ${task.jurisdiction.name}`}
      extra={<Tag color={task.status === 'open' ? 'orange' : 'green'}>{t.reports.tasks.statuses[task.status]}</Tag>}
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t.reports.tasks.referenceDate(task.referenceDate)}</Typography.Text>
        <Table size="small" rowKey="key" pagination={false} columns={columns} dataSource={task.rows} scroll={{ x: true }} />
        {error !== null && <ErrorAlert error={error} />}
        {saved && <Alert type="success" showIcon title={t.reports.tasks.saved} />}
        <Button type="primary" onClick={save} loading={saving} style={{ alignSelf: 'flex-start' }}>
          {t.reports.tasks.submit}
        </Button>
      </Flex>
    </Card>
  );
}
