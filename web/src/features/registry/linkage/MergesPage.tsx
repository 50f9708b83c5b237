import { Alert, Button, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { TextPrompt } from '../../cases/TextPrompt';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { listMerges, unmerge } from '../api';
import type { MergeView } from '../types';

const PAGE = 50;

/**
 * Every merge of two registry persons in the steward's jurisdiction: who merged
 * whom, when and why, and whether it was undone; an unmerge asks for the reason
 * and restores both persons as they were.
 */
export default function MergesPage() {
  const { t, formatDateTime } = useI18n();
  const [offset, setOffset] = useState(0);
  const merges = useRequest((signal) => listMerges(offset, signal), [offset]);
  const [undoing, setUndoing] = useState<MergeView | null>(null);
  const label = (id: string, name: string | null) => (name ? `${name}（${id}）` : id);
  const person = (id: string, name: string | null) => <Link to={`/registry/people/${encodeURIComponent(id)}`}>{label(id, name)}</Link>;

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.merges.title}
      </Typography.Title>
      {merges.error !== undefined && <ErrorAlert error={merges.error} onRetry={merges.reload} />}
      <Table<MergeView>
        size="small"
        rowKey="id"
        loading={merges.loading}
        dataSource={merges.data ?? []}
        scroll={{ x: 960 }}
        pagination={false}
        locale={{ emptyText: t.merges.empty }}
        data-testid="merge-list"
        columns={[
          { key: 'survivor', title: t.merges.survivor, render: (_, m) => person(m.survivorId, m.survivorName), width: 220 },
          // The merged person has no page of their own until the merge is undone.
          { key: 'merged', title: t.merges.merged, render: (_, m) => (m.unmergedAt ? person(m.mergedId, m.mergedName) : label(m.mergedId, m.mergedName)), width: 220 },
          { key: 'reason', title: t.merges.reason, dataIndex: 'reason' },
          { key: 'mergedAt', title: t.merges.mergedAt, render: (_, m) => formatDateTime(m.mergedAt), width: 160 },
          { key: 'mergedBy', title: t.merges.mergedBy, dataIndex: 'mergedBy', width: 120 },
          {
            key: 'status',
            title: t.merges.status,
            width: 200,
            render: (_, m) =>
              m.unmergedAt ? (
                <Tag data-testid="merge-status" title={m.unmergeReason ?? undefined}>
                  {t.merges.undone(m.unmergedBy ?? '', formatDateTime(m.unmergedAt))}
                </Tag>
              ) : (
                <Tag color="blue" data-testid="merge-status">
                  {t.merges.active}
                </Tag>
              ),
          },
          {
            key: 'actions',
            title: '',
            width: 110,
            render: (_, m) =>
              !m.unmergedAt && (
                <Button size="small" danger onClick={() => setUndoing(m)} data-testid="merge-unmerge">
                  {t.merges.unmerge}
                </Button>
              ),
          },
        ]}
      />
      <Flex justify="space-between">
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t.pager.previous}
        </Button>
        <Button disabled={(merges.data?.length ?? 0) < PAGE} onClick={() => setOffset(offset + PAGE)}>
          {t.pager.next}
        </Button>
      </Flex>
      <TextPrompt
        open={undoing !== null}
        title={undoing ? t.merges.unmergeTitle(label(undoing.survivorId, undoing.survivorName), label(undoing.mergedId, undoing.mergedName)) : ''}
        label={t.merges.unmergeReason}
        required
        okText={t.merges.unmerge}
        onClose={() => setUndoing(null)}
        onSubmit={async ({ text }) => {
          await unmerge(undoing!.id, text ?? '');
          setUndoing(null);
          merges.reload();
        }}
      >
        <Alert type="warning" showIcon message={t.merges.unmergeHint} style={{ marginBottom: 12 }} />
      </TextPrompt>
    </Flex>
  );
}
