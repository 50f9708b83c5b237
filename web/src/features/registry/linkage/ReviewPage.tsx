import { Alert, Button, Card, Descriptions, Flex, Input, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { decideReview, getReview } from '../api';
import type { ComparedField, ReviewView } from '../types';
import { PageHeader } from '../../../components/PageHeader';

/**
 * One pair side by side: the department's row and the registry person, field
 * by field, with how much each agreement or disagreement counted towards the
 * score; decided "the same person" or "not the same".
 */
export default function ReviewPage() {
  const { reviewId = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const review = useRequest((signal) => getReview(reviewId, signal), [reviewId]);
  const [note, setNote] = useState('');
  const [deciding, setDeciding] = useState<'same' | 'different' | null>(null);
  const [decided, setDecided] = useState<(ReviewView & { appliedTo: string | null }) | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function decide(decision: 'same' | 'different') {
    setDeciding(decision);
    setError(null);
    try {
      setDecided(await decideReview(reviewId, decision, note.trim()));
    } catch (failure) {
      setError(failure);
    } finally {
      setDeciding(null);
    }
  }

  if (review.error !== undefined) return <ErrorAlert error={review.error} onRetry={review.reload} />;
  if (!review.data) return <Skeleton active />;
  const r = decided ?? review.data;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 1080 }}>
      <PageHeader
        title={t.linkage.pairTitle}
        extra={
          <Link to="/registry/reviews">{t.linkage.backToQueue}</Link>
        }
      />
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t.linkage.reason}>
            <Tag color="gold">{t.linkage.reasons[r.reason] ?? r.reason}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t.linkage.score}>
            <span data-testid="review-weight">
              {t.linkage.weight(r.weight)}
              {r.probability !== null && `（${t.linkage.probability(r.probability)}）`}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t.linkage.source}>
            {t.linkage.fromRow(r.source.name, r.row)} · <Link to={`/registry/imports/${r.importId}`}>{t.linkage.openImport}</Link>
          </Descriptions.Item>
          {r.detail && <Descriptions.Item label={t.linkage.detail}>{r.detail}</Descriptions.Item>}
          {r.priorWeight !== null && <Descriptions.Item label={t.linkage.prior}>{t.linkage.weight(r.priorWeight)}</Descriptions.Item>}
          <Descriptions.Item label={t.linkage.statusLabel}>{t.linkage.status[r.status]}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t.linkage.compare}>
        <Table<ComparedField>
          size="small"
          rowKey="field"
          pagination={false}
          dataSource={r.comparison}
          scroll={{ x: 560 }}
          data-testid="review-comparison"
          columns={[
            { key: 'field', title: t.linkage.field, render: (_, c) => t.linkage.fields[c.field], width: 90 },
            { key: 'record', title: t.linkage.record, render: (_, c) => c.record ?? '—' },
            {
              key: 'person',
              title: r.personExists ? (
                <Link to={`/registry/people/${encodeURIComponent(r.personId)}`} data-testid="review-person">
                  {t.linkage.person}
                </Link>
              ) : (
                t.linkage.person
              ),
              render: (_, c) => c.person ?? '—',
            },
            {
              key: 'agreement',
              title: t.linkage.agreement,
              render: (_, c) =>
                c.level === null ? (
                  <Typography.Text type="secondary">{t.linkage.missing}</Typography.Text>
                ) : (
                  <Flex vertical>
                    <Tag color={c.weight > 0 ? 'green' : c.weight < 0 ? 'red' : 'default'}>{t.linkage.levels[c.level] ?? c.level}</Tag>
                    {c.countedWith && <Typography.Text type="secondary">{t.linkage.countedWith(t.linkage.fields[c.countedWith as ComparedField['field']] ?? c.countedWith)}</Typography.Text>}
                  </Flex>
                ),
            },
            {
              key: 'weight',
              title: t.linkage.contribution,
              align: 'right',
              width: 90,
              render: (_, c) => (
                <Typography.Text type={c.weight > 0 ? 'success' : c.weight < 0 ? 'danger' : 'secondary'}>{`${c.weight > 0 ? '+' : ''}${c.weight.toFixed(1)}`}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {error !== null && <ErrorAlert error={error} />}
      {r.status === 'pending' ? (
        <Card size="small">
          <Flex vertical gap={8}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t.linkage.notePlaceholder} />
            <Flex gap={8} wrap>
              <Button type="primary" loading={deciding === 'same'} disabled={deciding !== null} onClick={() => void decide('same')} data-testid="review-same">
                {t.linkage.same}
              </Button>
              <Button danger loading={deciding === 'different'} disabled={deciding !== null} onClick={() => void decide('different')} data-testid="review-different">
                {t.linkage.different}
              </Button>
            </Flex>
          </Flex>
        </Card>
      ) : (
        <Alert
          type={r.status === 'same' ? 'success' : 'info'}
          showIcon
          data-testid="review-decided"
          title={t.linkage.decided(t.linkage.status[r.status], r.decidedBy ?? '', r.decidedAt ? formatDateTime(r.decidedAt) : '')}
          description={r.note ?? undefined}
          action={
            <Flex gap={8} wrap>
              {decided?.appliedTo && <Link to={`/registry/people/${encodeURIComponent(decided.appliedTo)}`}>{t.linkage.openPerson}</Link>}
              <Button size="small" onClick={() => navigate('/registry/reviews')}>
                {t.linkage.next}
              </Button>
            </Flex>
          }
        />
      )}
    </Flex>
  );
}
