import { Menu } from 'antd';
import { Link, useLocation } from 'react-router';
import { useSignedIn } from '../features/auth/session';
import { useI18n } from '../i18n';
import { isPageFor, shellPages } from '../routes/pages';

/** The pages the current role may open. `onNavigate` lets the phone drawer close itself. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { grant } = useSignedIn();
  const { t } = useI18n();
  const { pathname } = useLocation();

  const items = shellPages
    .filter((page) => isPageFor(page, grant.role))
    .map((page) => ({
      key: page.path,
      icon: page.icon,
      label: (
        <Link to={page.path} onClick={onNavigate}>
          {t.nav[page.nav]}
        </Link>
      ),
    }));

  return <Menu mode="inline" items={items} selectedKeys={[pathname]} style={{ borderInlineEnd: 'none' }} data-testid="nav-menu" />;
}
