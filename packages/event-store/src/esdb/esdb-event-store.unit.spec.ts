import { randomUUID } from 'node:crypto';
import { DeadlineExceededError, NotLeaderError, UnavailableError, jsonEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { CorruptEventError, EventStoreError, EventStoreErrorCodes, IdempotencyConflictError } from '../errors';
import type { EventStore } from '../port';
import { newEvent } from '../testing/contract';
import { describeEventStoreContract } from '../testing/describe-contract';
import { getEventStoreDBEventStore, isTransientEsdbError } from './esdb-event-store';
import { EVENT_ID_CLAIM_TYPE, claimStreamName, contentDigest, encodeMetadata, toEsdbStreamName } from './esdb-mapping';
import { createClientDouble, type ClientDouble } from './testing/client-double';

/**
 * The adapter's own logic against an in-process double of the client (see testing/client-double.ts),
 * with faults raised as the client's real error classes. Nothing here talks to a server: the
 * integration and failover suites do, wherever a Docker engine answers.
 */

const fast = { deadlineMs: 200, transientBackoffMs: 1 };

function storeOn(double: ClientDouble, extra: Partial<Parameters<typeof getEventStoreDBEventStore>[0]> = {}): EventStore {
  return getEventStoreDBEventStore({ connectionString: 'esdb://unused:2113?tls=false', client: double, ...fast, ...extra });
}

/** The client's NotLeaderError, built as the client builds it from the server's answer. */
function notLeader(): NotLeaderError {
  const metadata = { getMap: () => ({ 'leader-endpoint-host': 'node2.eventstore', 'leader-endpoint-port': '2113' }) };
  return new NotLeaderError({ code: 5, details: 'Leader info available', message: 'not leader', name: 'Error', metadata } as unknown as ConstructorParameters<typeof NotLeaderError>[0]);
}

const transientErrors: Array<[string, () => Error]> = [
  ['NotLeaderError', notLeader],
  ['UnavailableError', () => new UnavailableError(undefined, 'connection dropped')],
  ['DeadlineExceededError', () => new DeadlineExceededError(undefined, 'deadline exceeded')],
];

describeEventStoreContract('eventstoredb over the client double (not a server)', {
  async setup() {
    const double = createClientDouble();
    const namespace = `contract-${randomUUID()}`;
    const store = storeOn(double, { namespace });
    return {
      store,
      async tamper(eventId, mutate) {
        const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
        const target = log.find((e) => e.eventId === eventId);
        if (!target) throw new Error(`event ${eventId} not found`);
        const forged = `forged-${randomUUID()}`;
        double.write(
          toEsdbStreamName(forged, target.streamId),
          (await store.readStream(target.streamId)).map((e) => {
            const f = e.eventId === eventId ? mutate(e) : e;
            return jsonEvent({ id: f.eventId, type: f.type, data: f.data as never, metadata: encodeMetadata(f) });
          }),
        );
        return storeOn(double, { namespace: forged });
      },
    };
  },
});

describe('eventstoredb adapter: the client errors it retries', () => {
  it('treats NotLeader, Unavailable and DeadlineExceeded as transient, and nothing else', () => {
    for (const [, make] of transientErrors) expect(isTransientEsdbError(make())).toBe(true);
    expect(isTransientEsdbError(new Error('boom'))).toBe(false);
    expect(isTransientEsdbError(new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, 'x'))).toBe(false);
  });

  for (const [name, make] of transientErrors) {
    it(`retries an append refused with ${name}, and writes it once`, async () => {
      const double = createClientDouble();
      const store = storeOn(double);
      const s = `plan-${randomUUID()}`;
      double.fail({ kind: 'append', stream: (n) => n === s, error: make });
      const result = await store.append(s, [newEvent()], 'no_stream');
      expect(result.nextExpectedRevision).toBe(0);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it(`retries an append whose answer was lost with ${name}: the server's idempotency keeps one copy`, async () => {
      const double = createClientDouble();
      const store = storeOn(double);
      const s = `plan-${randomUUID()}`;
      await store.append(s, [newEvent()], 'no_stream');
      double.fail({ kind: 'append', stream: (n) => n === s, error: make, afterLanding: true });
      const events = [newEvent('A'), newEvent('B')];
      const result = await store.append(s, events, 0);
      expect(result.events.map((e) => [e.eventId, e.revision])).toEqual([
        [events[0]!.eventId, 1],
        [events[1]!.eventId, 2],
      ]);
      const stored = await store.readStream(s);
      expect(stored.map((e) => e.eventId)).toEqual([stored[0]!.eventId, events[0]!.eventId, events[1]!.eventId]);
      expect((await store.verifyStream(s)).ok).toBe(true);
      expect(result.events.map((e) => e.globalPosition)).toEqual(stored.slice(1).map((e) => e.globalPosition));
    });

    it(`retries a head read and a claim write that fail with ${name}`, async () => {
      const double = createClientDouble();
      const store = storeOn(double);
      const s = `plan-${randomUUID()}`;
      const event = newEvent();
      double.fail({ kind: 'readStream', stream: (n) => n === s, error: make });
      double.fail({ kind: 'append', stream: (n) => n === claimStreamName(undefined, event.eventId), error: make, afterLanding: true });
      await store.append(s, [event], 'no_stream');
      expect((await store.readStream(s)).map((e) => e.eventId)).toEqual([event.eventId]);
    });

    it(`retries a page of the log that fails with ${name}`, async () => {
      const double = createClientDouble();
      const store = storeOn(double);
      await store.append(`plan-${randomUUID()}`, [newEvent()], 'no_stream');
      double.fail({ kind: 'readAll', error: make });
      expect(await store.readAll()).toHaveLength(1);
      double.fail({ kind: 'readAll', error: make });
      expect(await store.headPosition()).toBeGreaterThan(0);
    });
  }

  it('reports UNAVAILABLE, with the client error as cause, once the attempts run out', async () => {
    const double = createClientDouble();
    const store = storeOn(double, { maxTransientAttempts: 3 });
    const s = `plan-${randomUUID()}`;
    for (let i = 0; i < 3; i++) double.fail({ kind: 'append', stream: (n) => n === s, error: () => new UnavailableError(undefined, 'down') });
    const error = await store.append(s, [newEvent()], 'no_stream').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: EventStoreErrorCodes.UNAVAILABLE });
    expect((error as EventStoreError).cause).toBeInstanceOf(UnavailableError);
    // The retry by the caller lands once: the claim already names this stream.
    await store.append(s, [newEvent()], 'no_stream');
    expect(await store.readStream(s)).toHaveLength(1);
  });

  it('gives every read a deadline of its own: a read that never answers is cancelled and retried', async () => {
    const double = createClientDouble();
    const store = storeOn(double, { deadlineMs: 30 });
    const s = `plan-${randomUUID()}`;
    await store.append(s, [newEvent()], 'no_stream');
    double.fail({ kind: 'readStream', stream: (n) => n === s, error: () => new Error('unused'), hang: true });
    expect(await store.readStream(s)).toHaveLength(1);
    double.fail({ kind: 'readAll', error: () => new Error('unused'), hang: true });
    expect(await store.readAll()).toHaveLength(1);
  });

  it('gives an append whose answer never comes a deadline too', async () => {
    const double = createClientDouble();
    const store = storeOn(double, { deadlineMs: 20 });
    const s = `plan-${randomUUID()}`;
    double.fail({ kind: 'append', stream: (n) => n === s, error: () => new Error('unused'), hang: true });
    await store.append(s, [newEvent()], 'no_stream');
    expect(await store.readStream(s)).toHaveLength(1);
  });

  it('does not retry errors that are not transient', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    double.fail({ kind: 'append', stream: (n) => n === s, error: () => new Error('access denied') });
    await expect(store.append(s, [newEvent()], 'no_stream')).rejects.toMatchObject({ code: EventStoreErrorCodes.UNAVAILABLE });
    expect(double.calls.filter((c) => c.kind === 'append' && c.stream === s)).toHaveLength(1);
  });
});

