import { Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { RequestState } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { SubmissionStatusTag } from './SubmissionStatusTag';
import { subjectLabel } from './subject';
import type { SubmissionSummary } from './types';

/** Submissions as tappable cards: who, which form, where it stands. */
export function SubmissionCards({ request, empty, showWorker = false }: { request: RequestState<SubmissionSummary[]>; empty: string; showWorker?: boolean }) {
  const { t, formatDateTime } = useI18n();
  if (request.error !== undefined) return <ErrorAlert error={request.error} onRetry={request.reload} />;
  if (!request.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (request.data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <Flex vertical gap={8}>
      {request.data.map((s) => (
        <Link key={s.id} to={`/forms/submissions/${s.id}`} data-testid="submission-link">
          <Card size="small" hoverable>
            <Flex justify="space-between" align="start" gap={8}>
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis>
                  {subjectLabel(t, s.subject)}
                </Typography.Text>
                <Typography.Text type="secondary" ellipsis>
                  {s.form.title}
                  {showWorker ? ` · ${s.worker.name}` : ''}
                </Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(s.submittedAt ?? s.savedAt)}</Typography.Text>
              </Flex>
              <SubmissionStatusTag status={s.status} />
            </Flex>
          </Card>
        </Link>
      ))}
    </Flex>
  );
}
