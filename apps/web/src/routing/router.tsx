import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import { AppLayout } from '../App';
import type { EmbedBridge, EmbedMode } from '../embed/bridge';
import { EmbedPage } from '../embed/mount';
import { KanbanPage } from '../kanban/KanbanPage';
import { ChatPage } from '../pages/ChatPage';
import { HomePage } from '../pages/HomePage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { PlaceholderPage } from '../pages/PlaceholderPage';
import type { SectionId } from '../sections';

export interface RouterContext {
  /** The started bridge of an embedded page; created before React renders when the page loads there. */
  embedBridge(mode: EmbedMode): EmbedBridge;
}

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** The sidebar section a page belongs to: it names the page and marks the section current. */
    section?: SectionId;
  }
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: () => (
    <AppLayout>
      <NotFoundPage />
    </AppLayout>
  ),
});

/** The full app: sidebar and sections. The embedded pages below have no sidebar and follow Chatwoot's theme. */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: () => (
    <AppLayout>
      <Outlet />
    </AppLayout>
  ),
});

function sectionRoute(path: '/admin', section: SectionId) {
  return createRoute({
    getParentRoute: () => appRoute,
    path,
    staticData: { section },
    component: () => <PlaceholderPage section={section} />,
  });
}

/** `/chat`: rooms, DMs and the open conversation, full page. */
const chatRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/chat',
  staticData: { section: 'chat' },
  component: ChatPage,
});

/** `/kanban`: the boards, their metrics and settings, full page. */
const kanbanRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/kanban',
  staticData: { section: 'kanban' },
  component: KanbanPage,
});

/** `/` belongs to the chat section and first shows who is signed in and the way back to Chatwoot. */
const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  staticData: { section: 'chat' },
  component: HomePage,
});

/** `/embed` is the Dashboard Script's panel, `/embed/dashboard-app` a Chatwoot Dashboard App tab. */
const embedPanelRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/embed',
  component: () => <EmbedPage mode="panel" />,
});
const embedDashboardAppRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/embed/dashboard-app',
  component: () => <EmbedPage mode="dashboard-app" />,
});
/** The Dashboard Script's compact frame in Chatwoot's conversation header: the card's board, stage and SLA. */
const embedStagePickerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/embed/stage-picker',
  component: () => <EmbedPage mode="stage-picker" />,
});

// `/` opens the chat, the section agents use most.
const routeTree = rootRoute.addChildren([
  appRoute.addChildren([homeRoute, chatRoute, kanbanRoute, sectionRoute('/admin', 'admin')]),
  embedPanelRoute,
  embedDashboardAppRoute,
  embedStagePickerRoute,
]);

export function createAppRouter(context: RouterContext, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context,
    ...(history ? { history } : {}),
    // `/kanban/` and `/kanban` are one page, as they were before the router.
    trailingSlash: 'never',
    // An unknown address shows the app's own not-found page, sidebar included, whatever its depth.
    notFoundMode: 'root',
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
