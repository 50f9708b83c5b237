import { Tag } from 'antd';
import { useI18n } from '../../../i18n';
import type { ImportView } from '../types';

const COLORS: Record<ImportView['status'], string> = {
  uploaded: 'default',
  validating: 'processing',
  validated: 'blue',
  applying: 'processing',
  completed: 'success',
  failed: 'error',
};

export function ImportStatusTag({ status }: { status: ImportView['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="import-status">
      {t.imports.status[status]}
    </Tag>
  );
}
