import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPeople } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWeb } from '../build-web';
import { createWebLogger } from '../logger';

/** A page's templates are read and compiled on its first render only; later renders reuse them. */
describe('templates', () => {
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'planledger-web-templates-'));
    app = await buildWeb({
      recordApiUrl: 'http://127.0.0.1:9',
      queryApiUrl: 'http://127.0.0.1:9',
      signIn: { mode: 'local', identity: await getLocalIdentity({ dataDir }), people: demoPeople },
      logger: createWebLogger(undefined, 'silent'),
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
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
