import { getMemoryEventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildQueryApi } from '../build-query-api';
import { createQueryApiLogger } from '../logger';
import { buildQueryServer } from './build-query-server';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function server(trustedProxies?: readonly string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-query-server-'));
  const identity = await getLocalIdentity({ dataDir });
  const api = buildQueryApi({ store: getMemoryEventStore(), identity, logger: createQueryApiLogger(undefined, 'silent'), development: false });
  const app = await buildQueryServer(api, identity, { ipRateLimit: { max: 2, windowMs: 60_000 }, rateLimit: { max: 0, windowMs: 60_000 }, ...(trustedProxies ? { trustedProxies } : {}) });
  cleanups.push(async () => {
    await app.close();
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return app;
}

/** Statuses of operations with no token (401, counted by the per-address limit first) sent by a proxy on 127.0.0.1 for each address in turn. */
async function statusesFor(app: Awaited<ReturnType<typeof server>>, addresses: readonly string[]) {
  const statuses: number[] = [];
  for (const address of addresses) {
    const answer = await app.inject({ method: 'POST', url: '/graphql', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': address, 'content-type': 'application/json' }, payload: { query: '{ readModels { ready } }' } });
    statuses.push(answer.statusCode);
  }
  return statuses;
}

describe('the per-address limit behind a proxy', () => {
  it('counts each person a trusted proxy names (the web service, Caddy before the replicas), and ignores the header from anyone else', async () => {
    expect(await statusesFor(await server(['127.0.0.1']), ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([401, 401, 429, 401]);
    expect(await statusesFor(await server(), ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([401, 401, 429]);
  });
});
