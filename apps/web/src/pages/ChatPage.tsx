import { ChatRoot } from '../chat/ChatRoot';
import { AccountPage } from './AccountPage';

/** `/chat`, the full page. */
export function ChatPage() {
  return (
    <AccountPage
      testId="chat-page"
      storageKey="whatpro.chat.account"
      texts={{ title: 'chat.title', account: 'chat.session.account', noAccount: 'chat.session.noAccount' }}
    >
      {(user, accountId) => <ChatRoot user={user} accountId={accountId} />}
    </AccountPage>
  );
}
