import '@fontsource-variable/inter';
import './styles.css';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './App';
import { createQueryClient } from './api/queries';
import { embedBridges, embedModeForPath } from './embed/mount';
import { createAppRouter } from './routing/router';
import { applyTheme, readThemePreference, resolveTheme } from './theme/theme';

// Applied before React mounts so the first paint already has the saved theme.
applyTheme(resolveTheme(readThemePreference()));

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');

const embedBridge = embedBridges();
const embedMode = embedModeForPath(window.location.pathname);
if (embedMode) embedBridge(embedMode);

const router = createAppRouter({ embedBridge });
createRoot(container).render(
  <StrictMode>
    <AppProviders queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
