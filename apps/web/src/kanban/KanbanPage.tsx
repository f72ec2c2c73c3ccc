import { AccountPage } from '../pages/AccountPage';
import { KanbanRoot } from './KanbanRoot';

/** `/kanban`, the full page. */
export function KanbanPage() {
  return (
    <AccountPage
      testId="kanban-page"
      storageKey="whatpro.kanban.account"
      texts={{
        title: 'kanban.title',
        account: 'kanban.session.account',
        noAccount: 'kanban.session.noAccount',
      }}
    >
      {(user, accountId) => <KanbanRoot user={user} accountId={accountId} />}
    </AccountPage>
  );
}
