import { Button, Flex, Table } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useI18n } from '../../../i18n';
import { importIssues } from '../api';
import type { ImportIssues } from '../types';

type Line = ImportIssues['lines'][number];

/** The problems found, one line per problem, in the error report's columns; more pages on request. */
export function IssuesTable({ importId }: { importId: string }) {
  const { t } = useI18n();
  const [columns, setColumns] = useState<string[]>([]);
  const [lines, setLines] = useState<Line[]>([]);
  const [next, setNext] = useState<number | null>(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function load(after: number, signal?: AbortSignal) {
    setLoading(true);
    setError(null);
    try {
      const page = await importIssues(importId, after, signal);
      setColumns(page.columns);
      setLines((previous) => (after === 0 ? page.lines : [...previous, ...page.lines]));
      setNext(page.nextAfter);
    } catch (failure) {
      if (!signal?.aborted) setError(failure);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  }

  useEffect(() => {
    const controller = new AbortController();
    void load(0, controller.signal);
    return () => controller.abort();
  }, [importId]);

  return (
    <Flex vertical gap={8}>
      {error !== null && <ErrorAlert error={error} onRetry={() => void load(0)} />}
      <Table<Line>
        size="small"
        loading={loading}
        rowKey={(_, i) => String(i)}
        dataSource={lines}
        pagination={false}
        scroll={{ x: 'max-content', y: 420 }}
        locale={{ emptyText: t.imports.validate.noIssues }}
        data-testid="import-issues"
        columns={columns.map((title, index) => ({ key: String(index), title, render: (_: unknown, line: Line) => line[index] ?? '' }))}
      />
      {next !== null && lines.length > 0 && (
        <Button onClick={() => void load(next)} loading={loading} style={{ alignSelf: 'flex-start' }}>
          {t.imports.validate.more}
        </Button>
      )}
    </Flex>
  );
}
