import { CheckOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { useNavigate } from 'react-router';
import { useSignedIn } from '../features/auth/session';
import { useJurisdictions } from '../features/org/JurisdictionContext';
import { useI18n } from '../i18n';

/** The user's name, a role switch when they hold several grants, and log out. `compact` hides the name. */
export function UserMenu({ compact = false }: { compact?: boolean }) {
  const { user, grant, logOut, switchGrant } = useSignedIn();
  const { select } = useJurisdictions();
  const { t } = useI18n();
  const navigate = useNavigate();

  const roleSwitch: MenuProps['items'] =
    user.grants.length > 1
      ? [
          {
            type: 'group',
            label: t.user.switchRole,
            children: user.grants.map((each, index) => ({
              key: `grant:${index}`,
              icon: each === grant ? <CheckOutlined /> : <span />,
              label: `${t.roles[each.role]} · ${each.jurisdiction.name}`,
              onClick() {
                switchGrant(each);
                select(each.jurisdiction.code);
                navigate('/');
              },
            })),
          },
          { type: 'divider' },
        ]
      : [];

  const items: MenuProps['items'] = [
    ...roleSwitch,
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: t.user.logout,
      onClick: () => void logOut(),
    },
  ];

  return (
    <Dropdown trigger={['click']} menu={{ items }}>
      <Button type="text" aria-label={`${t.user.menu}: ${user.displayName}`} data-testid="user-menu" style={{ paddingInline: 4 }}>
        <Avatar size="small" icon={<UserOutlined />} />
        {compact ? null : user.displayName}
      </Button>
    </Dropdown>
  );
}
