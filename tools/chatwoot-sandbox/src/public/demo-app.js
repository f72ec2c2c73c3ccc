// The built-in demo Dashboard App: shows every appContext it receives and can ask for a refresh.
(() => {
  let count = 0;
  window.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message.event !== 'appContext') return;
    count += 1;
    document.getElementById('count').textContent = String(count);
    document.getElementById('context').textContent = JSON.stringify(message.data, null, 2);
    if (message.data.theme) document.body.classList.toggle('dark', message.data.theme === 'dark');
  });
  document.getElementById('fetch-info').addEventListener('click', () => {
    window.parent.postMessage('chatwoot-dashboard-app:fetch-info', '*');
  });
})();
