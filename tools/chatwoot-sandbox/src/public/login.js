// Chatwoot's login: POST /auth/sign_in, then store every response header as JSON in the
// `cw_d_session_info` cookie (what `setAuthCredentials` does), in the configured encoding.
(() => {
  const config = JSON.parse(document.getElementById('sandbox-config').textContent);
  const form = document.getElementById('login-form');
  const errorBox = document.getElementById('login-error');
  const params = new URLSearchParams(window.location.search);
  const DEVISE_KEYS = ['access-token', 'token-type', 'client', 'expiry', 'uid'];
  // js-cookie v3 writes these characters back literally after percent-encoding.
  const JS_COOKIE_LITERALS = new Set('#$&+/:<=>?@[]^`{|}');

  function jsCookieEncode(value) {
    return encodeURIComponent(value).replace(/%([0-7][0-9A-F])/g, (sequence, hex) => {
      const char = String.fromCharCode(Number.parseInt(hex, 16));
      return JS_COOKIE_LITERALS.has(char) ? char : sequence;
    });
  }

  function deviseOnly(headers) {
    const minimal = {};
    for (const key of DEVISE_KEYS) if (headers[key] !== undefined) minimal[key] = headers[key];
    return minimal;
  }

  function writeSessionCookie(headers) {
    if (config.cookieEncoding === 'uri') {
      // The MFA path: five devise headers, fully URI-encoded, session cookie.
      // biome-ignore lint/suspicious/noDocumentCookie: Chatwoot's MFA login writes the cookie exactly like this.
      document.cookie = `cw_d_session_info=${encodeURIComponent(JSON.stringify(deviseOnly(headers)))}; path=/; SameSite=Lax`;
      return;
    }
    // `raw` keeps only the devise headers: others contain `;`, which would end an unencoded cookie.
    const value =
      config.cookieEncoding === 'raw'
        ? JSON.stringify(deviseOnly(headers))
        : jsCookieEncode(JSON.stringify(headers));
    // js-cookie's `expires` is a whole number of days (differenceInDays of the token expiry).
    const days = Math.floor((Number(headers.expiry) * 1000 - Date.now()) / 86_400_000);
    const expires = new Date(Date.now() + days * 86_400_000).toUTCString();
    // biome-ignore lint/suspicious/noDocumentCookie: readers parse the raw cookie string, so it is written by hand.
    document.cookie = `cw_d_session_info=${value}; path=/; expires=${expires}; SameSite=Lax`;
  }

  async function signIn(body) {
    errorBox.textContent = '';
    const response = await fetch('/auth/sign_in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) {
      errorBox.textContent = data.errors?.[0] || 'Login failed';
      return;
    }
    const headers = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    writeSessionCookie(headers);
    const target = params.get('redirect') || `/app/accounts/${data.data.account_id}/dashboard`;
    window.location.assign(target);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    signIn({ email: fields.get('email'), password: fields.get('password') });
  });

  for (const button of document.querySelectorAll('[data-email]')) {
    button.addEventListener('click', () => {
      form.elements.email.value = button.dataset.email;
      form.elements.password.value = button.dataset.password;
    });
  }

  // Platform SSO links: /app/login?email=…&sso_auth_token=… signs in without a password.
  if (params.get('email') && params.get('sso_auth_token')) {
    signIn({ email: params.get('email'), sso_auth_token: params.get('sso_auth_token') });
  }
})();
