import { Col, Row } from 'antd';
import { useI18n } from '../../../i18n';
import { METRICS, THREE_RATES, type Assessment } from '../types';
import { RateTile } from './RateTile';
import { definitionIn } from './rates';

/** The three rates large, the four timeliness and quality rates beside them, each with its definition. */
export function RatesOverview({ assessment }: { assessment: Assessment }) {
  const { locale } = useI18n();
  // The server's overall row: every case of the selection, counted once.
  const totals = assessment.overall.rates;
  const others = METRICS.filter((metric) => !(THREE_RATES as readonly string[]).includes(metric));
  const tile = (metric: (typeof METRICS)[number], large: boolean) => {
    const { name, text } = definitionIn(locale, assessment.definitions[metric]);
    return <RateTile name={name} definition={text} rate={totals[metric]} large={large} testId={`rate-${metric}`} />;
  };
  return (
    <Row gutter={[12, 12]}>
      {THREE_RATES.map((metric) => (
        <Col key={metric} xs={24} md={8}>
          {tile(metric, true)}
        </Col>
      ))}
      {others.map((metric) => (
        <Col key={metric} xs={24} sm={12} lg={6}>
          {tile(metric, false)}
        </Col>
      ))}
    </Row>
  );
}
