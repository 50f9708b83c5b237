import { FormOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Row, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRequest } from '../../hooks/useRequest';
import { useI18n } from '../../i18n';
import { listSubmissions, reviewCounts } from './api';

/** The grid worker's collection: forms left unfinished or returned, and the way in. */
export function FormsSection() {
  const { t } = useI18n();
  const unfinished = useRequest((signal) => listSubmissions({ status: ['returned', 'draft'], mine: true }, signal), []);
  if (unfinished.error !== undefined) return <ErrorAlert error={unfinished.error} onRetry={unfinished.reload} />;
  const returned = unfinished.data?.filter((s) => s.status === 'returned').length ?? 0;
  return (
    <Flex vertical gap={12}>
      {!unfinished.data ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Row gutter={[12, 12]}>
          <Col xs={12}>
            <Statistic title={t.forms.home.drafts} value={unfinished.data.length - returned} />
          </Col>
          <Col xs={12}>
            <Statistic title={t.forms.home.returned} value={returned} />
          </Col>
        </Row>
      )}
      <Link to="/forms">
        <Button type="primary" icon={<FormOutlined />} block data-testid="open-forms">
          {t.nav.forms}
        </Button>
      </Link>
    </Flex>
  );
}

/** What waits for the reviewer in their jurisdiction. */
export function FormReviewSection() {
  const { t } = useI18n();
  const counts = useRequest((signal) => reviewCounts(signal), []);
  if (counts.error !== undefined) return <ErrorAlert error={counts.error} onRetry={counts.reload} />;
  if (!counts.data) return <Skeleton active paragraph={{ rows: 1 }} />;
  return (
    <Link to="/forms/review">
      <Row gutter={[12, 12]}>
        <Col xs={12}>
          <Statistic title={t.forms.home.toReview} value={counts.data.submitted} />
        </Col>
        <Col xs={12}>
          <Statistic title={t.forms.home.conflicts} value={counts.data.conflicts} />
        </Col>
      </Row>
    </Link>
  );
}
