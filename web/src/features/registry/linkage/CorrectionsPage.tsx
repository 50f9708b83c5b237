import { DownloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Segmented, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { downloadCorrections, listCorrections, listCorrectionSources } from '../api';
import type { CorrectionView } from '../types';

const PAGE = 50;

/**
 * 校核纠错: what linking found wrong in each source department's data, one
 * department at a time, and the list as a file in that department's own
 * format to send back to it.
 */
export default function CorrectionsPage() {
  const { t } = useI18n();
  const sources = useRequest((signal) => listCorrectionSources(signal), []);
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const chosen = sourceId ?? sources.data?.[0]?.id ?? null;
  const items = useRequest((signal) => (chosen ? listCorrections(chosen, offset, signal) : Promise.resolve([])), [chosen, offset]);
  const [busy, setBusy] = useState<'xlsx' | 'csv' | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function download(format: 'xlsx' | 'csv') {
    if (!chosen) return;
    setBusy(format);
    setError(null);
    try {
      await downloadCorrections(chosen, format);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  if (sources.error !== undefined) return <ErrorAlert error={sources.error} onRetry={sources.reload} />;
  if (!sources.data) return <Skeleton active />;

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.corrections.title}
      </Typography.Title>
      {sources.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.corrections.empty} />
      ) : (
        <>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t.corrections.source}</Typography.Text>
            <Segmented<string>
              value={chosen ?? undefined}
              onChange={(next) => {
                setSourceId(next);
                setOffset(0);
              }}
              options={sources.data.map((s) => ({ value: s.id, label: `${s.name} · ${t.corrections.items(s.items)}` }))}
              data-testid="correction-sources"
            />
          </Flex>
          <Flex gap={8} wrap>
            <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => void download('xlsx')} data-testid="corrections-xlsx">
              {t.corrections.xlsx}
            </Button>
            <Button icon={<DownloadOutlined />} loading={busy === 'csv'} onClick={() => void download('csv')} data-testid="corrections-csv">
              {t.corrections.csv}
            </Button>
          </Flex>
          {error !== null && <ErrorAlert error={error} />}
          {items.error !== undefined && <ErrorAlert error={items.error} onRetry={items.reload} />}
          <Table<CorrectionView>
            size="small"
            rowKey="id"
            loading={items.loading}
            dataSource={items.data ?? []}
            scroll={{ x: 960 }}
            pagination={false}
            data-testid="correction-list"
            columns={[
              { key: 'row', title: t.corrections.row, dataIndex: 'row', width: 90 },
              { key: 'recordKey', title: t.corrections.recordKey, dataIndex: 'recordKey', width: 140 },
              { key: 'problem', title: t.corrections.problem, dataIndex: 'problem' },
              { key: 'value', title: t.corrections.value, dataIndex: 'value', width: 180 },
              { key: 'suggestion', title: t.corrections.suggestion, dataIndex: 'suggestion', width: 180 },
              { key: 'detail', title: t.corrections.detail, dataIndex: 'detail', width: 200 },
              {
                key: 'person',
                title: '',
                width: 90,
                render: (_, c) => c.personId && <Link to={`/registry/people/${encodeURIComponent(c.personId)}`}>{t.linkage.openPerson}</Link>,
              },
            ]}
          />
          <Flex justify="space-between">
            <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t.pager.previous}
            </Button>
            <Button disabled={(items.data?.length ?? 0) < PAGE} onClick={() => setOffset(offset + PAGE)}>
              {t.pager.next}
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );
}
