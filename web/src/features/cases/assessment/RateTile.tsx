import { Card, Progress, Statistic, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import type { Rate } from '../types';
import { percent } from './rates';

interface RateTileProps {
  name: string;
  definition: string;
  rate: Rate;
  large?: boolean;
  testId?: string;
}

/** One rate with its numerator and denominator and, written under it, the definition the server computes it by. */
export function RateTile({ name, definition, rate, large = false, testId }: RateTileProps) {
  const { t } = useI18n();
  const value = rate.value === null ? null : rate.value * 100;
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Tooltip title={t.cases.assessment.fraction(rate.numerator, rate.denominator)}>
        <Statistic title={name} value={percent(rate.value)} styles={{ content: { fontSize: large ? 32 : 22 } }} />
      </Tooltip>
      <Progress percent={value ?? 0} showInfo={false} size="small" status="normal" />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} data-testid="rate-definition">
        {definition}
      </Typography.Paragraph>
    </Card>
  );
}
