import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { GenericContainer, Wait } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptEventError, EventStoreErrorCodes, WrongExpectedRevisionError } from '../errors';
import type { EventStore } from '../port';
import { newEvent } from '../testing/contract';
import { describeEventStoreContract } from '../testing/describe-contract';
import { getEventStoreDBEventStore } from './esdb-event-store';
import { EVENT_ID_CLAIM_TYPE, claimStreamName, encodeMetadata, toEsdbStreamName } from './esdb-mapping';
import { ESDB_TEST_IMAGE, detectContainerRuntime } from './testing/docker-available';

/**
 * Runs against PLANLEDGER_ESDB_TEST_URL when set (any reachable server, e.g. the compose cluster),
 * otherwise against a single insecure node started with testcontainers. Every run writes in its own
 * namespace, so reruns against a long-lived server do not see each other's events.
 */
const externalUrl = process.env.PLANLEDGER_ESDB_TEST_URL;
const image = process.env.PLANLEDGER_ESDB_TEST_IMAGE ?? ESDB_TEST_IMAGE;
const runtime = externalUrl ? null : await detectContainerRuntime();
const skipReason = runtime && !runtime.available ? `no Docker engine: ${runtime.reason}` : null;

let server: Promise<{ connectionString: string; stop(): Promise<void> }> | null = null;

function startServer() {
  server ??= (async () => {
    if (externalUrl) return { connectionString: externalUrl, stop: async () => undefined };
    const container = await new GenericContainer(image)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        EVENTSTORE_MEM_DB: 'true',
        EVENTSTORE_CLUSTER_SIZE: '1',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .withStartupTimeout(120_000)
      .start();
    return {
      connectionString: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
      async stop() {
        await container.stop();
      },
    };
  })();
  return server;
}

afterAll(async () => {
  await (await server)?.stop();
}, 60_000);

describeEventStoreContract('eventstoredb', {
  skipReason,
  timeoutMs: 30_000,
  async setup() {
    const { connectionString } = await startServer();
    const store = getEventStoreDBEventStore({ connectionString, namespace: `contract-${randomUUID()}` });
    const forgedStores: EventStore[] = [];
    return {
      store,
      /**
       * ESDB never rewrites an event, so the forgery is a copy of the stream written straight
       * through the client (bypassing the adapter's hashing), one event altered with its old hash
       * kept, in a namespace that a second store reads as the same stream id.
       */
      async tamper(eventId, mutate) {
        const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
        const target = log.find((e) => e.eventId === eventId);
        if (!target) throw new Error(`event ${eventId} not found`);
        const events = await store.readStream(target.streamId);
        const namespace = `forged-${randomUUID()}`;
        const raw = EventStoreDBClient.connectionString(connectionString);
        try {
          await raw.appendToStream(
            toEsdbStreamName(namespace, target.streamId),
            events.map((e) => {
              const forged = e.eventId === eventId ? mutate(e) : e;
              return jsonEvent({ id: forged.eventId, type: forged.type, data: forged.data as never, metadata: encodeMetadata(forged) });
            }),
            { expectedRevision: 'no_stream' },
          );
        } finally {
          await raw.dispose();
        }
        const altered = getEventStoreDBEventStore({ connectionString, namespace });
        forgedStores.push(altered);
        return altered;
      },
      async teardown() {
        await Promise.all(forgedStores.map((s) => s.close()));
      },
    };
  },
});

