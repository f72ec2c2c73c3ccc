import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { StorageConfig } from '../config';

/** Keys are made by the Hub (`accounts/<id>/rooms/<roomId>/<uuid>`), never taken from a client. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,511}$/;

export class StoredObjectMissing extends Error {
  constructor(key: string) {
    super(`No stored object ${key}`);
    this.name = 'StoredObjectMissing';
  }
}

/** Where attachment bytes live. Callers stream in and out; nothing is held whole in memory. */
export interface ObjectStorage {
  readonly driver: 'local' | 's3';
  put(key: string, body: Readable, size: number, contentType: string): Promise<void>;
  /** The object's bytes; `StoredObjectMissing` when there is none. */
  get(key: string): Promise<Readable>;
  /** Deletes what exists of these keys; missing ones are not an error. */
  delete(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

function checkedKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
  }
  return key;
}

/** Files under one folder; each is written to a temporary name and renamed, so readers never see half. */
export async function createLocalStorage(dir: string | undefined): Promise<ObjectStorage> {
  const temporary = dir === undefined;
  const root = resolve(dir ?? (await mkdtemp(join(tmpdir(), 'whatpro-attachments-'))));
  await mkdir(root, { recursive: true });
  const pathOf = (key: string) => {
    const path = resolve(root, checkedKey(key));
    if (!path.startsWith(root + sep)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`);
    return path;
  };
  return {
    driver: 'local',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${process.pid}.${Date.now()}.partial`;
      try {
        await pipeline(body, createWriteStream(partial, { flags: 'wx' }));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        if (!(await stat(path)).isFile()) throw new StoredObjectMissing(key);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredObjectMissing(key);
        throw error;
      }
      return createReadStream(path);
    },
    async delete(keys) {
      for (const key of keys) await rm(pathOf(key), { force: true });
    },
    async close() {
      if (temporary) await rm(root, { recursive: true, force: true });
    },
  };
}

/** S3 or any S3-compatible service (MinIO, R2, s3rver in tests). */
export function createS3Storage(config: Extract<StorageConfig, { driver: 's3' }>): ObjectStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    // The SDK's default streamed CRC checksums use aws-chunked bodies, which many S3-compatible
    // services (older MinIO, s3rver, some gateways) store verbatim; plain bodies work everywhere.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.accessKeyId && config.secretAccessKey
      ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
      : {}),
  });
  return {
    driver: 's3',
    async put(key, body, size, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: checkedKey(key),
          Body: body,
          ContentLength: size,
          ContentType: contentType,
        }),
      );
    },
    async get(key) {
      try {
        const output = await client.send(
          new GetObjectCommand({ Bucket: config.bucket, Key: checkedKey(key) }),
        );
        return output.Body as Readable;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') {
          throw new StoredObjectMissing(key);
        }
        throw error;
      }
    },
    async delete(keys) {
      // One request deletes at most 1,000 keys.
      for (let start = 0; start < keys.length; start += 1000) {
        const batch = keys.slice(start, start + 1000).map((key) => ({ Key: checkedKey(key) }));
        const output = await client.send(
          new DeleteObjectsCommand({ Bucket: config.bucket, Delete: { Objects: batch, Quiet: true } }),
        );
        const failed = (output.Errors ?? []).filter((failure) => failure.Code !== 'NoSuchKey');
        if (failed.length > 0) {
          throw new Error(
            `Storage refused to delete ${failed.length} objects: ${failed[0]?.Code ?? 'unknown'}`,
          );
        }
      }
    },
    async close() {
      client.destroy();
    },
  };
}

export function createStorage(config: StorageConfig): Promise<ObjectStorage> | ObjectStorage {
  return config.driver === 's3' ? createS3Storage(config) : createLocalStorage(config.dir);
}
