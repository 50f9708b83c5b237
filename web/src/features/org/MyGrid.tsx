import { Descriptions, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { useSignedIn } from '../auth/session';

/** The grid a grid worker is responsible for, from their grant. */
export function MyGrid() {
  const { t } = useI18n();
  const { jurisdiction } = useSignedIn().grant;
  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: 'name', label: t.jurisdictions.name, children: jurisdiction.name },
        { key: 'code', label: t.jurisdictions.code, children: <Typography.Text code>{jurisdiction.code}</Typography.Text> },
        { key: 'level', label: t.jurisdictions.level, children: t.levels[jurisdiction.level] ?? jurisdiction.level },
      ]}
    />
  );
}
