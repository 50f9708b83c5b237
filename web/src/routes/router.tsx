import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { PageSpinner } from '../components/PageSpinner';
import { RequireRole, RequireSession, RequireSignedOut } from './guards';
import { NotFound } from './NotFound';
import { shellPages } from './pages';

const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const AppShell = lazy(() => import('../components/AppShell'));

export const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <RequireSignedOut>
        <Suspense fallback={<PageSpinner fullScreen />}>
          <LoginPage />
        </Suspense>
      </RequireSignedOut>
    ),
  },
  {
    element: <RequireSession />,
    children: [
      {
        element: (
          <Suspense fallback={<PageSpinner fullScreen />}>
            <AppShell />
          </Suspense>
        ),
        children: [
          ...shellPages.map((page) => ({
            path: page.path,
            element: (
              <RequireRole roles={page.roles}>
                <page.component />
              </RequireRole>
            ),
          })),
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
