import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox } from './secrets';

const AAD = 'chatwoot_connection:1:admin_token';

test('S-CR-1: sealed values open only with the same key and associated data; every seal is fresh', () => {
  const box = createSecretBox([randomBytes(32)]);
  const sealed = box.seal('chatwoot-admin-token', AAD);
  assert.doesNotMatch(sealed, /chatwoot-admin-token/);
  assert.equal(box.open(sealed, AAD), 'chatwoot-admin-token');
  assert.throws(
    () => box.open(sealed, 'chatwoot_connection:2:admin_token'),
    'a value moved to another tenant',
  );
  assert.throws(() => createSecretBox([randomBytes(32)]).open(sealed, AAD));
  assert.notEqual(box.seal('same', AAD), box.seal('same', AAD));
});

test('S-CR-1: a truncated tag is refused', () => {
  const box = createSecretBox([randomBytes(32)]);
  const [format, keyId, iv, tag, body] = box.seal('secret', AAD).split(':');
  const shortTag = Buffer.from(tag as string, 'base64url')
    .subarray(0, 4)
    .toString('base64url');
  assert.throws(() => box.open([format, keyId, iv, shortTag, body].join(':'), AAD));
});

test('S-CR-1: after a key rotation old values still open and new ones use the new key', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const sealedBefore = createSecretBox([oldKey]).seal('kept', AAD);
  const rotated = createSecretBox([newKey, oldKey]);
  assert.equal(rotated.open(sealedBefore, AAD), 'kept');
  const sealedAfter = rotated.seal('fresh', AAD);
  assert.equal(createSecretBox([newKey]).open(sealedAfter, AAD), 'fresh');
  assert.throws(() => createSecretBox([oldKey]).open(sealedAfter, AAD));
});
