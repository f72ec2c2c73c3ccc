import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { startTestS3, type TestS3 } from '../test/s3';
import { createLocalStorage, createS3Storage, type ObjectStorage, StoredObjectMissing } from './storage';

const drivers: [string, () => Promise<{ storage: ObjectStorage; stop(): Promise<void> }>][] = [
  [
    'local',
    async () => {
      const storage = await createLocalStorage(undefined);
      return { storage, stop: () => storage.close() };
    },
  ],
  [
    's3 (s3rver)',
    async () => {
      const s3: TestS3 = await startTestS3();
      const storage = createS3Storage({
        driver: 's3',
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
      });
      return {
        storage,
        async stop() {
          await storage.close();
          await s3.close();
        },
      };
    },
  ],
];

for (const [name, start] of drivers) {
  describe(`object storage: ${name}`, () => {
    let storage: ObjectStorage;
    let stop: () => Promise<void>;
    before(async () => {
      ({ storage, stop } = await start());
    });
    after(() => stop());

    test('stores a stream under a tenant key, reads it back and deletes it', async () => {
      const key = 'accounts/7/rooms/room-1/0b6c3a1e-object';
      const body = 'hello '.repeat(10_000);
      await storage.put(key, Readable.from([Buffer.from(body)]), Buffer.byteLength(body), 'text/plain');
      assert.equal(await text(await storage.get(key)), body);
      await storage.delete([key, 'accounts/7/rooms/room-1/never-stored']);
      await assert.rejects(storage.get(key), StoredObjectMissing);
    });

    test('refuses keys that could leave the tenant prefix', async () => {
      for (const key of ['../etc/passwd', 'accounts/7/../8/x', '/abs', 'accounts//x', 'a\\b']) {
        await assert.rejects(
          storage.put(key, Readable.from([Buffer.from('x')]), 1, 'text/plain'),
          /Invalid storage key/,
        );
      }
    });
  });
}
