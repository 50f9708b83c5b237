import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Input, Select, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';
import { listDepartments } from '../org/api';
import { createTemplate, listMetrics, readTemplateSheet } from './api';
import type { Column, Frequency, ImportResult, LeafColumn } from './types';

const FREQUENCIES: Frequency[] = ['monthly', 'quarterly', 'half_yearly', 'yearly', 'ad_hoc'];

function leaves(columns: Column[]): LeafColumn[] {
  return columns.flatMap((c) => ('children' in c ? leaves(c.children) : [c]));
}

function bind(columns: Column[], bindings: Record<string, string | null>): Column[] {
  return columns.map((c) => {
    if ('children' in c) return { ...c, children: bind(c.children, bindings) };
    const metric = bindings[c.key];
    return metric ? { key: c.key, label: c.label, metric } : { key: c.key, label: c.label, manual: c.manual ?? { type: 'integer' } };
  });
}

/** A department's existing spreadsheet becomes a template: read its header block, bind its columns to metrics, save. */
export function TemplateImport({ onSaved }: { onSaved: () => void }) {
  const { t } = useI18n();
  const { grant } = useSignedIn();
  const departments = useRequest((signal) => (grant.role === 'data_steward' ? listDepartments(signal) : Promise.resolve([])), [grant.role]);
  const metrics = useRequest((signal) => listMetrics(signal), []);
  const [departmentCode, setDepartmentCode] = useState<string | undefined>(grant.department?.id);
  const [code, setCode] = useState('');
  const [frequency, setFrequency] = useState<Frequency>('monthly');
  const [read, setRead] = useState<ImportResult | null>(null);
  const [bindings, setBindings] = useState<Record<string, string | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function readSheet(file: File) {
    if (!departmentCode) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const result = await readTemplateSheet(file, { code: code || 'IMPORTED', departmentCode });
      setRead(result);
      setBindings(Object.fromEntries(leaves(result.layout.columns).map((c) => [c.key, c.metric ?? result.suggestions.find((s) => s.column === c.key)?.metric ?? null])));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!read || !departmentCode) return;
    setBusy(true);
    setError(null);
    try {
      const template = await createTemplate({ code, name: read.layout.title, departmentCode, frequency, layout: { ...read.layout, columns: bind(read.layout.columns, bindings) } });
      setSaved(template.name);
      setRead(null);
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const metricOptions = (metrics.data?.items ?? []).map((m) => ({ value: m.code, label: `${m.current.name}（${m.department?.name ?? '—'}）` }));
  const columns: TableColumnsType<LeafColumn> = [
    { key: 'label', title: t.reports.registry.importColumn, render: (_, c) => c.label },
    {
      key: 'metric',
      title: t.reports.registry.bind,
      render: (_, c) => (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t.reports.view.manual}
          value={bindings[c.key] ?? undefined}
          onChange={(value) => setBindings({ ...bindings, [c.key]: value ?? null })}
          options={metricOptions}
          style={{ minWidth: 320 }}
        />
      ),
    },
  ];

  return (
    <Card size="small" title={t.reports.registry.import}>
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t.reports.registry.importHint}
        </Typography.Paragraph>
        <Flex gap={8} wrap>
          {grant.role === 'data_steward' && (
            <Select
              value={departmentCode}
              onChange={setDepartmentCode}
              placeholder={t.reports.registry.owner}
              options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
              style={{ minWidth: 240 }}
            />
          )}
          <Input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t.reports.registry.codePlaceholder} style={{ width: 200 }} />
          <Select<Frequency> value={frequency} onChange={setFrequency} options={FREQUENCIES.map((f) => ({ value: f, label: t.reports.frequency[f] }))} style={{ width: 120 }} />
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              void readSheet(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={busy} disabled={!departmentCode || !code}>
              {t.reports.registry.readSheet}
            </Button>
          </Upload>
        </Flex>
        {error !== null && <ErrorAlert error={error} />}
        {saved && <Alert type="success" showIcon title={t.reports.registry.saved(saved)} />}
        {read && (
          <>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t.reports.registry.title}>{read.layout.title}</Descriptions.Item>
              <Descriptions.Item label={t.reports.registry.headerRows}>{read.detected.headerRows.join('–')}</Descriptions.Item>
              <Descriptions.Item label={t.reports.registry.rowLabels}>{read.detected.rowLabels.join('、') || '—'}</Descriptions.Item>
            </Descriptions>
            <Table size="small" rowKey="key" pagination={false} columns={columns} dataSource={leaves(read.layout.columns)} />
            <Button type="primary" onClick={save} loading={busy} style={{ alignSelf: 'flex-start' }}>
              {t.reports.registry.save}
            </Button>
          </>
        )}
      </Flex>
    </Card>
  );
}
