import { Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n';

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t.notFound.title} extra={<Link to="/">{t.notFound.backHome}</Link>} />;
}
