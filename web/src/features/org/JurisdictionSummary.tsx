import { Col, Flex, Row, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { useJurisdictions } from './JurisdictionContext';
import type { JurisdictionLevel } from './types';

const LEVELS: readonly JurisdictionLevel[] = ['city', 'district', 'street', 'community', 'grid'];

/** How many jurisdictions of each level the administrator's scope holds. */
export function JurisdictionSummary() {
  const { t } = useI18n();
  const { items, loading, error } = useJurisdictions();
  if (error !== undefined) return <ErrorAlert error={error} />;
  if (loading) return <Skeleton active paragraph={{ rows: 1 }} />;

  const counts = new Map<JurisdictionLevel, number>();
  for (const item of items) counts.set(item.level, (counts.get(item.level) ?? 0) + 1);
  const present = LEVELS.filter((level) => counts.has(level));

  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        {present.map((level) => (
          <Col key={level} xs={12} sm={8}>
            <Statistic title={t.levels[level]} value={counts.get(level)} />
          </Col>
        ))}
      </Row>
      <Link to="/jurisdictions">{t.common.viewAll}</Link>
    </Flex>
  );
}
