import { Alert, Form, Typography } from 'antd';
import { useRequest } from '../../../hooks/useRequest';
import { useI18n } from '../../../i18n';
import { findDuplicates } from '../api';
import type { LonLat } from '../types';

/** Open cases of the same category near the chosen point, so the reporter can see it may be known already; nothing when there are none. */
export function DuplicateHint({ categoryCode, point }: { categoryCode: string; point: LonLat }) {
  const { t, formatDateTime } = useI18n();
  const { data } = useRequest((signal) => findDuplicates(categoryCode, point, signal), [categoryCode, point.lon, point.lat]);
  if (!data || data.length === 0) return null;
  return (
    <Form.Item>
      <Alert
        type="warning"
        showIcon
        title={t.cases.report.duplicatesTitle(data.length)}
        description={data.slice(0, 3).map((duplicate) => (
          <Typography.Paragraph key={duplicate.id} style={{ margin: 0 }}>
            {duplicate.number} · {duplicate.categoryName} · {t.cases.report.metresAway(duplicate.distanceMetres)} · {formatDateTime(duplicate.submittedAt)}
          </Typography.Paragraph>
        ))}
        data-testid="duplicate-hint"
      />
    </Form.Item>
  );
}
