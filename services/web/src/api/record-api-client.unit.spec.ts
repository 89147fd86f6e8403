import { describe, expect, it } from 'vitest';
import { createRecordApiClient } from './record-api-client';

const answering = (status: number, headers: Record<string, string>) =>
  (async () => new Response(JSON.stringify({ error: { code: 'API_ERR_RATE_LIMITED', message: 'too many requests' } }), { status, headers: { 'content-type': 'application/json', ...headers } })) as typeof fetch;

describe('the record API client', () => {
  it("keeps the wait a refusal asked for (Retry-After in seconds), and none for an HTTP date or no header", async () => {
    const send = (fetchImpl: typeof fetch) => createRecordApiClient('http://127.0.0.1:9', fetchImpl).send('token', '/v1/children', {});
    expect(await send(answering(429, { 'retry-after': '12' }))).toMatchObject({ ok: false, status: 429, code: 'API_ERR_RATE_LIMITED', retryAfterSeconds: 12 });
    expect(await send(answering(503, { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' }))).not.toHaveProperty('retryAfterSeconds');
    expect(await send(answering(429, {}))).not.toHaveProperty('retryAfterSeconds');
  });
});
