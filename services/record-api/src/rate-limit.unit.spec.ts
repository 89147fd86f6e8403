import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('lets each caller make max requests a window, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ max: 2, windowMs: 10_000 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(10);
    now += 7_500;
    expect(limiter.take('a')).toBe(3);
    now += 2_500;
    expect(limiter.take('a')).toBe(0);
  });

  it('does nothing when max is 0', () => {
    const limiter = createRateLimiter({ max: 0, windowMs: 1 });
    expect(Array.from({ length: 1000 }, () => limiter.take('a')).every((wait) => wait === 0)).toBe(true);
  });
});
