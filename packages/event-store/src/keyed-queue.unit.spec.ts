import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('keyed queue', () => {
  it('runs tasks of one key one at a time, in the order queued', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => queue.run('plan-1', task(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different keys side by side', async () => {
    const queue = createKeyedQueue();
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
    };
    await Promise.all([queue.run('plan-1', task), queue.run('plan-2', task), queue.run('plan-3', task)]);
    expect(most).toBe(3);
  });

  it('keeps going after a failed task and hands the failure to its caller only', async () => {
    const queue = createKeyedQueue();
    const failed = queue.run('plan-1', async () => {
      throw new Error('conflict');
    });
    const next = queue.run('plan-1', async () => 'written');
    await expect(failed).rejects.toThrow('conflict');
    await expect(next).resolves.toBe('written');
  });

  it('forgets a key once its queue is empty', async () => {
    const queue = createKeyedQueue();
    const pending = queue.run('plan-1', async () => tick());
    expect(queue.size).toBe(1);
    await pending;
    await tick();
    expect(queue.size).toBe(0);
  });
});