describe('eventstoredb adapter: leader reads and cost of an append', () => {
  it('asks for the leader, with a deadline, on every read and write of the append path', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const events = [newEvent(), newEvent()];
    await store.append(s, events, 'no_stream');
    await store.append(s, events, 'no_stream'); // a retry: claim reads and the search for the events
    await store.append(s, [newEvent()], 1);
    const path = double.calls.filter((c) => c.kind === 'append' || c.kind === 'readStream');
    expect(path.length).toBeGreaterThan(6);
    for (const call of path) expect(call, `${call.kind} ${call.stream}`).toMatchObject({ requiresLeader: true, deadline: fast.deadlineMs });
  });

  it('a fresh one-event append costs the head read, one claim and the append, its position taken from the answer', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const before = double.calls.length;
    const result = await store.append(s, [newEvent()], 'no_stream');
    const calls = double.calls.slice(before);
    expect(calls.map((c) => `${c.kind}:${c.stream === s ? 'stream' : 'claim'}`).sort()).toEqual(['append:claim', 'append:stream', 'readStream:stream']);
    const [stored] = await store.readAll();
    expect(result.lastGlobalPosition).toBe(stored!.globalPosition);
  });

  it('a fresh append of several events reads them back once for their positions', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const before = double.calls.length;
    const result = await store.append(s, [newEvent(), newEvent(), newEvent()], 'no_stream');
    const calls = double.calls.slice(before);
    expect(calls.filter((c) => c.stream === s).map((c) => c.kind)).toEqual(['readStream', 'append', 'readStream']);
    expect(calls.filter((c) => c.stream !== s)).toHaveLength(3);
    expect(result.events.map((e) => e.globalPosition)).toEqual((await store.readAll()).map((e) => e.globalPosition));
  });
});

