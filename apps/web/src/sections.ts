import type { ComponentType, SVGProps } from 'react';
import type { PlainMessageKey } from './i18n/i18n';
import { AdminIcon, ChatIcon, KanbanIcon } from './layout/icons';

export interface Section {
  id: 'chat' | 'kanban' | 'admin';
  path: '/chat' | '/kanban' | '/admin';
  label: PlainMessageKey;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

export const sections: readonly Section[] = [
  { id: 'chat', path: '/chat', label: 'nav.chat', icon: ChatIcon },
  { id: 'kanban', path: '/kanban', label: 'nav.kanban', icon: KanbanIcon },
  { id: 'admin', path: '/admin', label: 'nav.admin', icon: AdminIcon },
];

export type SectionId = Section['id'];
