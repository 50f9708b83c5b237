import { Button, Card, Empty, Flex, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { listReviews } from '../api';
import type { ReviewStatus, ReviewView } from '../types';

const PAGE = 50;

/** The pairs the linker was unsure about, strongest first, for the data steward to decide. */
export default function ReviewQueuePage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const [offset, setOffset] = useState(0);
  const reviews = useRequest((signal) => listReviews(status, offset, signal), [status, offset]);

  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t.linkage.title}
      </Typography.Title>
      <Segmented<ReviewStatus>
        value={status}
        onChange={(next) => {
          setStatus(next);
          setOffset(0);
        }}
        options={(['pending', 'same', 'different', 'withdrawn'] as const).map((s) => ({ value: s, label: t.linkage.status[s] }))}
        data-testid="review-status"
      />
      {reviews.error !== undefined && <ErrorAlert error={reviews.error} onRetry={reviews.reload} />}
      {!reviews.data || reviews.loading ? (
        <Skeleton active />
      ) : reviews.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.linkage.empty} />
      ) : (
        <Flex vertical gap={8} data-testid="review-list">
          {reviews.data.map((review) => (
            <ReviewCard key={review.id} review={review} />
          ))}
        </Flex>
      )}
      <Flex justify="space-between">
        <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t.pager.previous}
        </Button>
        <Button disabled={(reviews.data?.length ?? 0) < PAGE} onClick={() => setOffset(offset + PAGE)}>
          {t.pager.next}
        </Button>
      </Flex>
    </Flex>
  );
}

function ReviewCard({ review }: { review: ReviewView }) {
  const { t } = useI18n();
  const name = review.comparison.find((c) => c.field === 'name');
  return (
    <Link to={`/registry/reviews/${review.id}`} data-testid="review-item">
      <Card size="small" hoverable>
        <Flex vertical gap={2}>
          <Flex gap={8} wrap align="center">
            <Typography.Text strong>{`${name?.record ?? '—'} ↔ ${name?.person ?? '—'}`}</Typography.Text>
            <Tag color="gold">{t.linkage.reasons[review.reason] ?? review.reason}</Tag>
            <Typography.Text type="secondary">{t.linkage.weight(review.weight)}</Typography.Text>
          </Flex>
          <Typography.Text type="secondary">{t.linkage.fromRow(review.source.name, review.row)}</Typography.Text>
        </Flex>
      </Card>
    </Link>
  );
}
