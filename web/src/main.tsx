import 'antd/dist/reset.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { MotionPreference } from './components/MotionPreference';
import { SessionProvider } from './features/auth/session';
import { I18nProvider } from './i18n';
import { router } from './routes/router';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <MotionPreference>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </MotionPreference>
    </I18nProvider>
  </StrictMode>,
);
