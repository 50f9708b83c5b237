import { LeftOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Typography } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { useSignedIn } from '../../auth/session';
import { getCase } from '../api';
import { CasePhotos } from '../CasePhotos';
import { CaseProgress } from '../CaseProgress';
import { CaseTimeline } from '../CaseTimeline';
import { FINISHED_STATUSES } from '../types';
import { useCalendar } from '../workingTime';
import { CaseActions } from './CaseActions';
import { CaseSummaryCard } from './CaseSummaryCard';
import { DeadlinesCard } from './DeadlinesCard';
import { RatingsCard } from './RatingsCard';
import { RoutingCard } from './RoutingCard';
import { SuperviseButton } from './SuperviseButton';
import { WhistleCard } from './WhistleCard';

/** A case as staff handle it: what and where, who is responsible and why, the clocks, the steps they may take, and the record. */
export default function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  // Back to the queue the case was opened from; a case opened by a link goes back home.
  const opened = useLocation().key !== 'default';
  const { grant } = useSignedIn();
  const { data: detail, error, loading, reload } = useRequest((signal) => getCase(caseId, signal), [caseId]);
  // Every clock of one case runs on the calendar of the place where it lies.
  const calendar = useCalendar(detail?.deadlines[0]?.limit.calendar);

  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !detail) return <PageSpinner />;
  if (!detail) return null;

  const maySupervise = (grant.role === 'street_staff' || grant.role === 'leader') && !FINISHED_STATUSES.includes(detail.status);
  const evidence = detail.attachments.filter((a) => a.purpose === 'evidence');

  return (
    <Flex vertical gap={12} data-testid="case-detail" data-status={detail.status}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Link onClick={() => (opened ? navigate(-1) : navigate('/'))}>
          <LeftOutlined /> {t.cases.detail.back}
        </Typography.Link>
        {maySupervise && <SuperviseButton caseId={detail.id} onDone={reload} />}
      </Flex>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={12}>
            <CaseSummaryCard detail={detail} />
            <Card size="small">
              <Flex vertical gap={12}>
                <CaseProgress status={detail.status} />
                <CaseActions detail={detail} onDone={reload} />
              </Flex>
            </Card>
            {detail.result && (
              <Card size="small" title={t.cases.detail.result}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-result">
                  {detail.result}
                </Typography.Paragraph>
                <CasePhotos attachments={evidence} />
              </Card>
            )}
            <WhistleCard detail={detail} calendar={calendar} onDone={reload} />
            <RatingsCard detail={detail} calendar={calendar} onDone={reload} />
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={12}>
            <RoutingCard detail={detail} onDone={reload} />
            <DeadlinesCard deadlines={detail.deadlines} calendar={calendar} />
            <Card size="small" title={t.cases.detail.timeline}>
              <CaseTimeline events={detail.timeline} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
