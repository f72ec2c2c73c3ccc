import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeText } from './text';

test('one-line text refuses every C0 control character, DEL and lone surrogates', () => {
  const field = safeText().max(100);
  for (const bad of [
    'a\u0000b',
    'line\nbreak',
    'cr\r',
    'tab\t',
    'esc\u001b[31m',
    'del\u007f',
    '\ud800',
    'x\udc00y',
    '\udc00\ud800',
  ]) {
    assert.equal(field.safeParse(bad).success, false, JSON.stringify(bad));
  }
  for (const good of ['Chave de integração', 'emoji 😀 ok', '日本語', '']) {
    assert.equal(field.safeParse(good).success, true, JSON.stringify(good));
  }
});

test('multi-line text keeps tab and newlines but refuses NUL, other controls and lone surrogates', () => {
  const field = safeText({ multiline: true });
  assert.equal(field.safeParse('first line\r\nsecond\tline\n').success, true);
  for (const bad of ['a\u0000b', 'bell\u0007', 'vt\u000b', '\ud83d']) {
    assert.equal(field.safeParse(bad).success, false, JSON.stringify(bad));
  }
});

test('the refusal names the problem, and length rules still chain', () => {
  const result = safeText().min(1).max(3).safeParse('a\u0000');
  assert.equal(result.success, false);
  assert.match(result.error!.issues[0]!.message, /control characters/);
  assert.equal(safeText().min(1).max(3).safeParse('abcd').success, false);
});
