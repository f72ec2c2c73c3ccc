import '@fontsource-variable/inter';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders, Shell } from './App';
import { createQueryClient } from './api/queries';
import { embedModeForPath, mountEmbed } from './embed/mount';
import { applyTheme, readThemePreference, resolveTheme } from './theme/theme';

// Applied before React mounts so the first paint already has the saved theme.
applyTheme(resolveTheme(readThemePreference()));

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');

const embedMode = embedModeForPath(window.location.pathname);
if (embedMode) {
  mountEmbed(container, embedMode);
} else {
  createRoot(container).render(
    <StrictMode>
      <AppProviders queryClient={createQueryClient()}>
        <Shell />
      </AppProviders>
    </StrictMode>,
  );
}
