import { Link, useLocation } from '@tanstack/react-router';
import { useT } from '../i18n/i18n';

export function NotFoundPage() {
  const t = useT();
  const path = useLocation({ select: (location) => location.pathname });
  return (
    <article className="mx-auto flex max-w-3xl flex-col gap-4 px-6 py-8 sm:px-10 sm:py-12">
      <h1 tabIndex={-1} className="focus:outline-none font-semibold text-2xl text-n-slate-12 tracking-tight">
        {t('notFound.title')}
      </h1>
      <p className="break-words text-n-slate-11 text-sm leading-6">{t('notFound.summary', { path })}</p>
      <Link
        to="/chat"
        className="inline-flex h-8 w-fit items-center rounded-lg bg-n-brand-strong px-3 font-medium text-sm text-white hover:brightness-110"
      >
        {t('notFound.back')}
      </Link>
    </article>
  );
}
