import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope, NewEvent } from '../envelope';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import type { EventStore } from '../port';
import { newEvent } from '../testing/contract';
import { describeEventStoreContract } from '../testing/describe-contract';
import { getEventStoreDBEventStore } from './esdb-event-store';
import { encodeMetadata, toEsdbStreamName } from './esdb-mapping';
import { startTestCluster, type TestCluster } from './testing/cluster';
import { detectContainerRuntime } from './testing/docker-available';

/**
 * A secure three-node cluster in containers, reached with the seed-list connection string as the
 * non-admin service user (no group; read on $all through its ACL): the contract suite, then a
 * failover run with the leader killed mid-way. Runs wherever a Docker engine answers; reported
 * skipped, with the reason, where none does. PLANLEDGER_ESDB_TEST_IMAGE picks the server image.
 */
const runtime = await detectContainerRuntime();
const skipReason = runtime.available ? null : `no Docker engine: ${runtime.reason}`;

let cluster: Promise<TestCluster> | null = null;
const startCluster = () => (cluster ??= startTestCluster());

afterAll(async () => {
  await (await cluster)?.stop();
}, 120_000);

describeEventStoreContract('eventstoredb three-node cluster, as the non-admin service user', {
  skipReason,
  timeoutMs: 60_000,
  async setup() {
    const { serviceConnectionString } = await startCluster();
    const store = getEventStoreDBEventStore({ connectionString: serviceConnectionString, namespace: `contract-${randomUUID()}` });
    const forged: EventStore[] = [];
    return {
      store,
      async tamper(eventId, mutate) {
        const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
        const target = log.find((e) => e.eventId === eventId);
        if (!target) throw new Error(`event ${eventId} not found`);
        const namespace = `forged-${randomUUID()}`;
        const raw = EventStoreDBClient.connectionString(serviceConnectionString);
        try {
          await raw.appendToStream(
            toEsdbStreamName(namespace, target.streamId),
            (await store.readStream(target.streamId)).map((e) => {
              const f = e.eventId === eventId ? mutate(e) : e;
              return jsonEvent({ id: f.eventId, type: f.type, data: f.data as never, metadata: encodeMetadata(f) });
            }),
            { expectedRevision: 'no_stream' },
          );
        } finally {
          await raw.dispose();
        }
        const altered = getEventStoreDBEventStore({ connectionString: serviceConnectionString, namespace });
        forged.push(altered);
        return altered;
      },
      async teardown() {
        await Promise.all(forged.map((s) => s.close()));
      },
    };
  },
});

const WRITERS = 4;
const APPENDS_PER_WRITER = 60;

interface PlannedAppend {
  streamId: string;
  expected: number | 'no_stream';
  events: NewEvent[];
}

/** Each writer's appends, fixed in advance: ids, streams and exact revisions, so a retry is the same append. */
function plan(writer: number): PlannedAppend[] {
  const streams = [0, 1, 2].map((k) => `failover-${writer}-${k}`);
  const heads = new Map<string, number>();
  return Array.from({ length: APPENDS_PER_WRITER }, (_, i) => {
    const streamId = streams[i % streams.length]!;
    const head = heads.get(streamId) ?? -1;
    const count = 1 + (i % 3 === 0 ? 1 : 0);
    heads.set(streamId, head + count);
    return { streamId, expected: head < 0 ? 'no_stream' : head, events: Array.from({ length: count }, () => newEvent('FailoverStep', { writer, i })) };
  });
}

const isRetryable = (error: unknown) => error instanceof EventStoreError && error.code === EventStoreErrorCodes.UNAVAILABLE;

describe.skipIf(Boolean(skipReason))(`eventstoredb failover: the leader killed mid-run${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let c: TestCluster;
  let store: EventStore;
  let subscriberStore: EventStore;

  beforeAll(async () => {
    c = await startCluster();
    const namespace = `failover-${randomUUID()}`;
    // Separate clients for the writers and the subscriber, as the two services have.
    store = getEventStoreDBEventStore({ connectionString: c.serviceConnectionString, namespace });
    subscriberStore = getEventStoreDBEventStore({
      connectionString: c.serviceConnectionString,
      namespace,
      subscription: { maxRetries: 60, baseDelayMs: 200, maxDelayMs: 2_000 },
    });
  }, 300_000);

  afterAll(async () => {
    await store?.close();
    await subscriberStore?.close();
  });

  it('loses no acknowledged event, writes none twice, keeps every chain, and the subscriber sees each once in order', async () => {
    const delivered: EventEnvelope[] = [];
    let dropped: unknown = null;
    const subscription = subscriberStore.subscribe({ onEvent: (e) => void delivered.push(e), onDropped: (e) => (dropped = e) });

    const acknowledged = new Map<string, number>();
    let acknowledgedCount = 0;
    let retries = 0;
    const killAt = Math.floor((WRITERS * APPENDS_PER_WRITER) / 3);
    let killed: Promise<void> | null = null;

    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (const step of plan(w)) {
        const deadline = Date.now() + 120_000;
        for (;;) {
          try {
            const result = await store.append(step.streamId, step.events, step.expected);
            for (const e of result.events) acknowledged.set(e.eventId, e.globalPosition);
            break;
          } catch (error) {
            if (!isRetryable(error) || Date.now() > deadline) throw error;
            retries++;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        }
        if (++acknowledgedCount === killAt) killed = c.leader().then((leader) => c.kill(leader));
      }
    });
    await Promise.all(writers);
    await killed;
    expect(killed, 'the leader was killed during the run').not.toBeNull();

    // Every acknowledged id exactly once in the log, at the position the append reported.
    const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
    const counts = new Map<string, number>();
    for (const e of log) counts.set(e.eventId, (counts.get(e.eventId) ?? 0) + 1);
    expect(acknowledged.size).toBe(plan(0).reduce((n, s) => n + s.events.length, 0) * WRITERS);
    for (const [id, position] of acknowledged) {
      expect(counts.get(id), `event ${id}`).toBe(1);
      expect(log.find((e) => e.eventId === id)!.globalPosition).toBe(position);
    }
    expect(log).toHaveLength(acknowledged.size);

    // Every chain verifies.
    for (const streamId of new Set(log.map((e) => e.streamId))) expect((await store.verifyStream(streamId)).ok, streamId).toBe(true);

    // The subscriber catches up: positions strictly increasing, nothing repeated, nothing missing.
    const head = await store.headPosition();
    const until = Date.now() + 120_000;
    while ((delivered.at(-1)?.globalPosition ?? -1) < head && Date.now() < until && !dropped) await new Promise((r) => setTimeout(r, 100));
    await subscription.close();
    expect(dropped).toBeNull();
    for (let i = 1; i < delivered.length; i++) expect(delivered[i]!.globalPosition).toBeGreaterThan(delivered[i - 1]!.globalPosition);
    expect(delivered.map((e) => e.eventId).sort()).toEqual([...acknowledged.keys()].sort());
    console.info(`failover run: ${acknowledged.size} events acknowledged, ${retries} retries by the writers after the leader was killed`);
  }, 600_000);

  it('the surviving two nodes elect a leader and keep taking appends', async () => {
    await c.awaitQuorum(1);
    const s = `after-failover-${randomUUID()}`;
    await store.append(s, [newEvent()], 'no_stream');
    expect(await store.readStream(s)).toHaveLength(1);
  }, 180_000);
});
