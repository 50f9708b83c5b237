import { Button, Card, Flex, InputNumber, Popconfirm, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { communityWorkload, listTemplates, mergeTemplate, retireTemplate } from './api';
import { TemplateImport } from './TemplateImport';
import type { CommunityWorkload, Template } from './types';

const DESIGNERS = ['department_staff', 'data_steward'];
const STATUS_COLOURS = { active: 'green', retired: 'default', merged: 'blue' } as const;

/** 报表清单: every report sent down, its owner, frequency and fields; per community what the registry fills and the time it saves. */
export default function RegistryPage() {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const templates = useRequest((signal) => listTemplates(signal), []);
  const [minutes, setMinutes] = useState(3);
  const workload = useRequest((signal) => communityWorkload(minutes, signal), [minutes]);
  const [mergeTarget, setMergeTarget] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<unknown>(null);
  const designer = DESIGNERS.includes(grant.role);
  const active = (templates.data ?? []).filter((x) => x.status === 'active');

  async function act(work: () => Promise<unknown>) {
    setActionError(null);
    try {
      await work();
      templates.reload();
      workload.reload();
    } catch (failure) {
      setActionError(failure);
    }
  }

  const templateColumns: TableColumnsType<Template> = [
    { key: 'name', title: t.reports.registry.name, render: (_, x) => <Flex vertical><Typography.Text strong>{x.name}</Typography.Text><Typography.Text type="secondary">{x.code} · v{x.revision}</Typography.Text></Flex> },
    { key: 'owner', title: t.reports.registry.owner, render: (_, x) => x.department?.name ?? '—' },
    { key: 'frequency', title: t.reports.registry.frequency, render: (_, x) => t.reports.frequency[x.frequency] },
    { key: 'fields', title: t.reports.registry.fields, render: (_, x) => x.fields },
    { key: 'auto', title: t.reports.registry.auto, render: (_, x) => <Typography.Text type="success">{x.autoFields}</Typography.Text> },
    { key: 'manual', title: t.reports.registry.manual, render: (_, x) => x.manualFields },
    { key: 'generated', title: t.reports.registry.generated, render: (_, x) => x.generated ?? 0 },
    {
      key: 'status',
      title: t.reports.registry.status,
      render: (_, x) => (
        <Tag color={STATUS_COLOURS[x.status]}>
          {t.reports.status[x.status]}
          {x.mergedInto ? ` → ${x.mergedInto.name}` : ''}
        </Tag>
      ),
    },
    ...(designer
      ? [
          {
            key: 'actions',
            title: t.reports.registry.actions,
            render: (_: unknown, x: Template) =>
              x.status === 'active' && (
                <Space wrap>
                  <Popconfirm title={t.reports.registry.retireConfirm(x.name)} onConfirm={() => act(() => retireTemplate(x.id))}>
                    <Button size="small">{t.reports.registry.retire}</Button>
                  </Popconfirm>
                  <Select
                    size="small"
                    placeholder={t.reports.registry.mergeInto}
                    value={mergeTarget[x.id]}
                    onChange={(value) => setMergeTarget({ ...mergeTarget, [x.id]: value })}
                    options={active.filter((o) => o.id !== x.id).map((o) => ({ value: o.id, label: o.name }))}
                    style={{ width: 180 }}
                  />
                  <Button size="small" disabled={!mergeTarget[x.id]} onClick={() => act(() => mergeTemplate(x.id, mergeTarget[x.id]))}>
                    {t.reports.registry.merge}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  const workloadColumns: TableColumnsType<CommunityWorkload> = [
    { key: 'name', title: t.levels.community, dataIndex: 'name' },
    { key: 'reports', title: t.reports.registry.reports, dataIndex: 'reports' },
    { key: 'filings', title: t.reports.registry.filings, dataIndex: 'filingsPerYear' },
    { key: 'auto', title: t.reports.registry.autoFields, render: (_, c) => <Typography.Text type="success">{c.autoFields}</Typography.Text> },
    { key: 'manual', title: t.reports.registry.manualFields, dataIndex: 'manualFields' },
    { key: 'autoYear', title: t.reports.registry.autoPerYear, dataIndex: 'autoFieldsPerYear' },
    { key: 'manualYear', title: t.reports.registry.manualPerYear, dataIndex: 'manualFieldsPerYear' },
    { key: 'saved', title: t.reports.registry.hoursSaved, render: (_, c) => (c.minutesSavedPerYear / 60).toFixed(1) },
  ];
  const totals = (workload.data?.communities ?? []).reduce((sum, c) => ({ auto: sum.auto + c.autoFieldsPerYear, manual: sum.manual + c.manualFieldsPerYear, minutes: sum.minutes + c.minutesSavedPerYear }), { auto: 0, manual: 0, minutes: 0 });

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.nav.reportRegistry}
      </Typography.Title>
      {actionError !== null && <ErrorAlert error={actionError} />}
      {templates.error !== undefined && <ErrorAlert error={templates.error} onRetry={templates.reload} />}
      <Card>
        <Table data-testid="template-table" size="small" rowKey="id" loading={templates.loading} columns={templateColumns} dataSource={templates.data ?? []} pagination={false} scroll={{ x: true }} />
      </Card>
      <Card
        title={t.reports.registry.byCommunity}
        extra={
          <Space>
            {t.reports.registry.minutesPerField}
            <InputNumber min={0.5} max={60} step={0.5} value={minutes} onChange={(v) => v && setMinutes(v)} />
          </Space>
        }
      >
        {workload.error !== undefined && <ErrorAlert error={workload.error} onRetry={workload.reload} />}
        {workload.data && (
          <Flex vertical gap={12}>
            <Flex gap={32} wrap>
              <Statistic title={t.reports.registry.autoPerYear} value={totals.auto} />
              <Statistic title={t.reports.registry.manualPerYear} value={totals.manual} />
              <Statistic title={t.reports.registry.hoursSaved} value={(totals.minutes / 60).toFixed(0)} />
            </Flex>
            <Typography.Text type="secondary">{t.reports.registry.assumption(workload.data.minutesPerField)}</Typography.Text>
            <Table data-testid="workload-table" size="small" rowKey="code" columns={workloadColumns} dataSource={workload.data.communities} pagination={false} scroll={{ x: true }} />
          </Flex>
        )}
      </Card>
      {designer && <TemplateImport onSaved={templates.reload} />}
    </Flex>
  );
}
