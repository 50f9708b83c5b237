import { LeftOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Flex, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { getMyCase } from '../api';
import { CasePhotos } from '../CasePhotos';
import { CaseProgress } from '../CaseProgress';
import { CaseTimeline } from '../CaseTimeline';
import { RatingSummary } from '../RatingSummary';
import { StatusTag } from '../StatusTag';
import { RatingForm } from './RatingForm';
import { ReporterActions } from './ReporterActions';

/** A resident's own report: where it stands, what was done, their rating, and what happened when. */
export default function MyCasePage() {
  const { caseId = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const { data: myCase, error, loading, reload } = useRequest((signal) => getMyCase(caseId, signal), [caseId]);
  const [rectificationOpened, setRectificationOpened] = useState(false);

  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !myCase) return <PageSpinner />;
  if (!myCase) return null;

  const reported = myCase.attachments.filter((a) => a.purpose === 'report');
  const evidence = myCase.attachments.filter((a) => a.purpose === 'evidence');
  const canRate = myCase.availableActions.includes('rate');

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720 }} data-testid="my-case">
      <Link to="/my/cases">
        <LeftOutlined /> {t.nav.myCases}
      </Link>
      <Card size="small">
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {myCase.category.name}
          </Typography.Title>
          <StatusTag status={myCase.status} />
        </Flex>
        <Typography.Text type="secondary">
          {myCase.number} · {formatDateTime(myCase.submittedAt)}
        </Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{myCase.description}</Typography.Paragraph>
        <Descriptions
          column={1}
          size="small"
          items={[
            ...(myCase.address ? [{ key: 'address', label: t.cases.detail.address, children: myCase.address }] : []),
            { key: 'unit', label: t.cases.detail.unit, children: myCase.unitName ?? '—' },
            ...(myCase.mergedIntoNumber ? [{ key: 'merged', label: t.cases.detail.mergedInto, children: myCase.mergedIntoNumber }] : []),
          ]}
        />
        {reported.length > 0 && <CasePhotos attachments={reported} />}
      </Card>
      <Card size="small">
        <CaseProgress status={myCase.status} />
      </Card>
      {myCase.result && (
        <Card size="small" title={t.cases.detail.result}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-result">
            {myCase.result}
          </Typography.Paragraph>
          <CasePhotos attachments={evidence} />
        </Card>
      )}
      <ReporterActions myCase={myCase} onDone={reload} />
      {rectificationOpened && <Alert type="info" showIcon title={t.cases.rating.rectificationOpened} />}
      {canRate && (
        <Card size="small" title={t.cases.rating.title}>
          <RatingForm
            caseId={myCase.id}
            onRated={(opened) => {
              setRectificationOpened(opened);
              reload();
            }}
          />
        </Card>
      )}
      {myCase.myRatings.map((rating) => (
        <Card key={rating.id} size="small" title={t.cases.rating.mine(rating.round + 1)}>
          <RatingSummary rating={rating} />
        </Card>
      ))}
      <Card size="small" title={t.cases.detail.timeline}>
        <CaseTimeline events={myCase.timeline} />
      </Card>
    </Flex>
  );
}