describe('eventstoredb adapter: event ids', () => {
  it('keeps ids in lower case, so a retry in upper case finds the original and writes nothing', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const upper = { ...newEvent(), eventId: randomUUID().toUpperCase() };
    const first = await store.append(s, [upper], 'no_stream');
    expect(first.events[0]!.eventId).toBe(upper.eventId.toLowerCase());
    expect(await store.append(s, [upper], 'no_stream')).toEqual(first);
    expect(await store.append(s, [{ ...upper, eventId: upper.eventId.toLowerCase() }], 'no_stream')).toEqual(first);
    expect((await store.readStream(s)).map((e) => e.eventId)).toEqual([upper.eventId.toLowerCase()]);
  });

  it('refuses the same id with other content in the same stream, though the server would call it idempotent', async () => {
    const double = createClientDouble();
    const a = storeOn(double);
    const b = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const event = newEvent('A', { i: 1 });
    await a.append(s, [event], 'no_stream');
    const error = await b.append(s, [{ ...event, data: { i: 2 } }], 'no_stream').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyConflictError);
    expect((error as IdempotencyConflictError).eventId).toBe(event.eventId);
    expect((await a.readStream(s)).map((e) => e.data)).toEqual([{ i: 1 }]);
  });

  it('two stores racing the same id with other content: one lands, the other is a conflict, never a false success', async () => {
    const double = createClientDouble();
    const stores = [storeOn(double), storeOn(double)];
    const s = `plan-${randomUUID()}`;
    const event = newEvent('A', { i: 0 });
    const results = await Promise.allSettled(stores.map((store, i) => store.append(s, [{ ...event, data: { i } }], 'no_stream')));
    const landed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(landed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(IdempotencyConflictError);
    expect(await stores[0]!.readStream(s)).toHaveLength(1);
  });

  it('refuses the same id with other content from the claim alone, before writing to the stream', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const event = newEvent('A', { i: 1 });
    // What a writer that claimed the id with other content, and has not appended yet, leaves behind.
    double.write(claimStreamName(undefined, event.eventId), [
      jsonEvent({ type: EVENT_ID_CLAIM_TYPE, data: { streamId: s, content: contentDigest(s, { ...event, data: { i: 2 } }) } }),
    ]);
    await expect(store.append(s, [event], 'no_stream')).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(double.calls.filter((c) => c.kind === 'append' && c.stream === s)).toHaveLength(0);
    // The same content as claimed is a retry of that writer's append, and lands.
    await store.append(s, [{ ...event, data: { i: 2 } }], 'no_stream');
    expect((await store.readStream(s)).map((e) => e.data)).toEqual([{ i: 2 }]);
  });

  it('refuses an event that cannot be encoded before claiming anything', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    await expect(store.append(`plan-${randomUUID()}`, [newEvent('Bad', { n: 10n })], 'any')).rejects.toMatchObject({ code: EventStoreErrorCodes.INVALID_APPEND });
    expect(double.calls.filter((c) => c.kind === 'append')).toHaveLength(0);
  });

  it('refuses an id that belongs to another stream', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const event = newEvent();
    await store.append(`plan-${randomUUID()}`, [event], 'no_stream');
    await expect(store.append(`plan-${randomUUID()}`, [event], 'no_stream')).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it("finds a retried 'any' append wherever the stream has moved to since", async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `plan-${randomUUID()}`;
    const events = [newEvent('A'), newEvent('B')];
    const first = await store.append(s, events, 'any');
    for (let i = 0; i < 300; i++) await store.append(s, [newEvent()], 'any');
    expect((await store.append(s, events, 'any')).events).toEqual(first.events);
    expect(await store.readStream(s)).toHaveLength(302);
  });

  it('searches a long stream for a retried append no further back than its oldest claim', async () => {
    const double = createClientDouble();
    const store = storeOn(double);
    const s = `access-log-${randomUUID()}`;
    for (let i = 0; i < 4; i++) await store.append(s, Array.from({ length: 250 }, () => newEvent()), 'any');
    const event = newEvent();
    // Claimed by an attempt that never landed (the connection dropped first).
    double.write(claimStreamName(undefined, event.eventId), [jsonEvent({ type: EVENT_ID_CLAIM_TYPE, data: { streamId: s, content: contentDigest(s, event) } })]);
    const before = double.calls.length;
    const result = await store.append(s, [event], 'any');
    expect(result.events[0]!.revision).toBe(1000);
    const reads = double.calls.slice(before).filter((c) => c.kind === 'readStream' && c.stream === s);
    // The head, one page of the search (older than the claim: stop), the read-back.
    expect(reads.length).toBeLessThanOrEqual(3);
  });

  it('refuses user streams under the claim prefix', async () => {
    const store = storeOn(createClientDouble());
    await expect(store.append('pl-evt-x', [newEvent()], 'any')).rejects.toMatchObject({ code: EventStoreErrorCodes.INVALID_APPEND });
  });
});

