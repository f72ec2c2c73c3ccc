import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { ChatAttachment, ChatMessageAttachment } from '@whatpro/contracts';
import type { Config } from '../../config';
import type { Database, Tx } from '../../db/database';
import { AppError, forbidden, notFound } from '../../errors';
import { type ObjectStorage, StoredObjectMissing } from '../../infra/storage';
import type { Actor } from '../auth/actor';
import { userById } from '../auth/repo';
import { signedDownloadUrl, verifyLink } from './links';
import { HEADER_BYTES, INLINE_IMAGE_TYPES, imageDimensions, sniffContentType } from './media';
import {
  type AttachmentRow,
  attachmentForReader,
  claimAttachments,
  insertAttachment,
  roomOfMember,
} from './repo';

export interface AttachmentDependencies {
  config: Config;
  database: Database;
  storage: ObjectStorage;
}

type UserActor = Extract<Actor, { type: 'user' }>;

/** Attachments belong to a person in a room; an API key is no room member. */
export function userActorOf(actor: Actor): UserActor {
  if (actor.type !== 'user') throw forbidden('Chat attachments need a user session, not an API key');
  return actor;
}

export function presentAttachment(config: Config, readerId: string, row: AttachmentRow): ChatAttachment {
  const link = signedDownloadUrl(
    config.sessionSecret,
    { accountId: row.accountId, attachmentId: row.id, userId: readerId },
    config.chatAttachmentLinkTtlSeconds,
  );
  return {
    id: row.id,
    room_id: row.roomId,
    message_id: row.messageId,
    uploader_id: row.uploaderId,
    file_name: row.fileName,
    content_type: row.contentType,
    size_bytes: row.sizeBytes,
    width: row.width,
    height: row.height,
    inline: INLINE_IMAGE_TYPES.has(row.contentType),
    created_at: row.createdAt.toISOString(),
    url: new URL(link.url, config.publicUrl).href,
    url_expires_at: link.expiresAt.toISOString(),
  };
}

/** What a message carries of an attachment: the same for every reader, so no signed link. */
export function presentMessageAttachment(row: AttachmentRow): ChatMessageAttachment {
  return {
    id: row.id,
    file_name: row.fileName,
    content_type: row.contentType,
    size_bytes: row.sizeBytes,
    width: row.width,
    height: row.height,
    inline: INLINE_IMAGE_TYPES.has(row.contentType),
  };
}

/** The name shown and offered on download: the last path segment, one line, at most 255 characters. */
function cleanFileName(name: string | undefined): string {
  const cleaned = basename((name ?? '').replaceAll('\\', '/'))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[\ud800-\udfff]/g, '')
    .trim()
    .slice(0, 255);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

