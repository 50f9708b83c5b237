import { Col, Flex, Progress, Row, Skeleton, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { getAssessment } from '../api';
import { definitionIn, percent, rankingOrder } from '../assessment/rates';
import { usePeriod } from '../assessment/usePeriod';
import { THREE_RATES } from '../types';

/** The three rates of the month so far, each with its definition on hover. */
export function ThreeRatesSection() {
  const { t, locale } = useI18n();
  const { query } = usePeriod();
  const { data, error, loading, reload } = useRequest((signal) => getAssessment({ ...query, groupBy: 'street' }, signal), [query.from]);
  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const totals = data.overall.rates;
  return (
    <Flex vertical gap={12}>
      <Row gutter={[8, 8]}>
        {THREE_RATES.map((metric) => {
          const { name, text } = definitionIn(locale, data.definitions[metric]);
          const value = totals[metric].value;
          return (
            <Col key={metric} span={8} style={{ textAlign: 'center' }} data-testid={`home-rate-${metric}`}>
              <Tooltip title={text}>
                <Progress type="circle" size={72} percent={value === null ? 0 : Math.round(value * 1000) / 10} format={() => percent(value)} />
                <Typography.Paragraph style={{ margin: '4px 0 0' }}>{name}</Typography.Paragraph>
              </Tooltip>
            </Col>
          );
        })}
      </Row>
      <Link to="/cases/assessment">{t.common.viewAll}</Link>
    </Flex>
  );
}

const TOP = 3;

/** The month's best-ranked units so far. */
export function RankingsSection() {
  const { t } = useI18n();
  const { query } = usePeriod();
  const { data, error, loading, reload } = useRequest((signal) => getAssessment({ ...query, groupBy: 'unit' }, signal), [query.from]);
  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading || !data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const ranked = rankingOrder(data).filter((group) => group.rank !== null).slice(0, TOP);
  return (
    <Flex vertical gap={8}>
      {ranked.length === 0 && <Typography.Text type="secondary">{t.cases.assessment.noneRanked(data.minCasesToRank)}</Typography.Text>}
      {ranked.map((group) => (
        <Flex key={group.key} justify="space-between" gap={8}>
          <Typography.Text>
            {group.rank}. {group.name}
          </Typography.Text>
          <Typography.Text strong>{group.composite?.toFixed(1)}</Typography.Text>
        </Flex>
      ))}
      <Link to="/cases/assessment">{t.common.viewAll}</Link>
    </Flex>
  );
}
