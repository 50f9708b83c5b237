import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { PageSpinner } from '../components/PageSpinner';
import { useSession, useSignedIn } from '../features/auth/session';
import { JurisdictionProvider } from '../features/org/JurisdictionContext';
import type { Role } from '../features/org/types';
import { useI18n } from '../i18n';

/** Where the login page sends the user afterwards. */
interface LoginState {
  from?: string;
}

/** Lets only signed-in users through; everyone else goes to the login page and comes back after. */
export function RequireSession() {
  const { state, logOut } = useSession();
  const location = useLocation();
  const { t } = useI18n();

  switch (state.status) {
    case 'checking':
      return <PageSpinner fullScreen />;
    case 'anonymous': {
      const loginState: LoginState | undefined =
        state.reason === 'loggedOut' ? undefined : { from: location.pathname + location.search };
      return <Navigate to="/login" replace state={loginState} />;
    }
    case 'withoutGrant':
      return (
        <Result
          status="info"
          title={t.noGrant.title}
          subTitle={t.noGrant.description}
          extra={<Button onClick={() => void logOut()}>{t.user.logout}</Button>}
        />
      );
    case 'signedIn':
      return (
        <JurisdictionProvider>
          <Outlet />
        </JurisdictionProvider>
      );
  }
}

/** The login page is for signed-out users; a signed-in user goes back where they were headed. */
export function RequireSignedOut({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'checking') return <PageSpinner fullScreen />;
  if (state.status === 'anonymous') return children;
  const from = (location.state as LoginState | null)?.from;
  return <Navigate to={from ?? '/'} replace />;
}

/** Shows the page only to the roles it is for, judged by the grant the user is acting in. */
export function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { grant } = useSignedIn();
  const { t } = useI18n();
  if (!roles || roles.includes(grant.role)) return children;
  return (
    <Result
      status="403"
      title={t.forbidden.title}
      subTitle={t.forbidden.description(roles.map((role) => t.roles[role]).join(' / '))}
      extra={<Link to="/">{t.notFound.backHome}</Link>}
    />
  );
}
