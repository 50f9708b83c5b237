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

  const pages = shellPages.filter((page) => page.nav && isPageFor(page, grant.role));
  const items = pages.map((page) => ({
    key: page.path,
    icon: page.icon,
    label: (
      <Link to={page.path} onClick={onNavigate}>
        {t.nav[page.nav!]}
      </Link>
    ),
  }));
  // A page without an entry of its own (a case) keeps the entry it was reached from lit, by the longest matching path.
  const selected = pages
    .filter((page) => pathname === page.path || (page.path !== '/' && pathname.startsWith(`${page.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];

  return (
    <Menu mode="inline" items={items} selectedKeys={selected ? [selected.path] : []} style={{ borderInlineEnd: 'none' }} data-testid="nav-menu" />
  );
}