async function readHeader(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Streams an upload into the room: spooled to a temporary file while its size is counted (so no partial
 * object reaches storage and nothing is held in memory), typed from its content, then stored under the
 * tenant's key and recorded as unsent until a message claims it.
 */
export async function uploadAttachment(
  deps: AttachmentDependencies,
  actor: Actor,
  accountId: number,
  roomId: string,
  part: MultipartFile | undefined,
): Promise<ChatAttachment> {
  const user = userActorOf(actor);
  if (!part)
    throw new AppError(400, 'bad_request', 'Send the file as multipart/form-data in a field named "file"');
  const room = await deps.database.tenant(accountId, (tx) =>
    roomOfMember(tx, accountId, roomId, user.userId),
  );
  if (!room) {
    part.file.resume();
    throw notFound('Room');
  }
  if (room.archivedAt) {
    part.file.resume();
    throw new AppError(409, 'conflict', 'This room is archived');
  }
  const spool = await mkdtemp(join(tmpdir(), 'whatpro-upload-'));
  try {
    const path = join(spool, 'file');
    await pipeline(part.file, createWriteStream(path));
    if (part.file.truncated) {
      throw new AppError(
        413,
        'payload_too_large',
        `Attachments may be at most ${deps.config.chatAttachmentMaxBytes} bytes`,
      );
    }
    const header = await readHeader(path);
    if (header.length === 0) throw new AppError(400, 'bad_request', 'The file is empty');
    const contentType = await sniffContentType(header);
    if (!deps.config.chatAttachmentTypes.includes(contentType)) {
      throw new AppError(
        415,
        'unsupported_media_type',
        `Files of type ${contentType} are not accepted here`,
        {
          content_type: contentType,
          allowed: deps.config.chatAttachmentTypes,
        },
      );
    }
    const dimensions = imageDimensions(contentType, header);
    const { size } = await stat(path);
    const storageKey = `accounts/${accountId}/rooms/${roomId}/${randomUUID()}`;
    await deps.storage.put(storageKey, createReadStream(path), size, contentType);
    try {
      const row = await deps.database.tenant(accountId, async (tx) => {
        // The member may have left while the file was uploading.
        if (!(await roomOfMember(tx, accountId, roomId, user.userId))) throw notFound('Room');
        return insertAttachment(tx, accountId, {
          roomId,
          uploaderId: user.userId,
          storageKey,
          fileName: cleanFileName(part.filename),
          contentType,
          sizeBytes: size,
          width: dimensions?.width ?? null,
          height: dimensions?.height ?? null,
        });
      });
      return presentAttachment(deps.config, user.userId, row);
    } catch (error) {
      await deps.storage.delete([storageKey]);
      throw error;
    }
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}

type ReadableAttachment = NonNullable<Awaited<ReturnType<typeof attachmentForReader>>>;

/**
 * Who may read an attachment now: members of its room who still belong to its account (the
 * installation's super admin acts in every account); an unsent upload only its uploader.
 */
function readable(
  found: ReadableAttachment | undefined,
  userId: string,
  isSuperAdmin: boolean,
): AttachmentRow | undefined {
  if (!found?.roomMember || !(found.accountMember || isSuperAdmin)) return undefined;
  const { attachment } = found;
  if (attachment.messageId === null && attachment.uploaderId !== userId) return undefined;
  if (found.messageDeletedAt) return undefined;
  return attachment;
}

/** The attachment with a fresh signed link for this reader. */
export async function getAttachment(
  deps: AttachmentDependencies,
  actor: Actor,
  accountId: number,
  attachmentId: string,
): Promise<ChatAttachment> {
  const user = userActorOf(actor);
  const found = await deps.database.tenant(accountId, (tx) =>
    attachmentForReader(tx, accountId, attachmentId, user.userId),
  );
  const row = readable(found, user.userId, user.isSuperAdmin);
  if (!row) throw notFound('Attachment');
  return presentAttachment(deps.config, user.userId, row);
}

export interface DownloadRequest {
  attachmentId: string;
  accountId: number;
  userId: string;
  expires: number;
  signature: string;
}

export interface Download {
  body: Readable;
  row: AttachmentRow;
  inline: boolean;
}

/** Opens the bytes behind a signed link, after checking the link and the reader's membership again. */
export async function openDownload(
  deps: AttachmentDependencies,
  request: DownloadRequest,
): Promise<Download> {
  const valid = verifyLink(
    [deps.config.sessionSecret, deps.config.sessionSecretPrevious],
    {
      accountId: request.accountId,
      attachmentId: request.attachmentId,
      userId: request.userId,
      expires: request.expires,
    },
    request.signature,
  );
  if (!valid) throw forbidden('This download link is invalid or has expired; open the attachment again');
  const found = await deps.database.tenant(request.accountId, (tx) =>
    attachmentForReader(tx, request.accountId, request.attachmentId, request.userId),
  );
  // Only a room member without a seat in the account needs the identity check.
  const isSuperAdmin =
    found?.roomMember && !found.accountMember
      ? ((await userById(deps.database.system, request.userId))?.isSuperAdmin ?? false)
      : false;
  const row = readable(found, request.userId, isSuperAdmin);
  if (!row) throw notFound('Attachment');
  try {
    return {
      body: await deps.storage.get(row.storageKey),
      row,
      inline: INLINE_IMAGE_TYPES.has(row.contentType),
    };
  } catch (error) {
    if (error instanceof StoredObjectMissing) throw notFound('Attachment');
    throw error;
  }
}

/**
 * For the message send (in its transaction): hands these uploads to the new message, refusing ids that
 * are not the author's unsent uploads to this room.
 */
export async function attachToMessage(
  tx: Tx,
  accountId: number,
  roomId: string,
  authorId: string,
  messageId: string,
  attachmentIds: string[],
): Promise<AttachmentRow[]> {
  const unique = [...new Set(attachmentIds)];
  const claimed = await claimAttachments(tx, accountId, roomId, authorId, messageId, unique);
  if (claimed.length !== unique.length) {
    throw new AppError(
      400,
      'bad_request',
      'Attachments must be files you uploaded to this room and have not sent yet',
      { attachment_ids: unique.filter((id) => !claimed.some((row) => row.id === id)) },
    );
  }
  return claimed;
}
