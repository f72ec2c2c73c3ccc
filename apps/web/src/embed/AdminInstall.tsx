import { useMutation, useQuery } from '@tanstack/react-query';
import {
  type CurrentUser,
  embedSnippetSchema,
  installedDashboardAppSchema,
  roleCan,
} from '@whatpro/contracts';
import { useRef, useState } from 'react';
import { type ApiClient, ApiError, call, api as defaultApi } from '../api/client';
import { describeError } from '../i18n/errors';
import { useT } from '../i18n/i18n';
import { roleIn } from '../permissions';

type Api = Pick<ApiClient, 'client'>;

/** Who may install the Hub in an account: whoever the permission table grants `embed:install:account`. */
export function canInstallEmbed(user: CurrentUser | null, accountId: number | null): boolean {
  const role = roleIn(user, accountId);
  return role !== null && roleCan(role, 'embed:install:account');
}

type CopyState = 'idle' | 'copied' | 'selected';

function SnippetBlock({ snippet }: { snippet: string }) {
  const t = useT();
  const codeRef = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');

  /** Without a clipboard (or when it refuses), the text is selected so Ctrl+C copies it. */
  const selectSnippet = () => {
    const code = codeRef.current;
    const selection = code ? window.getSelection() : null;
    if (code && selection) selection.selectAllChildren(code);
    setCopy('selected');
  };

  const copySnippet = async () => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard?.writeText) {
      selectSnippet();
      return;
    }
    try {
      await clipboard.writeText(snippet);
      setCopy('copied');
    } catch {
      selectSnippet();
    }
  };

  return (
    <div className="flex flex-col gap-2">
      <pre
        className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-lg bg-n-background p-3 font-mono text-n-slate-12 text-xs leading-5 outline outline-1 outline-n-strong"
        data-testid="embed-admin-snippet"
      >
        <code ref={codeRef}>{snippet}</code>
      </pre>
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={() => void copySnippet()}
          className="inline-flex h-8 items-center rounded-lg px-3 font-medium text-n-slate-12 text-sm outline outline-1 outline-n-strong hover:bg-n-slate-12/5"
        >
          {t('embed.admin.copy')}
        </button>
        <span role="status" className="text-n-slate-11 text-xs" data-testid="embed-admin-copy-status">
          {copy === 'copied' ? t('embed.admin.copied') : copy === 'selected' ? t('embed.admin.selected') : ''}
        </span>
      </div>
    </div>
  );
}

function InstallDashboardApp({ accountId, api }: { accountId: number; api: Api }) {
  const t = useT();
  const install = useMutation({
    mutationFn: () =>
      call(
        api.client.POST('/api/v1/accounts/{accountId}/embed/dashboard-app', {
          params: { path: { accountId } },
          body: {},
        }),
        installedDashboardAppSchema,
      ),
  });
  const error = install.error;

  return (
    <div className="flex flex-col items-start gap-2 border-n-strong border-t pt-3">
      <button
        type="button"
        onClick={() => install.mutate()}
        disabled={install.isPending}
        className="inline-flex h-8 items-center rounded-lg bg-n-brand-strong px-3 font-medium text-sm text-white hover:brightness-110 disabled:opacity-50"
      >
        {install.isPending ? t('embed.admin.install.pending') : t('embed.admin.install.button')}
      </button>
      {install.isSuccess ? (
        <p role="status" className="text-n-teal-11 text-sm" data-testid="embed-admin-install-result">
          {t(
            install.data.action === 'created' ? 'embed.admin.install.created' : 'embed.admin.install.updated',
            { id: install.data.dashboard_app_id },
          )}
        </p>
      ) : null}
      {error ? (
        <div role="alert" className="text-n-ruby-11 text-sm" data-testid="embed-admin-install-error">
          <p>
            {error instanceof ApiError && error.status === 409
              ? t('embed.admin.install.notConnected')
              : t('embed.admin.install.failed')}
          </p>
          <p className="mt-1 text-n-slate-11 text-xs">{describeError(t, error)}</p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * "Administração / Instalação no Chatwoot": the DASHBOARD_SCRIPTS snippet and the Dashboard App
 * installer, for the account's admins only (the server checks `embed:install:account` as well).
 */
export function AdminInstall({
  user,
  accountId,
  api = defaultApi,
}: {
  user: CurrentUser | null;
  accountId: number | null;
  api?: Api;
}) {
  const t = useT();
  const allowed = canInstallEmbed(user, accountId);
  const snippet = useQuery({
    queryKey: ['embed', 'snippet', accountId, user?.id],
    queryFn: ({ signal }) =>
      call(
        api.client.GET('/api/v1/accounts/{accountId}/embed/snippet', {
          params: { path: { accountId: accountId ?? 0 } },
          signal,
        }),
        embedSnippetSchema,
        { signal },
      ),
    enabled: allowed,
    staleTime: 5 * 60_000,
  });
  if (!allowed || accountId === null) return null;

  return (
    <section
      aria-label={t('embed.admin.heading')}
      data-testid="embed-admin"
      className="flex flex-col gap-3 rounded-xl bg-n-solid-2 p-4 outline outline-1 outline-n-strong"
    >
      <div>
        <h2 className="font-medium text-n-slate-11 text-xs uppercase tracking-wide">
          {t('embed.admin.heading')}
        </h2>
        <p className="mt-1 font-semibold text-n-slate-12 text-sm">{t('embed.admin.subheading')}</p>
      </div>
      <p className="text-n-slate-11 text-sm leading-6">{t('embed.admin.explain')}</p>
      {snippet.isPending ? (
        <p role="status" className="text-n-slate-11 text-sm">
          {t('embed.admin.loading')}
        </p>
      ) : snippet.isError ? (
        <div role="alert" className="flex flex-col items-start gap-2 text-n-ruby-11 text-sm">
          <p>{t('embed.admin.loadFailed')}</p>
          <p className="text-n-slate-11 text-xs">{describeError(t, snippet.error)}</p>
          <button
            type="button"
            onClick={() => void snippet.refetch()}
            className="inline-flex h-8 items-center rounded-lg px-3 text-n-slate-12 text-sm outline outline-1 outline-n-strong hover:bg-n-slate-12/5"
          >
            {t('about.retry')}
          </button>
        </div>
      ) : (
        <SnippetBlock snippet={snippet.data.snippet} />
      )}
      <InstallDashboardApp key={accountId} accountId={accountId} api={api} />
    </section>
  );
}
