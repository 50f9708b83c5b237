import { Tag } from 'antd';
import { useI18n } from '../../i18n';
import type { AuditOutcome } from './api';

export function OutcomeTag({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useI18n();
  return <Tag color={outcome === 'allowed' ? 'success' : 'error'}>{t.audit.outcome[outcome]}</Tag>;
}
