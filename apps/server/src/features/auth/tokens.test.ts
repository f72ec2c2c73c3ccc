import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCESS_AUDIENCE, signAccessToken, signingKeys, verifyAccessToken } from './tokens';

const ISSUER = 'https://hub.example.com';
const now = Math.floor(Date.now() / 1000);
const claims = {
  iss: ISSUER,
  aud: ACCESS_AUDIENCE,
  sub: 'user',
  sid: 'session',
  typ: 'access' as const,
  iat: now,
  exp: now + 900,
};

test('key rotation by key id: tokens signed before a rotation verify while the previous secret is configured', () => {
  const oldSecret = 'the-previous-session-secret-000000000000';
  const newSecret = 'the-current-session-secret-1111111111111';
  const [oldKey] = signingKeys(oldSecret);
  const [newKey] = signingKeys(newSecret);
  const signedBefore = signAccessToken(claims, oldKey!);
  assert.ok(verifyAccessToken(signedBefore, signingKeys(newSecret, oldSecret), { issuer: ISSUER }));
  assert.equal(verifyAccessToken(signedBefore, signingKeys(newSecret), { issuer: ISSUER }), undefined);
  assert.ok(
    verifyAccessToken(signAccessToken(claims, newKey!), signingKeys(newSecret, oldSecret), {
      issuer: ISSUER,
    }),
  );
  assert.notEqual(oldKey!.id, newKey!.id);
});
