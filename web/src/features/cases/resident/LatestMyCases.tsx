import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { listMyCases } from '../api';
import { StatusTag } from '../StatusTag';

const LATEST = 3;

/** The resident's newest reports and a way to report another, for the resident home. */
export function LatestMyCases() {
  const { t, formatDateTime } = useI18n();
  const { data, error, loading, reload } = useRequest((signal) => listMyCases({ limit: LATEST }, signal), []);
  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading) return <Skeleton active paragraph={{ rows: 2 }} />;
  const items = data?.items ?? [];
  return (
    <Flex vertical gap={12} data-testid="latest-my-cases">
      <Link to="/cases/report">
        <Button type="primary" icon={<PlusOutlined />} block>
          {t.nav.report}
        </Button>
      </Link>
      {items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.cases.list.noReports} />}
      {items.map((item) => (
        <Link key={item.id} to={`/my/cases/${item.id}`}>
          <Flex justify="space-between" align="center" gap={8}>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text ellipsis>{item.category.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(item.submittedAt)}
              </Typography.Text>
            </Flex>
            <StatusTag status={item.status} />
          </Flex>
        </Link>
      ))}
      {(data?.total ?? 0) > 0 && <Link to="/my/cases">{t.common.viewAll}</Link>}
    </Flex>
  );
}
