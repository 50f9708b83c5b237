import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { SubmissionStatus } from './types';

const COLORS: Record<SubmissionStatus, string> = { draft: 'default', submitted: 'processing', returned: 'orange', approved: 'success' };

export function SubmissionStatusTag({ status }: { status: SubmissionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="submission-status" data-status={status}>
      {t.forms.status[status]}
    </Tag>
  );
}
