import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeSessionCookie } from '@whatpro/chatwoot-sandbox';
import { chatwootSessionSchema } from '@whatpro/contracts';
import { parseSessionCookie, readChatwootSession, readCookie } from './cookie';

// What POST /auth/sign_in answers (lower-case headers, as axios gives them to js-cookie).
const signInHeaders = {
  'access-token': 'tok_AbC-123_xyz',
  'token-type': 'Bearer',
  client: 'cli+ent/==',
  expiry: '1893456000',
  uid: 'ana.admin@acme.test',
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'max-age=0, private, must-revalidate',
};
const expected = { access_token: 'tok_AbC-123_xyz', client: 'cli+ent/==', uid: 'ana.admin@acme.test' };

describe('cw_d_session_info', () => {
  for (const encoding of ['js-cookie', 'uri', 'raw'] as const) {
    test(`reads the devise triple from the ${encoding} encoding Chatwoot writes`, () => {
      const value = encodeSessionCookie(signInHeaders, encoding);
      const session = parseSessionCookie(value);
      assert.deepEqual(session, expected);
      assert.equal(chatwootSessionSchema.safeParse(session).success, true);
    });
  }

  test('plain JSON whose values hold a "%" still parses (no URI encoding at all)', () => {
    const value = JSON.stringify({ 'access-token': 'a%zz', client: 'c', uid: 'u@x' });
    assert.deepEqual(parseSessionCookie(value), { access_token: 'a%zz', client: 'c', uid: 'u@x' });
  });

  test('finds the cookie among others, whatever the spacing', () => {
    const value = encodeSessionCookie(signInHeaders, 'uri');
    const header = `_ga=GA1.1; cw_d_session_info=${value};user=x;  auth_data=y`;
    assert.equal(readCookie(header, 'cw_d_session_info'), value);
    assert.deepEqual(readChatwootSession(header), expected);
    assert.equal(readCookie('xcw_d_session_info=1', 'cw_d_session_info'), null);
  });

  test('no cookie, broken JSON, a missing or empty key, or an oversized value give no session', () => {
    assert.equal(readChatwootSession(''), null);
    assert.equal(readChatwootSession('other=1'), null);
    assert.equal(parseSessionCookie('%7B%22access-token'), null);
    assert.equal(parseSessionCookie('{not json'), null);
    assert.equal(parseSessionCookie('[]'), null);
    assert.equal(parseSessionCookie('null'), null);
    assert.equal(parseSessionCookie(JSON.stringify({ 'access-token': 'a', client: 'c' })), null);
    assert.equal(parseSessionCookie(JSON.stringify({ 'access-token': '', client: 'c', uid: 'u' })), null);
    assert.equal(parseSessionCookie(JSON.stringify({ 'access-token': 1, client: 'c', uid: 'u' })), null);
    const huge = JSON.stringify({ 'access-token': 'a'.repeat(513), client: 'c', uid: 'u' });
    assert.equal(parseSessionCookie(huge), null);
  });
});
