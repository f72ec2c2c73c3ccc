import { describe, expect, it } from 'vitest';
import { signedLinkFreshFor } from './format';

describe('signedLinkFreshFor', () => {
  const now = Date.parse('2026-12-02T10:00:00.000Z');

  it('keeps a link until half a minute before it expires', () => {
    expect(signedLinkFreshFor({ url_expires_at: '2026-12-02T10:05:00.000Z' }, now)).toBe(270_000);
  });

  it('renews a link that expires within the margin or already expired', () => {
    expect(signedLinkFreshFor({ url_expires_at: '2026-12-02T10:00:20.000Z' }, now)).toBe(0);
    expect(signedLinkFreshFor({ url_expires_at: '2026-12-02T09:59:00.000Z' }, now)).toBe(0);
  });
});
