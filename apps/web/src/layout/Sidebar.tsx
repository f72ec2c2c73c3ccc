import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/i18n';
import { type Section, sections } from '../sections';
import { BrandMark } from './icons';
import { Preferences } from './Preferences';
import { ServerStatus } from './ServerStatus';

export function Sidebar({ current }: { current: Section | null }) {
  const t = useT();
  return (
    <aside
      aria-label={t('sidebar.label')}
      className="flex shrink-0 flex-col gap-3 border-n-strong border-b bg-n-solid-2 px-2 py-3 sm:w-56 sm:border-r sm:border-b-0"
    >
      <div className="flex items-center gap-2 px-2">
        <BrandMark />
        <span className="font-semibold text-n-slate-12 text-sm">{t('app.name')}</span>
      </div>
      <nav aria-label={t('nav.label')}>
        <ul className="flex gap-1 sm:flex-col">
          {sections.map((section) => {
            const isCurrent = section.id === current?.id;
            const SectionIcon = section.icon;
            return (
              <li key={section.id}>
                <Link
                  to={section.path}
                  aria-current={isCurrent ? 'page' : undefined}
                  className={`flex h-8 items-center gap-2 rounded-lg px-2 text-sm ${
                    isCurrent
                      ? 'bg-n-brand/10 font-medium text-n-blue-12'
                      : 'text-n-slate-11 hover:bg-n-slate-12/5 hover:text-n-slate-12'
                  }`}
                >
                  <SectionIcon className="shrink-0" />
                  {t(section.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="flex flex-wrap gap-3 border-n-strong border-t px-2 pt-3 sm:mt-auto sm:flex-col sm:flex-nowrap">
        <ServerStatus />
        <Preferences />
      </div>
    </aside>
  );
}
