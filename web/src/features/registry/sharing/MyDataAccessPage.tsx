import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { myDataAccess } from '../api';
import type { DataAccessEntry } from '../types';

const PAGE = 20;

/** For a resident (PIPL): who read their data, when, for what purpose and on what legal basis. */
export default function MyDataAccessPage() {
  const { t } = useI18n();
  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.myData.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t.myData.intro}
      </Typography.Paragraph>
      <DataAccessList pageSize={PAGE} />
    </Flex>
  );
}

/** The reads, newest first; more on request. Also the resident home's section, with fewer. */
export function DataAccessList({ pageSize, more = true }: { pageSize: number; more?: boolean }) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<DataAccessEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function load(cursor: string | null, signal?: AbortSignal) {
    setLoading(true);
    setError(null);
    try {
      const page = await myDataAccess(cursor, pageSize, signal);
      setEntries((previous) => (cursor === null ? page.items : [...(previous ?? []), ...page.items]));
      setNext(page.nextCursor);
    } catch (failure) {
      if (!signal?.aborted) setError(failure);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  }

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [pageSize]);

  if (error !== null) return <ErrorAlert error={error} onRetry={() => void load(null)} />;
  if (entries === null) return <Skeleton active />;
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.myData.none} />;
  return (
    <Flex vertical gap={8} data-testid="data-access-list">
      {entries.map((entry) => (
        <AccessCard key={entry.id} entry={entry} />
      ))}
      {more && next !== null && (
        <Button onClick={() => void load(next)} loading={loading} style={{ alignSelf: 'flex-start' }}>
          {t.imports.validate.more}
        </Button>
      )}
    </Flex>
  );
}

function AccessCard({ entry }: { entry: DataAccessEntry }) {
  const { t, formatDateTime } = useI18n();
  const who = entry.department?.name ?? entry.office ?? t.myData.unknownOffice;
  return (
    <Card size="small" data-testid="data-access-entry">
      <Flex vertical gap={2}>
        <Flex gap={8} wrap align="center">
          <Typography.Text strong data-testid="data-access-who">
            {who}
          </Typography.Text>
          {entry.purpose && <Tag color="blue">{t.purposes[entry.purpose as keyof typeof t.purposes] ?? entry.purpose}</Tag>}
        </Flex>
        <Typography.Text type="secondary">
          {[formatDateTime(entry.at), t.myData.actions[entry.action] ?? entry.action, entry.role && t.roles[entry.role as keyof typeof t.roles]].filter(Boolean).join(' · ')}
        </Typography.Text>
        {entry.legalBasis.length > 0 && (
          <Typography.Text type="secondary" data-testid="data-access-basis">
            {t.myData.legalBasis(entry.legalBasis.join('；'))}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}
