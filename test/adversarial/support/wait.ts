import { randomUUID } from 'node:crypto';
import { graphql } from './graphql-client';
import type { HttpClient } from './http-client';
import type { RecordSide } from './record-side';
import type { ServiceProcess } from './service-process';
import type { Caller } from '@planledger/domain';

/** Polls `probe` until it returns something truthy, and returns that; fails naming `what` after the deadline. */
export async function waitUntil<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Waits until the query API has written every log line of the requests answered so far: sends a read
 * of a child that does not exist under a fresh correlation id and waits for the line naming it. The
 * process writes its lines in order, so any line of an earlier request is in `query.lines` by then.
 */
export async function queryLogFlushed(client: HttpClient, query: ServiceProcess, as: Caller): Promise<void> {
  const correlationId = randomUUID();
  await graphql(client, query.url, `{ child(id: "${randomUUID()}") { id } }`, { as, headers: { 'x-correlation-id': correlationId } });
  await waitUntil(() => query.lines.some((line) => line.includes(correlationId)), `the query API's log line for correlation id ${correlationId}`);
}

/**
 * The same for the record API: a registration the auditor may not make (refused, nothing written),
 * under a fresh correlation id, and its `request completed` line awaited.
 */
export async function recordLogFlushed(side: RecordSide): Promise<void> {
  const correlationId = randomUUID();
  await side.send('/v1/children', { as: 'auditor', body: {}, headers: { 'x-correlation-id': correlationId } });
  await waitUntil(() => side.api.lines.some((line) => line.includes(correlationId)), `the record API's log line for correlation id ${correlationId}`);
}
