import assert from 'node:assert/strict';
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import {
  ACCESS_AUDIENCE,
  type AccessClaims,
  signAccessToken,
  signingKeys,
  verifyAccessToken,
} from './tokens';

const ISSUER = 'https://hub.example.com';
const SECRET = 'the-current-session-secret-1111111111111';
const now = Math.floor(Date.now() / 1000);
const claims: AccessClaims = {
  iss: ISSUER,
  aud: ACCESS_AUDIENCE,
  sub: 'user',
  sid: 'session',
  typ: 'access',
  iat: now,
  exp: now + 900,
};
const [key] = signingKeys(SECRET);
const verify = (token: string, options: { now?: number } = {}) =>
  verifyAccessToken(token, signingKeys(SECRET), { issuer: ISSUER, ...options });
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token assembled by hand, as an attacker would, signed with HMAC-SHA256 over whatever secret is given. */
const handMade = (header: object, payload: object, secret: Buffer | string = key!.secret) => {
  const signingInput = `${encode(header)}.${encode(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
};

test('a signed token verifies and carries exactly the claims issued, with the key id in its header', async () => {
  const token = await signAccessToken(claims, key!);
  assert.deepEqual(await verify(token), claims);
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT', kid: key!.id });
});

test('key rotation by key id: tokens signed before a rotation verify while the previous secret is configured', async () => {
  const oldSecret = 'the-previous-session-secret-000000000000';
  const [oldKey] = signingKeys(oldSecret);
  const signedBefore = await signAccessToken(claims, oldKey!);
  assert.ok(await verifyAccessToken(signedBefore, signingKeys(SECRET, oldSecret), { issuer: ISSUER }));
  assert.equal(await verifyAccessToken(signedBefore, signingKeys(SECRET), { issuer: ISSUER }), undefined);
  assert.ok(
    await verifyAccessToken(await signAccessToken(claims, key!), signingKeys(SECRET, oldSecret), {
      issuer: ISSUER,
    }),
  );
  assert.notEqual(oldKey!.id, key!.id);
});

test('expiry: refused at and after exp, and when issued in the future beyond the clock skew', async () => {
  const token = await signAccessToken(claims, key!);
  assert.ok(await verify(token, { now: claims.exp - 1 }));
  assert.equal(await verify(token, { now: claims.exp }), undefined);
  assert.equal(await verify(token, { now: claims.exp + 3600 }), undefined);
  const future = await signAccessToken({ ...claims, iat: now + 3600, exp: now + 7200 }, key!);
  assert.equal(await verify(future), undefined);
});

test('wrong key, wrong issuer, wrong audience, wrong kind and a tampered payload are refused', async () => {
  const [otherKey] = signingKeys('some-other-session-secret-222222222222');
  const foreign = await signAccessToken(claims, { id: key!.id, secret: otherKey!.secret });
  assert.equal(await verify(foreign), undefined, 'right kid, wrong secret');
  assert.equal(await verify(await signAccessToken(claims, otherKey!)), undefined, 'unknown kid');
  for (const variant of [
    { ...claims, iss: 'https://evil.example' },
    { ...claims, aud: 'whatpro-hub:instance-exchange' },
    { ...claims, typ: 'refresh' },
  ]) {
    const token = await signAccessToken(variant as AccessClaims, key!);
    assert.equal(await verify(token), undefined, JSON.stringify(variant));
  }
  const [header, , signature] = (await signAccessToken(claims, key!)).split('.');
  const tampered = `${header}.${encode({ ...claims, sub: 'admin' })}.${signature}`;
  assert.equal(await verify(tampered), undefined);
});

test('algorithm confusion: none, HS512, RS256 and an RSA public key used as an HMAC secret are refused', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const base = { typ: 'JWT', kid: key!.id };
  const unsigned = `${encode({ ...base, alg: 'none' })}.${encode(claims)}.`;
  const hs512 = (() => {
    const signingInput = `${encode({ ...base, alg: 'HS512' })}.${encode(claims)}`;
    return `${signingInput}.${createHmac('sha512', key!.secret).update(signingInput).digest('base64url')}`;
  })();
  const rs256 = (() => {
    const signingInput = `${encode({ ...base, alg: 'RS256' })}.${encode(claims)}`;
    return `${signingInput}.${createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url')}`;
  })();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  const publicKeyAsHmacSecret = handMade({ ...base, alg: 'HS256' }, claims, publicPem);
  for (const token of [unsigned, hs512, rs256, publicKeyAsHmacSecret]) {
    assert.equal(await verify(token), undefined, token.slice(0, 40));
  }
  assert.ok(await verify(handMade({ ...base, alg: 'HS256' }, claims)), 'the control token verifies');
});

test('header fields that point at keys, oversize tokens and garbage are refused without throwing', async () => {
  const base = { alg: 'HS256', typ: 'JWT', kid: key!.id };
  for (const extra of [
    { jku: 'https://evil.example/keys' },
    { jwk: { kty: 'oct', k: 'AAAA' } },
    { x5u: 'https://evil.example/cert' },
    { x5c: ['AAAA'] },
    { crit: ['exp'] },
  ]) {
    assert.equal(await verify(handMade({ ...base, ...extra }, claims)), undefined, JSON.stringify(extra));
  }
  for (const token of ['x'.repeat(5000), 'garbage', 'a.b.c', '..', `${encode(base)}.${encode(claims)}`]) {
    assert.equal(await verify(token), undefined, token.slice(0, 40));
  }
});
