import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { webWithoutApis } from '../testing/web-without-apis';

/** A page's templates are read and compiled on its first render only; later renders reuse them. */
describe('templates', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await webWithoutApis('templates'));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await close?.();
  });

  it('are read from disk and compiled once, not on every request', async () => {
    const reads = vi.spyOn(nunjucks.FileSystemLoader.prototype, 'getSource');
    const pages = ['/sign-in', '/accessibility', '/sign-in?ended=1'];
    for (const url of pages) expect((await app.inject({ url })).body).toContain('govuk-template__body');
    const afterFirst = reads.mock.calls.length;
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) for (const url of pages) await app.inject({ url });
    expect(reads.mock.calls.length).toBe(afterFirst);
  });
});
