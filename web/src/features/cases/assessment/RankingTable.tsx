import { Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../../i18n';
import { METRICS, type Assessment, type AssessmentGroup, type Metric } from '../types';
import { CompositeBar } from './CompositeBar';
import { definitionIn, percent, rankingOrder } from './rates';

/**
 * Units (or streets, or communities) ranked by the composite of the three
 * rates; one with fewer cases than the minimum is listed but "not ranked", so
 * a tiny sample never decides a ranking.
 */
export function RankingTable({ assessment }: { assessment: Assessment }) {
  const { t, locale } = useI18n();
  const rateColumn = (metric: Metric): TableColumnsType<AssessmentGroup>[number] => {
    const { name, text } = definitionIn(locale, assessment.definitions[metric]);
    return {
      key: metric,
      title: <Tooltip title={text}>{name}</Tooltip>,
      render: (_, group) => (
        <Tooltip title={t.cases.assessment.fraction(group.rates[metric].numerator, group.rates[metric].denominator)}>
          {percent(group.rates[metric].value)}
        </Tooltip>
      ),
    };
  };
  const columns: TableColumnsType<AssessmentGroup> = [
    {
      key: 'rank',
      title: t.cases.assessment.rank,
      render: (_, group) =>
        group.rank !== null ? (
          <Typography.Text strong>{group.rank}</Typography.Text>
        ) : (
          <Tooltip title={group.cases < assessment.minCasesToRank ? t.cases.assessment.tooFew(assessment.minCasesToRank) : t.cases.assessment.noComposite}>
            <Tag data-testid="not-ranked">{t.cases.assessment.notRanked}</Tag>
          </Tooltip>
        ),
    },
    { key: 'name', title: t.cases.assessment.name, dataIndex: 'name' },
    { key: 'cases', title: t.cases.assessment.cases, dataIndex: 'cases' },
    {
      key: 'composite',
      title: <Tooltip title={t.cases.assessment.compositeDefinition(assessment.weights)}>{t.cases.assessment.composite}</Tooltip>,
      render: (_, group) => <CompositeBar value={group.composite} />,
    },
    ...METRICS.map(rateColumn),
  ];
  return (
    <Table<AssessmentGroup>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rankingOrder(assessment)}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t.cases.assessment.empty }}
      data-testid="ranking-table"
      summary={() =>
        assessment.groups.length > 0 && (
          <Table.Summary fixed="top">
            <Table.Summary.Row data-testid="ranking-overall">
              <Table.Summary.Cell index={0}>—</Table.Summary.Cell>
              <Table.Summary.Cell index={1}>
                <Tooltip title={t.cases.assessment.overallHint}>
                  <Typography.Text strong>{t.cases.assessment.overall}</Typography.Text>
                </Tooltip>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{assessment.overall.cases}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>
                <CompositeBar value={assessment.overall.composite} />
              </Table.Summary.Cell>
              {METRICS.map((metric, index) => (
                <Table.Summary.Cell key={metric} index={4 + index}>
                  <Tooltip title={t.cases.assessment.fraction(assessment.overall.rates[metric].numerator, assessment.overall.rates[metric].denominator)}>
                    {percent(assessment.overall.rates[metric].value)}
                  </Tooltip>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        )
      }
    />
  );
}
