import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSecretBox } from './secrets';

test('sealed secrets open only with the same key and the same associated data', () => {
  const box = createSecretBox(randomBytes(32));
  const sealed = box.seal('chatwoot-admin-token', 'account:1:chatwoot_connection');
  assert.doesNotMatch(sealed, /chatwoot-admin-token/);
  assert.equal(box.open(sealed, 'account:1:chatwoot_connection'), 'chatwoot-admin-token');
  assert.throws(() => box.open(sealed, 'account:2:chatwoot_connection'));
  assert.throws(() => createSecretBox(randomBytes(32)).open(sealed, 'account:1:chatwoot_connection'));
  const [version, iv, tag, body] = sealed.split(':');
  assert.throws(() =>
    box.open([version, iv, tag?.slice(0, 8), body].join(':'), 'account:1:chatwoot_connection'),
  );
  assert.notEqual(box.seal('same', 'aad'), box.seal('same', 'aad'));
});
