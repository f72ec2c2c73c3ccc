import type { ReadyResponse } from '@whatpro/contracts';
import { ApiError } from '../api/client';
import { useAppInfo, useReadiness } from '../api/queries';
import { describeError } from '../i18n/errors';
import { type Translate, type TranslatePlural, usePlural, useT } from '../i18n/i18n';

type Health = 'checking' | 'ready' | 'unavailable' | 'unreachable';

const dotClass: Record<Health, string> = {
  checking: 'bg-n-amber-9',
  ready: 'bg-n-teal-9',
  unavailable: 'bg-n-ruby-9',
  unreachable: 'bg-n-ruby-9',
};

function healthOf(query: ReturnType<typeof useReadiness>): Health {
  if (query.isPending) return 'checking';
  if (query.isError) {
    return query.error instanceof ApiError && query.error.code === 'network_error'
      ? 'unreachable'
      : 'unavailable';
  }
  return query.data.status === 'ok' ? 'ready' : 'unavailable';
}

function failingChecks(data: ReadyResponse | undefined): string[] {
  if (!data) return [];
  return Object.entries(data.checks)
    .filter(([, check]) => check.status === 'down')
    .map(([name]) => name);
}

function healthLabel(t: Translate, plural: TranslatePlural, health: Health, failing: string[]): string {
  if (health === 'unavailable' && failing.length > 0) {
    return plural('health.unavailableChecks', failing.length, { checks: failing.join(', ') });
  }
  return t(`health.${health}`);
}

function ReadinessIndicator() {
  const t = useT();
  const plural = usePlural();
  const readiness = useReadiness();
  const health = healthOf(readiness);
  return (
    <p className="flex items-center gap-2 text-n-slate-11 text-xs">
      <span aria-hidden="true" className={`size-2 shrink-0 rounded-full ${dotClass[health]}`} />
      <span role="status" data-health={health}>
        {healthLabel(t, plural, health, failingChecks(readiness.data))}
      </span>
    </p>
  );
}

function AboutInfo() {
  const t = useT();
  const appInfo = useAppInfo();

  if (appInfo.isPending) {
    return <p className="text-n-slate-11 text-xs">{t('about.loading')}</p>;
  }
  if (appInfo.isError) {
    const { error } = appInfo;
    const code = error instanceof ApiError ? error.code : 'unexpected_response';
    const requestId = error instanceof ApiError ? error.requestId : null;
    return (
      <div role="alert" className="flex flex-col items-start gap-1 text-xs">
        <p className="text-n-ruby-11">{t('about.error')}</p>
        <p className="text-n-slate-11">{describeError(t, error)}</p>
        <p className="text-n-slate-11">
          {requestId ? t('about.errorDetail', { code, requestId }) : t('about.errorCode', { code })}
        </p>
        <button
          type="button"
          onClick={() => appInfo.refetch()}
          disabled={appInfo.isFetching}
          className="h-6 rounded-md px-2 font-medium text-n-blue-11 border border-n-strong hover:bg-n-slate-12/5 disabled:opacity-50"
        >
          {t('about.retry')}
        </button>
      </div>
    );
  }

  const info = appInfo.data;
  return (
    <ul className="flex flex-col gap-0.5 text-n-slate-11 text-xs">
      <li>{t('about.version', { version: info.version })}</li>
      <li>{t('about.environment', { environment: t(`environment.${info.environment}`) })}</li>
      <li className="truncate" title={info.chatwoot_url ?? undefined}>
        {info.chatwoot_url ? t('about.chatwoot', { url: info.chatwoot_url }) : t('about.chatwootMissing')}
      </li>
    </ul>
  );
}

export function ServerStatus() {
  const t = useT();
  return (
    <section aria-label={t('about.label')} className="flex min-w-0 flex-1 flex-col gap-1.5 sm:flex-none">
      <ReadinessIndicator />
      <AboutInfo />
    </section>
  );
}
