import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMatches, useRouterState } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef } from 'react';
import { useAppInfo } from './api/queries';
import { I18nProvider, useLocale, useT } from './i18n/i18n';
import { Sidebar } from './layout/Sidebar';
import { type Section, sections } from './sections';
import { ThemeProvider } from './theme/theme';

/** What every page needs, the embedded ones included. */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>{children}</I18nProvider>
    </QueryClientProvider>
  );
}

/** Until the user picks a language, the deployment's configured default wins over pt-BR. */
function useDeploymentLocale(): void {
  const { data } = useAppInfo();
  const { applyDeploymentDefault } = useLocale();
  const deploymentLocale = data?.default_locale;
  useEffect(() => {
    if (deploymentLocale) applyDeploymentDefault(deploymentLocale);
  }, [deploymentLocale, applyDeploymentDefault]);
}

/** The section the matched route declares; none on the not-found page. */
function useCurrentSection(): Section | null {
  const sectionId = useMatches({ select: (matches) => matches.findLast((match) => match.staticData.section) })
    ?.staticData.section;
  return sections.find((section) => section.id === sectionId) ?? null;
}

function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  // The location once its page has rendered (the pending one would focus the previous page's heading).
  const pathname = useRouterState({ select: (state) => (state.resolvedLocation ?? state.location).pathname });
  const section = useCurrentSection();
  const mainRef = useRef<HTMLElement>(null);
  const previousPathname = useRef(pathname);

  useDeploymentLocale();

  const pageTitle = section ? t(section.label) : t('notFound.title');
  useEffect(() => {
    document.title = t('app.documentTitle', { section: pageTitle });
  }, [t, pageTitle]);

  // After a client-side navigation, move focus to the new page's heading so screen
  // readers announce it, as a full page load would; the first render leaves focus alone.
  useEffect(() => {
    if (previousPathname.current === pathname) return;
    previousPathname.current = pathname;
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  return (
    <div className="flex h-dvh flex-col bg-n-background text-n-slate-12 sm:flex-row">
      <a
        href="#main"
        className="sr-only rounded-lg bg-n-brand px-3 py-2 font-medium text-sm text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10"
      >
        {t('app.skipToContent')}
      </a>
      <Sidebar current={section} />
      <main
        id="main"
        ref={mainRef}
        tabIndex={-1}
        className="min-h-0 flex-1 overflow-y-auto focus:outline-none"
      >
        {children}
      </main>
    </div>
  );
}

/** The full app's frame: the saved theme, the sidebar and the page. */
export function AppLayout({ children }: { children: ReactNode }) {
  return (
    <ThemeProvider>
      <Shell>{children}</Shell>
    </ThemeProvider>
  );
}
