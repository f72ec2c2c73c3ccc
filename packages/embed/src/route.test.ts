import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAuthPage, parseChatwootRoute, sameRoute } from './route';

describe('Chatwoot routes', () => {
  test('conversation pages give the account and the display id, in every list variant', () => {
    for (const path of [
      '/app/accounts/1/conversations/42',
      '/app/accounts/1/conversations/42/',
      '/app/accounts/1/inbox/3/conversations/42',
      '/app/accounts/1/label/vip/conversations/42',
      '/app/accounts/1/team/2/conversations/42',
      '/app/accounts/1/custom_view/7/conversations/42',
      '/app/accounts/1/mentions/conversations/42',
      '/app/accounts/1/unattended/conversations/42',
      '/app/accounts/1/participating/conversations/42',
    ]) {
      assert.deepEqual(parseChatwootRoute(path), { accountId: 1, conversationDisplayId: 42 }, path);
    }
  });

  test('other account pages give the account and no conversation', () => {
    for (const path of [
      '/app/accounts/7/dashboard',
      '/app/accounts/7',
      '/app/accounts/7/contacts/3',
      '/app/accounts/7/settings/inboxes',
    ]) {
      assert.deepEqual(parseChatwootRoute(path), { accountId: 7, conversationDisplayId: null }, path);
    }
  });

  test('pages outside an account, and malformed ids, give nothing', () => {
    for (const path of [
      '/app/login',
      '/app',
      '/app/',
      '/app/accounts/',
      '/app/accounts/abc/conversations/1',
      '/app/accounts/0/dashboard',
      '/app/accounts/99999999999/dashboard',
      '/app/accounts/1x/dashboard',
      '/super_admin',
      '/accounts/1/conversations/2',
    ]) {
      assert.equal(parseChatwootRoute(path), null, path);
    }
    assert.deepEqual(parseChatwootRoute('/app/accounts/1/conversations/0'), {
      accountId: 1,
      conversationDisplayId: null,
    });
  });

  test('the sign-in and password pages are recognised', () => {
    for (const path of ['/app/login', '/app/login/sso', '/app/auth/signup', '/app/auth/password/edit']) {
      assert.equal(isAuthPage(path), true, path);
    }
    for (const path of ['/app/accounts/1/dashboard', '/app/loginx', '/app']) {
      assert.equal(isAuthPage(path), false, path);
    }
  });

  test('sameRoute compares account and conversation', () => {
    const a = { accountId: 1, conversationDisplayId: 2 };
    assert.equal(sameRoute(a, { accountId: 1, conversationDisplayId: 2 }), true);
    assert.equal(sameRoute(a, { accountId: 1, conversationDisplayId: null }), false);
    assert.equal(sameRoute(a, null), false);
    assert.equal(sameRoute(null, null), true);
  });
});
