import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { CasePhotos } from '../CasePhotos';
import { describeAnswer, useCategories } from '../categories';
import { StatusTag } from '../StatusTag';
import type { CaseDetail } from '../types';

/** What was reported, where, by whom (masked), on which channel, with the report's photos. */
export function CaseSummaryCard({ detail }: { detail: CaseDetail }) {
  const { t, formatDateTime } = useI18n();
  const place = [detail.place.street?.name, detail.place.community?.name, detail.place.grid?.name].filter(Boolean).join(' › ');
  const category = useCategories().data?.find((each) => each.code === detail.category.code);
  const answers = Object.entries(detail.attributes).map(([code, answer]) => ({ code, ...describeAnswer(category, code, answer) }));
  const reporters = detail.reporters.map((reporter) => reporter.name ?? t.cases.detail.anonymous).join('、');
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {detail.number} · {detail.category.name}
        </Typography.Title>
        <Flex gap={4} wrap>
          <StatusTag status={detail.status} />
          {detail.overdue && <Tag color="error">{t.cases.detail.overdue}</Tag>}
          {detail.escalationLevel > 0 && <Tag color="red">{t.cases.escalation.level(detail.escalationLevel)}</Tag>}
          {detail.supervisedAt && <Tag color="magenta">{t.cases.escalation.supervised}</Tag>}
        </Flex>
      </Flex>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="case-description">
        {detail.description}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'place', label: t.cases.detail.place, children: place || '—' },
          { key: 'address', label: t.cases.detail.address, children: detail.address ?? '—' },
          {
            key: 'location',
            label: t.cases.detail.location,
            children: detail.location ? `${detail.location.lon.toFixed(5)}, ${detail.location.lat.toFixed(5)}` : '—',
          },
          { key: 'channel', label: t.cases.detail.channel, children: t.cases.channels[detail.channel] },
          { key: 'reporters', label: t.cases.detail.reporters, children: reporters || '—' },
          { key: 'submitted', label: t.cases.detail.submitted, children: formatDateTime(detail.times.submittedAt) },
          ...answers.map(({ code, question, answer }) => ({ key: `attribute-${code}`, label: question, children: answer })),
          ...(detail.declineReason ? [{ key: 'decline', label: t.cases.detail.declineReason, children: detail.declineReason }] : []),
          ...(detail.mergedInto ? [{ key: 'merged', label: t.cases.detail.mergedInto, children: detail.mergedInto.number }] : []),
          ...(detail.suspensionRequest
            ? [{ key: 'suspension', label: t.cases.detail.suspensionRequest, children: `${detail.suspensionRequest.reason}（${detail.suspensionRequest.by}）` }]
            : []),
        ]}
      />
      <CasePhotos attachments={detail.attachments.filter((a) => a.purpose === 'report')} />
    </Card>
  );
}
