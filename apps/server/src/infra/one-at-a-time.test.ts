import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OneAtATime } from './one-at-a-time';

/** A task that records when it starts and ends, and ends when the test says so. */
function heldTask(log: string[], name: string) {
  let finish!: (failed?: boolean) => void;
  const task = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve, reject) => {
      finish = (failed) => {
        log.push(`end ${name}`);
        if (failed) reject(new Error(name));
        else resolve(name);
      };
    });
  };
  return { task, finish: (failed?: boolean) => finish(failed) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('one at a time per key', () => {
  test('tasks of one key run in the order given, each after the one before has settled, even a failed one', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const first = heldTask(log, 'a1');
    const second = heldTask(log, 'a2');
    const third = heldTask(log, 'a3');
    const results = [first, second, third].map((held) => queue.run('a', held.task));
    await settled();
    assert.deepEqual(log, ['start a1']);
    first.finish(true);
    await assert.rejects(results[0]!, /a1/);
    await settled();
    second.finish();
    assert.equal(await results[1], 'a2');
    await settled();
    third.finish();
    assert.equal(await results[2], 'a3');
    assert.deepEqual(log, ['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
  });

  test('tasks of different keys do not wait for each other, and idle() waits for all of them', async () => {
    const queue = new OneAtATime();
    const log: string[] = [];
    const ofA = heldTask(log, 'a');
    const ofB = heldTask(log, 'b');
    const results = [queue.run('a', ofA.task), queue.run('b', ofB.task)];
    await settled();
    assert.deepEqual(log, ['start a', 'start b']);
    let idle = false;
    const waiting = queue.idle().then(() => {
      idle = true;
    });
    ofB.finish();
    assert.equal(await results[1], 'b');
    await settled();
    assert.equal(idle, false, 'a is still running');
    ofA.finish(true);
    await assert.rejects(results[0]!);
    await waiting;
    assert.equal(idle, true);
  });
});
