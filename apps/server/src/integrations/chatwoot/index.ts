// The Chatwoot integration's public surface; import from here, not from the files behind it.
export type {
  ChatwootAuth,
  ChatwootClient,
  ChatwootClientOptions,
  ChatwootLogger,
  ChatwootWebhookEvent,
  DeviseAuth,
  ListConversationsQuery,
  PlatformTokenAuth,
  SignInResult,
  UserAuth,
  UserTokenAuth,
  WebhookInput,
} from './client';
export { createChatwootClient } from './client';
export type {
  BlockedUrlReason,
  ChatwootFailureAnswer,
  UnauthorizedReason,
  UnreachableReason,
} from './errors';
export {
  ChatwootBadResponseError,
  ChatwootBlockedUrlError,
  ChatwootError,
  ChatwootForbiddenError,
  ChatwootInvalidRequestError,
  ChatwootNotFoundError,
  ChatwootRateLimitedError,
  ChatwootUnauthorizedError,
  ChatwootUnreachableError,
  chatwootFailureAnswer,
} from './errors';
export type {
  AccountRole,
  ChatwootAccountUser,
  ChatwootAgent,
  ChatwootConversation,
  ChatwootConversationPage,
  ChatwootDashboardApp,
  ChatwootInbox,
  ChatwootMessage,
  ChatwootPlatformAccount,
  ChatwootPlatformUser,
  ChatwootTeam,
  ChatwootToggleStatusResult,
  ChatwootUser,
  ChatwootVersion,
  ChatwootWebhook,
  ConversationStatus,
} from './schemas';
export type { PublicUrlOptions } from './ssrf';
export { assertPublicUrl, isPrivateAddress } from './ssrf';
export { createNodeTransport, type Transport } from './transport';
