import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, theme } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet } from 'react-router';
import { JurisdictionPicker } from '../features/org/JurisdictionPicker';
import { useI18n } from '../i18n';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { NavMenu } from './NavMenu';
import { PageSpinner } from './PageSpinner';
import { UserMenu } from './UserMenu';

/**
 * The signed-in frame: side navigation (a drawer below 768 px, where residents
 * and grid workers use their phones), a header with the jurisdiction picker,
 * the language switch and the user menu, and the current page.
 */
export default function AppShell() {
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  const { t } = useI18n();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isPhone && (
        <Layout.Sider theme="light" width={208} style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}>
          <Flex align="center" style={{ height: 64, paddingInline: 24 }}>
            <Brand />
          </Flex>
          <NavMenu />
        </Layout.Sider>
      )}
      {isPhone && (
        <Drawer placement="left" size={260} open={drawerOpen} onClose={() => setDrawerOpen(false)} title={<Brand />} styles={{ body: { padding: 0 } }}>
          <NavMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            paddingInline: isPhone ? 8 : 24,
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {isPhone && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t.header.openMenu}
              onClick={() => setDrawerOpen(true)}
              data-testid="open-nav"
            />
          )}
          <div style={{ flex: 1, minWidth: 0 }}>
            <JurisdictionPicker />
          </div>
          <LanguageSwitch compact={isPhone} />
          <UserMenu compact={isPhone} />
        </Layout.Header>
        <Layout.Content style={{ padding: isPhone ? 12 : 24 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
