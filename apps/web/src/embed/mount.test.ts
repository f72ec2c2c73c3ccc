import { describe, expect, it } from 'vitest';
import { embedModeForPath } from './mount';

describe('embed routes', () => {
  it('maps /embed to the panel and /embed/dashboard-app to the Dashboard App tab', () => {
    expect(embedModeForPath('/embed')).toBe('panel');
    expect(embedModeForPath('/embed/')).toBe('panel');
    expect(embedModeForPath('/embed/dashboard-app')).toBe('dashboard-app');
    expect(embedModeForPath('/embed/dashboard-app/')).toBe('dashboard-app');
  });

  it('leaves every other path to the full app', () => {
    for (const path of ['/', '/chat', '/embedded', '/embed/other', '/x/embed']) {
      expect(embedModeForPath(path)).toBeNull();
    }
  });
});
