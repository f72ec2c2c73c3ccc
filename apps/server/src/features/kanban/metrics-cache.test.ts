// The metrics cache on its own, with computations the test settles by hand: which request shares which
// computation, and that none is answered by a computation that started before its version.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MetricsSnapshot } from './metrics';
import { MetricsCache } from './metrics-cache';

/** A computation the test ends; its snapshot names the computation, so an answer says where it came from. */
function computations() {
  const started: { name: string; finish: () => void; fail: () => void }[] = [];
  const compute = (name: string) => () =>
    new Promise<MetricsSnapshot>((resolve, reject) => {
      started.push({
        name,
        finish: () => resolve({ computedBy: name } as unknown as MetricsSnapshot),
        fail: () => reject(new Error(`${name} failed`)),
      });
    });
  return { started, compute };
}

const by = (snapshot: MetricsSnapshot) => (snapshot as unknown as { computedBy: string }).computedBy;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('metrics cache', () => {
  test('requests at the version being computed share its computation', async () => {
    const cache = new MetricsCache(10);
    const { started, compute } = computations();
    const first = cache.get('board', 1, compute('a'));
    const second = cache.get('board', 1, compute('b'));
    await settle();
    assert.deepEqual(
      started.map((c) => c.name),
      ['a'],
    );
    started[0]!.finish();
    assert.deepEqual([by(await first), by(await second)], ['a', 'a']);
    assert.equal(
      by(await cache.get('board', 1, compute('c'))),
      'a',
      'a finished computation answers its version',
    );
  });

  test('newer requests wait for the running computation and share one that starts after it', async () => {
    const cache = new MetricsCache(10);
    const { started, compute } = computations();
    const atOne = cache.get('board', 1, compute('a'));
    const atTwo = cache.get('board', 2, compute('b'));
    const atThree = cache.get('board', 3, compute('c'));
    await settle();
    assert.deepEqual(
      started.map((c) => c.name),
      ['a'],
      'nothing more runs beside the running computation',
    );
    started[0]!.finish();
    assert.equal(by(await atOne), 'a');
    await settle();
    assert.deepEqual(
      started.map((c) => c.name),
      ['a', 'b'],
      'one computation for both waiting requests, started once the first ended',
    );
    started[1]!.finish();
    assert.deepEqual([by(await atTwo), by(await atThree)], ['b', 'b']);
    // It started after both versions were read, so it answers the highest of them.
    assert.equal(by(await cache.get('board', 3, compute('d'))), 'b');
    assert.equal(by(await cache.get('board', 2, compute('e'))), 'b', 'an older version takes a newer answer');
  });

  test('a request arriving after the waiting computation started is not answered by it', async () => {
    const cache = new MetricsCache(10);
    const { started, compute } = computations();
    const atOne = cache.get('board', 1, compute('a'));
    const atTwo = cache.get('board', 2, compute('b'));
    started[0]!.finish();
    await atOne;
    await settle();
    assert.deepEqual(
      started.map((c) => c.name),
      ['a', 'b'],
    );
    // Version 3 was committed after b began: b may not have seen it.
    const atThree = cache.get('board', 3, compute('c'));
    await settle();
    assert.equal(started.length, 2, 'it waits for b instead of running beside it');
    started[1]!.finish();
    assert.equal(by(await atTwo), 'b');
    await settle();
    started[2]!.finish();
    assert.equal(by(await atThree), 'c');
  });

  test('a failed computation is not shared: its waiters compute on their own and the next request starts anew', async () => {
    const cache = new MetricsCache(10);
    const { started, compute } = computations();
    const first = cache.get('board', 1, compute('a'));
    const sharing = cache.get('board', 1, compute('b'));
    await settle();
    started[0]!.fail();
    await assert.rejects(first, /a failed/);
    await settle();
    assert.deepEqual(
      started.map((c) => c.name),
      ['a', 'b'],
    );
    started[1]!.finish();
    assert.equal(by(await sharing), 'b');
    const next = cache.get('board', 1, compute('c'));
    await settle();
    assert.equal(started.length, 3, 'the failure was not kept');
    started[2]!.finish();
    assert.equal(by(await next), 'c');
  });

  test('keys do not share, and the least recently used key leaves first', async () => {
    const cache = new MetricsCache(2);
    const { started, compute } = computations();
    const answers = [
      cache.get('one', 1, compute('a')),
      cache.get('two', 1, compute('b')),
      cache.get('one', 1, compute('x')),
      cache.get('three', 1, compute('c')),
    ];
    await settle();
    for (const computation of started) computation.finish();
    assert.deepEqual((await Promise.all(answers)).map(by), ['a', 'b', 'a', 'c']);
    assert.equal(by(await cache.get('one', 1, compute('d'))), 'a', '"one" was used last, so "two" left');
    const again = cache.get('two', 1, compute('e'));
    await settle();
    started.at(-1)!.finish();
    assert.equal(by(await again), 'e');
  });
});
