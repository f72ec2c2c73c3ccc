import { describe, expect, it } from 'vitest';
import { jsonResponse, stubFetch } from '../test/helpers';
import { embedBridges, embedModeForPath } from './mount';

describe('embed routes', () => {
  it('maps /embed to the panel and /embed/dashboard-app to the Dashboard App tab', () => {
    expect(embedModeForPath('/embed')).toBe('panel');
    expect(embedModeForPath('/embed/')).toBe('panel');
    expect(embedModeForPath('/embed/dashboard-app')).toBe('dashboard-app');
    expect(embedModeForPath('/embed/dashboard-app/')).toBe('dashboard-app');
    expect(embedModeForPath('/embed/stage-picker')).toBe('stage-picker');
  });

  it('leaves every other path to the full app', () => {
    for (const path of ['/', '/chat', '/embedded', '/embed/other', '/x/embed']) {
      expect(embedModeForPath(path)).toBeNull();
    }
  });

  it('starts one bridge per mode at once, and hands the route the one the entry point started', () => {
    const fetchMock = stubFetch({
      '/api/v1/platform-app/config': () =>
        jsonResponse({ error: { code: 'service_unavailable', message: 'x', request_id: 'r' } }, 503),
    });
    const bridgeFor = embedBridges();

    const panel = bridgeFor('panel');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(bridgeFor('panel')).toBe(panel);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const tab = bridgeFor('dashboard-app');
    expect(tab).not.toBe(panel);
    panel.stop();
    tab.stop();
  });
});
