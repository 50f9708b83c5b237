import { Col, Row, Skeleton, Statistic } from 'antd';
import { Link } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { CaseListQuery } from '../types';
import { useCaseCounts } from '../useCaseCounts';

interface CountLink {
  key: string;
  label: string;
  query: CaseListQuery;
  to: string;
}

/** A few case counts side by side, each leading to the queue that lists them. */
export function CountLinks({ links }: { links: readonly CountLink[] }) {
  const { data, error, loading, reload } = useCaseCounts(Object.fromEntries(links.map((link) => [link.key, link.query])));
  if (error !== undefined) return <ErrorAlert error={error} onRetry={reload} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 1 }} />;
  return (
    <Row gutter={[12, 12]}>
      {links.map((link) => (
        <Col key={link.key} xs={12} sm={Math.max(6, 24 / links.length)}>
          <Link to={link.to} data-testid={`count-${link.key}`}>
            <Statistic title={link.label} value={data?.[link.key] ?? 0} />
          </Link>
        </Col>
      ))}
    </Row>
  );
}
