import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { CaseStatus } from './types';

const COLORS: Record<CaseStatus, string> = {
  submitted: 'default',
  registered: 'blue',
  not_registered: 'default',
  dispatched: 'geekblue',
  signed_for: 'cyan',
  in_progress: 'processing',
  suspended: 'warning',
  returned: 'orange',
  handled: 'purple',
  verified: 'lime',
  closed: 'success',
  merged: 'default',
};

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="case-status" data-status={status}>
      {t.cases.status[status]}
    </Tag>
  );
}
