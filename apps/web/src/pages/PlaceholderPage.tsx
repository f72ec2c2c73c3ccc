import type { ReactNode } from 'react';
import { type PlainMessageKey, useT } from '../i18n/i18n';
import type { SectionId } from '../sections';

interface PlannedContent {
  title: PlainMessageKey;
  summary: PlainMessageKey;
  planned: readonly PlainMessageKey[];
}

const content: Record<SectionId, PlannedContent> = {
  chat: {
    title: 'chat.title',
    summary: 'chat.summary',
    planned: ['chat.planned.rooms', 'chat.planned.realtime', 'chat.planned.unread', 'chat.planned.messages'],
  },
  kanban: {
    title: 'kanban.title',
    summary: 'kanban.summary',
    planned: [
      'kanban.planned.boards',
      'kanban.planned.webhooks',
      'kanban.planned.cards',
      'kanban.planned.metrics',
    ],
  },
  admin: {
    title: 'admin.title',
    summary: 'admin.summary',
    planned: [
      'admin.planned.chatwoot',
      'admin.planned.members',
      'admin.planned.providers',
      'admin.planned.billing',
      'admin.planned.audit',
    ],
  },
};

/** Says what a section will hold; it deliberately shows no sample data and no controls that do nothing. */
export function PlaceholderPage({ section, children }: { section: SectionId; children?: ReactNode }) {
  const t = useT();
  const { title, summary, planned } = content[section];
  return (
    <article className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-8 sm:px-10 sm:py-12">
      <header className="flex flex-col gap-3">
        <span className="w-fit rounded-md bg-n-brand/10 px-2 py-0.5 font-medium text-n-blue-12 text-xs">
          {t('page.comingSoon')}
        </span>
        <h1
          tabIndex={-1}
          className="focus:outline-none font-semibold text-2xl text-n-slate-12 tracking-tight"
        >
          {t(title)}
        </h1>
        <p className="text-n-slate-11 text-sm leading-6">{t(summary)}</p>
      </header>
      {children}
      <section
        aria-labelledby="planned-heading"
        className="rounded-xl bg-n-solid-2 p-5 outline outline-1 outline-n-strong"
      >
        <h2 id="planned-heading" className="mb-3 font-medium text-n-slate-12 text-sm">
          {t('page.plannedHeading')}
        </h2>
        <ul className="flex flex-col gap-2 text-n-slate-11 text-sm">
          {planned.map((key) => (
            <li key={key} className="flex gap-2">
              <span aria-hidden="true" className="mt-2 size-1.5 shrink-0 rounded-full bg-n-brand" />
              {t(key)}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