describe('eventstoredb adapter: reading the log', () => {
  function withForeignEvent() {
    const double = createClientDouble();
    const namespace = `ns-${randomUUID()}`;
    const store = storeOn(double, { namespace });
    return { double, namespace, store };
  }

  it('leaves system streams, claims and other namespaces out, and raises on an undecodable event of its own', async () => {
    const { double, namespace, store } = withForeignEvent();
    await store.append('plan-1', [newEvent()], 'no_stream');
    double.write('$stats-127.0.0.1:2113', [jsonEvent({ type: '$statsCollected', data: {} })]);
    double.write(toEsdbStreamName('elsewhere', 'plan-1'), [jsonEvent({ type: 'Other', data: {} })]);
    expect(await store.readAll()).toHaveLength(1);
    const head = await store.headPosition();
    double.write(toEsdbStreamName(namespace, 'plan-2'), [jsonEvent({ type: '$UserTypeWithDollar', data: { x: 1 } })]);
    const error = await store.readAll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({ streamId: 'plan-2', revision: 0 });
    expect((error as CorruptEventError).globalPosition).toBeGreaterThan(head);
  });

  it('drops a subscription, at once and with the error, at an event it cannot decode', async () => {
    const { double, namespace, store } = withForeignEvent();
    await store.append('plan-1', [newEvent()], 'no_stream');
    double.write(toEsdbStreamName(namespace, 'plan-2'), [jsonEvent({ type: 'NotAnEnvelope', data: { x: 1 } })]);
    const seen: string[] = [];
    const dropped = await new Promise<unknown>((resolve) => {
      store.subscribe({ onEvent: (e) => void seen.push(e.streamId), onDropped: resolve });
    });
    expect(dropped).toBeInstanceOf(CorruptEventError);
    expect(seen).toEqual(['plan-1']);
    expect(double.calls.filter((c) => c.kind === 'subscribeToAll')).toHaveLength(1);
  });

  it('filters the subscription on the server: claims and other namespaces are not sent', async () => {
    const { double, store } = withForeignEvent();
    double.write(toEsdbStreamName('elsewhere', 'plan-1'), [jsonEvent({ type: 'Other', data: {} })]);
    const seen: string[] = [];
    const sub = store.subscribe({ onEvent: (e) => void seen.push(e.eventId) });
    const event = newEvent();
    await store.append('plan-1', [event], 'no_stream');
    const deadline = Date.now() + 2_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await sub.close();
    expect(seen).toEqual([event.eventId]);
  });

  it('disposes the client on close', async () => {
    const double = createClientDouble();
    await storeOn(double).close();
    expect(double.disposed).toBe(true);
  });
});
