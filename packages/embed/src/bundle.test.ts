import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { bundleText } from '../build';
import { findStarTargets } from './testing/post-message-scan';

const BUDGET_BYTES = 15 * 1024;

describe('the built Dashboard Script', () => {
  test(`stays under ${BUDGET_BYTES / 1024} kB gzipped`, async (t) => {
    const text = await bundleText();
    const gzipped = gzipSync(text, { level: 9 }).length;
    t.diagnostic(`embed.js: ${text.length} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_BYTES})`);
    assert.ok(gzipped < BUDGET_BYTES, `${gzipped} bytes gzipped is over the budget`);
  });

  test('is one self-contained IIFE that bundles no zod and posts to no "*"', async () => {
    const text = await bundleText();
    assert.match(text, /^"use strict";\(\(\)=>\{/);
    assert.doesNotMatch(text, /\b(?:require|import)\s*\(/);
    assert.doesNotMatch(text, /ZodError|\$ZodType/);
    assert.ok(text.includes('postMessage('));
    assert.deepEqual(findStarTargets(text), []);
  });
});
