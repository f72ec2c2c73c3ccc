import {
  type AddChatMember,
  type ChatAttachment,
  type ChatEventPage,
  type ChatMember,
  type ChatMemberRole,
  type ChatMentionList,
  type ChatMessage,
  type ChatMessagePage,
  type ChatReadState,
  type ChatRoom,
  type ChatRoomList,
  type ChatSearchResult,
  type ConversationReference,
  type CreateChatRoom,
  chatAnnouncementListSchema,
  chatAnnouncementSchema,
  chatAttachmentSchema,
  chatEventPageSchema,
  chatMemberListSchema,
  chatMemberSchema,
  chatMentionListSchema,
  chatMessagePageSchema,
  chatMessageSchema,
  chatReactionsSchema,
  chatReadStateSchema,
  chatRoomListSchema,
  chatRoomSchema,
  chatRoomSettingsSchema,
  chatSearchResultSchema,
  conversationReferenceListSchema,
  memberListSchema,
  type SendChatMessage,
  type UpdateChatRoom,
  type UpdateChatRoomSettings,
} from '@whatpro/contracts';
import { z } from 'zod';
import { type ApiClient, ApiError, call } from '../api/client';

const emptySchema = { safeParse: (data: unknown) => ({ success: true as const, data }) };

/** Every chat call of the web app, typed by the server's OpenAPI document and checked against the contracts. */
export function chatApi(api: Pick<ApiClient, 'client' | 'getAccessToken'>, accountId: number) {
  const { client } = api;
  const account = { accountId };
  const room = (roomId: string) => ({ path: { accountId, roomId } });
  const message = (messageId: string) => ({ path: { accountId, messageId } });

  return {
    accountId,
    /**
     * A page of my rooms, most recent activity first (with `q`, those named so), with the badge totals
     * over all of them.
     */
    listRooms: (
      page: { limit: number; before?: string; q?: string },
      signal?: AbortSignal,
    ): Promise<ChatRoomList> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/rooms', {
          params: { path: account, query: page },
          signal,
        }),
        chatRoomListSchema,
        { signal },
      ),
    getRoom: (roomId: string, signal?: AbortSignal): Promise<ChatRoom> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/rooms/{roomId}', { params: room(roomId), signal }),
        chatRoomSchema,
        { signal },
      ),
    openDm: (userId: string): Promise<ChatRoom> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/dms', {
          params: { path: account },
          body: { user_id: userId },
        }),
        chatRoomSchema,
      ),
    createRoom: (body: CreateChatRoom): Promise<ChatRoom> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/rooms', { params: { path: account }, body }),
        chatRoomSchema,
      ),
    updateRoom: (roomId: string, body: UpdateChatRoom): Promise<ChatRoom> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/chat/rooms/{roomId}', { params: room(roomId), body }),
        chatRoomSchema,
      ),
    updateSettings: (roomId: string, body: UpdateChatRoomSettings) =>
      call(
        client.PUT('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/settings', {
          params: room(roomId),
          body,
        }),
        chatRoomSettingsSchema,
      ),
    listMembers: (roomId: string, signal?: AbortSignal): Promise<ChatMember[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/members', {
          params: room(roomId),
          signal,
        }),
        chatMemberListSchema,
        { signal },
      ).then((list) => list.members),
    addMember: (roomId: string, body: AddChatMember) =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/members', {
          params: room(roomId),
          body,
        }),
        emptySchema,
      ),
    changeMemberRole: (roomId: string, userId: string, role: ChatMemberRole): Promise<ChatMember> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/members/{userId}', {
          params: { path: { accountId, roomId, userId } },
          body: { role },
        }),
        chatMemberSchema,
      ),
    removeMember: (roomId: string, userId: string) =>
      call(
        client.DELETE('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/members/{userId}', {
          params: { path: { accountId, roomId, userId } },
        }),
        emptySchema,
      ),
    markRead: (roomId: string, seq: number): Promise<ChatReadState> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/read', {
          params: room(roomId),
          body: { seq },
        }),
        chatReadStateSchema,
      ),
    history: (
      roomId: string,
      cursor: { before?: number; after?: number; around?: number },
      signal?: AbortSignal,
    ): Promise<ChatMessagePage> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/messages', {
          params: { ...room(roomId), query: { ...cursor, limit: 50 } },
          signal,
        }),
        chatMessagePageSchema,
        { signal },
      ),
    send: (roomId: string, body: SendChatMessage & { attachment_ids?: string[] }): Promise<ChatMessage> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/messages', {
          params: room(roomId),
          body,
        }),
        chatMessageSchema,
      ),
    edit: (messageId: string, body: string): Promise<ChatMessage> =>
      call(
        client.PATCH('/api/v1/accounts/{accountId}/chat/messages/{messageId}', {
          params: message(messageId),
          body: { body },
        }),
        chatMessageSchema,
      ),
    remove: (messageId: string) =>
      call(
        client.DELETE('/api/v1/accounts/{accountId}/chat/messages/{messageId}', {
          params: message(messageId),
        }),
        emptySchema,
      ),
    react: (messageId: string, emoji: string, on: boolean) =>
      call(
        on
          ? client.PUT('/api/v1/accounts/{accountId}/chat/messages/{messageId}/reactions/{emoji}', {
              params: { path: { accountId, messageId, emoji } },
            })
          : client.DELETE('/api/v1/accounts/{accountId}/chat/messages/{messageId}/reactions/{emoji}', {
              params: { path: { accountId, messageId, emoji } },
            }),
        chatReactionsSchema,
      ),
    pin: (messageId: string, on: boolean) =>
      call(
        on
          ? client.PUT('/api/v1/accounts/{accountId}/chat/messages/{messageId}/pin', {
              params: message(messageId),
            })
          : client.DELETE('/api/v1/accounts/{accountId}/chat/messages/{messageId}/pin', {
              params: message(messageId),
            }),
        emptySchema,
      ),
    pins: (roomId: string, signal?: AbortSignal): Promise<ChatMessage[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/pins', { params: room(roomId), signal }),
        z.object({ messages: z.array(chatMessageSchema) }),
        { signal },
      ).then((list) => list.messages),
    mentions: (signal?: AbortSignal): Promise<ChatMentionList> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/mentions', { params: { path: account }, signal }),
        chatMentionListSchema,
        { signal },
      ),
    search: (q: string, signal?: AbortSignal): Promise<ChatSearchResult> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/search', {
          params: { path: account, query: { q } },
          signal,
        }),
        chatSearchResultSchema,
        { signal },
      ),
    events: (roomId: string, after: number, signal?: AbortSignal): Promise<ChatEventPage> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/rooms/{roomId}/events', {
          params: { ...room(roomId), query: { after } },
          signal,
        }),
        chatEventPageSchema,
        { signal },
      ),
    references: (displayIds: readonly number[], signal?: AbortSignal): Promise<ConversationReference[]> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/conversation-references', {
          params: { path: account, query: { display_ids: displayIds.join(',') } },
          signal,
        }),
        conversationReferenceListSchema,
        { signal },
      ).then((list) => list.references),
    /** An attachment with a download link signed for this reader (messages carry none). */
    getAttachment: (attachmentId: string, signal?: AbortSignal): Promise<ChatAttachment> =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/attachments/{attachmentId}', {
          params: { path: { accountId, attachmentId } },
          signal,
        }),
        chatAttachmentSchema,
        { signal },
      ),
    announcements: (signal?: AbortSignal) =>
      call(
        client.GET('/api/v1/accounts/{accountId}/chat/announcements', { params: { path: account }, signal }),
        chatAnnouncementListSchema,
        { signal },
      ),
    readAnnouncement: (announcementId: string) =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/announcements/{announcementId}/read', {
          params: { path: { accountId, announcementId } },
        }),
        chatAnnouncementSchema,
      ),
    /** The internal discussion room of a Chatwoot conversation, created (and joined) on first use. */
    openDiscussion: (displayId: number): Promise<ChatRoom> =>
      call(
        client.POST('/api/v1/accounts/{accountId}/chat/conversations/{displayId}/discussion', {
          params: { path: { accountId, displayId } },
        }),
        chatRoomSchema,
      ),
    colleagues: (signal?: AbortSignal) =>
      call(
        client.GET('/api/v1/accounts/{accountId}/members', { params: { path: account }, signal }),
        memberListSchema,
        { signal },
      ).then((list) => list.members.filter((member) => member.status === 'active')),
    /**
     * Multipart upload with progress: fetch cannot report upload progress, XMLHttpRequest can. The access
     * token goes in the header as for every other call; a 401 here is rare (uploads are short) and reported.
     */
    upload(
      roomId: string,
      file: File,
      onProgress: (fraction: number) => void,
      signal?: AbortSignal,
    ): Promise<ChatAttachment> {
      return new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open(
          'POST',
          `/api/v1/accounts/${accountId}/chat/rooms/${encodeURIComponent(roomId)}/attachments`,
        );
        const token = api.getAccessToken();
        if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
        request.setRequestHeader('Accept', 'application/json');
        request.upload.onprogress = (event) => {
          if (event.lengthComputable) onProgress(event.loaded / event.total);
        };
        request.onload = () => {
          let body: unknown = null;
          try {
            body = JSON.parse(request.responseText);
          } catch {
            body = null;
          }
          const parsed = chatAttachmentSchema.safeParse(body);
          if (request.status >= 200 && request.status < 300 && parsed.success) resolve(parsed.data);
          else {
            const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
            reject(
              new ApiError({
                status: request.status,
                code: (error?.code as ApiError['code'] | undefined) ?? 'unexpected_response',
                message: error?.message ?? `Upload failed with HTTP ${request.status}`,
              }),
            );
          }
        };
        request.onerror = () =>
          reject(new ApiError({ status: 0, code: 'network_error', message: 'Upload failed' }));
        request.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
        signal?.addEventListener('abort', () => request.abort(), { once: true });
        const form = new FormData();
        form.append('file', file);
        request.send(form);
      });
    },
  };
}

export type ChatApi = ReturnType<typeof chatApi>;