describe.skipIf(Boolean(skipReason))(`eventstoredb adapter across processes${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let connectionString: string;
  let namespace: string;
  let a: EventStore;
  let b: EventStore;
  let raw: EventStoreDBClient;

  beforeAll(async () => {
    ({ connectionString } = await startServer());
    namespace = `processes-${randomUUID()}`;
    // Two stores with their own connections stand for two service replicas.
    a = getEventStoreDBEventStore({ connectionString, namespace });
    b = getEventStoreDBEventStore({ connectionString, namespace });
    raw = EventStoreDBClient.connectionString(connectionString);
  }, 180_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await raw?.dispose();
  });

  it("'any' appends racing from two stores all land, and the chain stays whole", async () => {
    const s = `plan-${randomUUID()}`;
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).append(s, [newEvent('N', { i })], 'any')));
    const events = await a.readStream(s);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect((await b.verifyStream(s)).ok).toBe(true);
  }, 30_000);

  it('an exact-revision race between two stores has one winner; the loser learns the actual revision', async () => {
    const s = `plan-${randomUUID()}`;
    await a.append(s, [newEvent()], 'no_stream');
    const results = await Promise.allSettled([a.append(s, [newEvent(), newEvent()], 0), b.append(s, [newEvent(), newEvent()], 0)]);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((lost[0]!.reason as WrongExpectedRevisionError).actual).toBe(2);
  }, 30_000);

  it('a retry through the other store returns the original result; another stream is refused', async () => {
    const s = `plan-${randomUUID()}`;
    const events = [newEvent('A'), newEvent('B')];
    const first = await a.append(s, events, 'no_stream');
    expect(await b.append(s, events, 'no_stream')).toEqual(first);
    await expect(b.append(`plan-${randomUUID()}`, [events[1]!], 'any')).rejects.toMatchObject({ code: EventStoreErrorCodes.IDEMPOTENCY_CONFLICT });
  }, 30_000);

  it('a claim left by an append that never landed keeps the id for its stream: other streams are refused, its own retry lands', async () => {
    const s = `plan-${randomUUID()}`;
    const orphan = newEvent('Orphan');
    // What a process that crashed between claiming and appending leaves behind.
    await raw.appendToStream(claimStreamName(namespace, orphan.eventId), jsonEvent({ type: EVENT_ID_CLAIM_TYPE, data: { streamId: s } }), {
      expectedRevision: 'no_stream',
    });
    await expect(a.append(`plan-${randomUUID()}`, [orphan], 'any')).rejects.toMatchObject({ code: EventStoreErrorCodes.IDEMPOTENCY_CONFLICT });
    const result = await b.append(s, [orphan], 'no_stream');
    expect(result.events).toEqual([{ eventId: orphan.eventId, revision: 0, globalPosition: expect.any(Number) }]);
  }, 30_000);

  it('the same id with other content in the same stream is refused, though the server itself would call it idempotent', async () => {
    const s = `plan-${randomUUID()}`;
    const event = newEvent('A', { i: 1 });
    await a.append(s, [event], 'no_stream');
    await expect(b.append(s, [{ ...event, data: { i: 2 } }], 'no_stream')).rejects.toMatchObject({ code: EventStoreErrorCodes.IDEMPOTENCY_CONFLICT });
    expect((await a.readStream(s)).map((e) => e.data)).toEqual([{ i: 1 }]);
  }, 30_000);

  it('ids in upper case are stored, returned and retried in lower case', async () => {
    const s = `plan-${randomUUID()}`;
    const upper = { ...newEvent(), eventId: randomUUID().toUpperCase() };
    const first = await a.append(s, [upper], 'no_stream');
    expect(first.events[0]!.eventId).toBe(upper.eventId.toLowerCase());
    expect(await b.append(s, [upper], 'no_stream')).toEqual(first);
    expect(await a.readStream(s)).toHaveLength(1);
  }, 30_000);

  it("a one-event append's position, taken from the server's answer, is the one readAll reports", async () => {
    const s = `plan-${randomUUID()}`;
    const start = await a.headPosition();
    const result = await a.append(s, [newEvent()], 'no_stream');
    const [read] = (await b.readAll({ after: start })).filter((e) => e.streamId === s);
    expect(read?.globalPosition).toBe(result.lastGlobalPosition);
  }, 30_000);

  it('events of one append get distinct positions that readAll returns in the same order', async () => {
    const s = `plan-${randomUUID()}`;
    const start = await a.headPosition();
    const result = await a.append(s, [newEvent(), newEvent(), newEvent()], 'no_stream');
    const log = (await b.readAll({ after: start })).filter((e) => e.streamId === s);
    expect(log.map((e) => e.globalPosition)).toEqual(result.events.map((e) => e.globalPosition));
    expect(new Set(log.map((e) => e.globalPosition)).size).toBe(3);
  }, 30_000);

  it('raises on an event of its own namespace that it cannot decode, and leaves other namespaces out', async () => {
    const own = `undecodable-${randomUUID()}`;
    const c = getEventStoreDBEventStore({ connectionString, namespace: own });
    try {
      const start = await a.headPosition();
      await raw.appendToStream(toEsdbStreamName(`other-${randomUUID()}`, 'plan-1'), jsonEvent({ type: 'SomethingElse', data: { x: 1 } }));
      expect(await c.readAll({ after: start })).toEqual([]);
      await raw.appendToStream(toEsdbStreamName(own, `plan-${randomUUID()}`), jsonEvent({ type: 'SomethingElse', data: { x: 1 } }));
      await expect(c.readAll({ after: start })).rejects.toBeInstanceOf(CorruptEventError);
    } finally {
      await c.close();
    }
  }, 30_000);
});
