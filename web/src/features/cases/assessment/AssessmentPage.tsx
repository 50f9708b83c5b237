import { Card, DatePicker, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { getAssessment } from '../api';
import type { AssessmentGrouping } from '../types';
import { RankingTable } from './RankingTable';
import { RatesOverview } from './RatesOverview';
import { usePeriod, type Period } from './usePeriod';
import { PageHeader } from '../../../components/PageHeader';

/** 三率: response, resolution and satisfaction rates for the period, and the rankings behind them. */
export default function AssessmentPage() {
  const { t } = useI18n();
  const { period, setPeriod, query } = usePeriod();
  const [groupBy, setGroupBy] = useState<AssessmentGrouping>('unit');
  // One request: the headline figures are the server's overall row, which does not depend on the grouping.
  const ranking = useRequest((signal) => getAssessment({ ...query, groupBy }, signal), [query.from, query.to, groupBy]);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t.nav.assessment}
        extra={
          <DatePicker.RangePicker
            value={period}
            allowClear={false}
            onChange={(range) => range?.[0] && range[1] && setPeriod(range as Period)}
            aria-label={t.cases.assessment.period}
          />
        }
      />
      {ranking.data ? <RatesOverview assessment={ranking.data} /> : ranking.loading && <Skeleton active />}
      <Card
        title={t.cases.assessment.rankings}
        extra={
          <Segmented<AssessmentGrouping>
            value={groupBy}
            onChange={setGroupBy}
            options={(['unit', 'street', 'community'] as const).map((value) => ({ value, label: t.cases.assessment.groupBy[value] }))}
          />
        }
      >
        {ranking.error !== undefined && <ErrorAlert error={ranking.error} onRetry={ranking.reload} />}
        {ranking.data && (
          <Flex vertical gap={8}>
            <Typography.Text type="secondary">
              {t.cases.assessment.compositeDefinition(ranking.data.weights)} {t.cases.assessment.tooFew(ranking.data.minCasesToRank)}
            </Typography.Text>
            <RankingTable assessment={ranking.data} />
          </Flex>
        )}
        {!ranking.data && ranking.loading && <Skeleton active />}
      </Card>
    </Flex>
  );
}
