import { Descriptions, Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { Rating, RatingLevel } from './types';

/** One rating as given: the level, each sub-indicator, solved or not, contacted or not, and the comment. */
export function RatingSummary({ rating }: { rating: Rating }) {
  const { t, formatDateTime } = useI18n();
  const indicatorNames: Record<string, string> = t.cases.rating.indicators;
  const yesNo = (value: boolean) => (value ? t.cases.rating.yes : t.cases.rating.no);
  return (
    <Descriptions
      column={1}
      size="small"
      data-testid="rating-summary"
      items={[
        {
          key: 'overall',
          label: t.cases.rating.overall,
          children: <Tag color={rating.overall >= 3 ? 'success' : 'error'}>{t.cases.rating.levels[rating.overall as RatingLevel]}</Tag>,
        },
        ...Object.entries(rating.indicators).map(([indicator, level]) => ({
          key: indicator,
          label: indicatorNames[indicator] ?? indicator,
          children: t.cases.rating.levels[level as RatingLevel],
        })),
        { key: 'solved', label: t.cases.rating.solved, children: yesNo(rating.solved) },
        { key: 'contacted', label: t.cases.rating.contacted, children: yesNo(rating.contacted) },
        ...(rating.comment ? [{ key: 'comment', label: t.cases.rating.comment, children: rating.comment }] : []),
        { key: 'at', label: t.cases.rating.at, children: `${formatDateTime(rating.at)} · ${t.cases.rating.source[rating.source]}` },
      ]}
    />
  );
}
