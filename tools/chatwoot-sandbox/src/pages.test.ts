import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeSessionCookie, jsCookieEncode } from './cookie.js';
import type { Sandbox } from './server.js';
import { call, testSandbox } from './testing.js';

const SCRIPT = 'http://127.0.0.1:4999/embed.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await testSandbox({ dashboardScriptUrl: SCRIPT });
});
after(() => sandbox.close());
beforeEach(() => sandbox.control.reset());

function cookieValue(setCookie: string | null): string {
  const match = /^cw_d_session_info=([^;]*)/.exec(setCookie ?? '');
  assert.ok(match, `a cw_d_session_info cookie in ${setCookie}`);
  return match[1]!;
}

describe('host pages', () => {
  it('injects the Dashboard Script as the last thing in <body> of the dashboard', async () => {
    for (const path of ['/app/accounts/1/dashboard', '/app/accounts/1/conversations/3']) {
      const res = await call(sandbox, path, { headers: { Accept: 'text/html' } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      const tail = res.text.slice(res.text.lastIndexOf('<script'));
      assert.ok(tail.startsWith(`<script src="${SCRIPT}"></script>`), 'the configured script comes last');
      assert.ok(res.text.indexOf('/packs/sandbox/dashboard.js') < res.text.indexOf(SCRIPT));
      assert.match(res.text, /<body class="text-slate-600">/);
    }
  });

  it('injects raw DASHBOARD_SCRIPTS HTML verbatim', async () => {
    sandbox.control.configure({ dashboardScripts: '<script>window.hubLoaded = true</script>' });
    const res = await call(sandbox, '/app/accounts/1/dashboard');
    assert.ok(res.text.includes('<script>window.hubLoaded = true</script>\n</body>'));
  });

  it('loads the script on the login page too, as Chatwoot does, unless switched off', async () => {
    const login = await call(sandbox, '/app/login');
    assert.equal(login.status, 200);
    assert.ok(login.text.includes(SCRIPT));
    assert.ok(login.text.indexOf('/packs/sandbox/login.js') < login.text.indexOf(SCRIPT));
    sandbox.control.configure({ dashboardScriptOnLogin: false });
    assert.ok(!(await call(sandbox, '/app/login')).text.includes(SCRIPT));
  });

  it("states the page's locale as Chatwoot does: no <html lang>, chatwootConfig.selectedLocale, ?locale= first", async () => {
    for (const path of ['/app/login', '/app/accounts/1/conversations/3']) {
      const page = await call(sandbox, path);
      assert.match(page.text, /<html>/);
      assert.ok(page.text.includes('window.chatwootConfig = {"selectedLocale":"pt_BR"};'), path);
      const english = await call(sandbox, `${path}?locale=en`);
      assert.ok(english.text.includes('window.chatwootConfig = {"selectedLocale":"en"};'), path);
    }
    const hostile = await call(sandbox, '/app/accounts/1/dashboard?locale=%3C/script%3E');
    assert.ok(hostile.text.includes('{"selectedLocale":"pt_BR"}'));
  });

  it('passes the app-context mode to the page', async () => {
    sandbox.control.configure({ appContextMode: 'latest' });
    const res = await call(sandbox, '/app/accounts/1/dashboard');
    assert.match(res.text, /"appContextMode":"latest"/);
  });

  it('serves the page assets and the demo Dashboard App', async () => {
    for (const asset of ['dashboard.js', 'dashboard.css', 'login.js', 'demo-app.js']) {
      const res = await call(sandbox, `/packs/sandbox/${asset}`);
      assert.equal(res.status, 200, asset);
    }
    assert.equal((await call(sandbox, '/packs/sandbox/secret.txt')).status, 404);
    const demo = await call(sandbox, '/__sandbox/dashboard-app');
    assert.ok(demo.text.includes('chatwoot-dashboard-app') || demo.text.includes('demo-app.js'));
  });

  it('redirects / to /app and answers unknown pages with HTML 404', async () => {
    const root = await call(sandbox, '/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/app');
    const missing = await call(sandbox, '/nowhere', { headers: { Accept: 'text/html' } });
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /text\/html/);
  });
});

describe('direct login for tests', () => {
  it('sets cw_d_session_info in js-cookie encoding by default and redirects', async () => {
    const res = await call(
      sandbox,
      '/__sandbox/login?email=bruno.agent@acme.test&redirect=/app/accounts/1/conversations/1',
    );
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/app/accounts/1/conversations/1');
    const setCookie = res.headers.get('set-cookie');
    assert.match(setCookie ?? '', /; path=\/; expires=[^;]+; SameSite=Lax$/);
    assert.doesNotMatch(setCookie ?? '', /HttpOnly/i);
    const value = cookieValue(setCookie);
    assert.ok(value.startsWith('{%22'), 'js-cookie keeps braces and colons readable');
    assert.ok(value.includes('%22:%22'));
    const session = decodeSessionCookie(value);
    assert.equal(session.uid, 'bruno.agent@acme.test');
    assert.equal(session['token-type'], 'Bearer');
    assert.equal(session['content-type'], 'application/json; charset=utf-8', 'all sign-in headers are kept');
    const profile = await call<{ email: string }>(sandbox, '/api/v1/profile', {
      headers: { 'access-token': session['access-token']!, client: session.client!, uid: session.uid! },
    });
    assert.equal(profile.json.email, 'bruno.agent@acme.test');
  });

  it('writes the MFA-style URI-encoded cookie with only the devise keys', async () => {
    const res = await call(sandbox, '/__sandbox/login?user_id=2&encoding=uri');
    const setCookie = res.headers.get('set-cookie');
    assert.doesNotMatch(setCookie ?? '', /expires=/, 'a session cookie, like the MFA path');
    const value = cookieValue(setCookie);
    assert.ok(value.startsWith('%7B%22access-token%22%3A'));
    assert.deepEqual(Object.keys(decodeSessionCookie(value)), [
      'access-token',
      'token-type',
      'client',
      'expiry',
      'uid',
    ]);
    assert.equal(res.headers.get('location'), '/app/accounts/1/dashboard');
  });

  it('can write the devise JSON unencoded, and uses the configured default encoding', async () => {
    sandbox.control.configure({ cookieEncoding: 'raw' });
    const res = await call(sandbox, '/__sandbox/login?email=carla@whatpro.test');
    const value = cookieValue(res.headers.get('set-cookie'));
    assert.ok(value.startsWith('{"access-token":"'));
    assert.equal(JSON.parse(value).uid, 'carla@whatpro.test');
  });

  it('refuses open redirects and unknown users', async () => {
    const res = await call(sandbox, '/__sandbox/login?email=ana.admin@acme.test&redirect=//evil.test/');
    assert.equal(res.headers.get('location'), '/app/accounts/1/dashboard');
    assert.equal((await call(sandbox, '/__sandbox/login?email=nobody@x.test')).status, 404);
  });

  it('builds login URLs from the control API', async () => {
    const url = sandbox.control.loginUrl({
      email: 'eva.agent@acme.test',
      redirect: '/app/accounts/1/conversations/6',
    });
    const res = await fetch(url, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/app/accounts/1/conversations/6');
  });
});

describe('js-cookie encoding', () => {
  it('percent-encodes quotes, commas and spaces but keeps JSON punctuation readable', () => {
    assert.equal(jsCookieEncode('{"a":"b c","d":[1,2]}'), '{%22a%22:%22b%20c%22%2C%22d%22:[1%2C2]}');
    assert.equal(jsCookieEncode('é'), '%C3%A9');
    assert.equal(decodeURIComponent(jsCookieEncode('{"x":"#$&+/<=>?@^`|"}')), '{"x":"#$&+/<=>?@^`|"}');
  });
});
