import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Position,
  type ReadPosition,
  type RecordedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type { EsdbClient } from '../esdb-event-store';

/**
 * An in-process stand-in for the parts of `EventStoreDBClient` the adapter calls, for unit tests of
 * the adapter's own logic: retries, leader reads, deadlines, id handling. It is not a server and
 * proves nothing about one; the integration and failover suites run against real servers.
 *
 * It keeps the server rules the adapter relies on, as the server documents them: appends at an
 * exact revision (or no_stream) are idempotent by event id (the same ids at the revisions after the
 * expected one answer success without writing, comparing ids only, never content); other
 * expectations fail with the client's WrongExpectedVersionError; a missing stream reads as the
 * client's StreamNotFoundError. Faults are injected as the client's own error classes.
 */

export type CallKind = 'append' | 'readStream' | 'readAll' | 'subscribeToAll';

export interface RecordedCall {
  kind: CallKind;
  stream?: string;
  requiresLeader: boolean;
  deadline: number | undefined;
}

export interface Fault {
  kind: CallKind;
  /** Only calls on streams whose name matches (default: any). */
  stream?: (name: string) => boolean;
  error: () => Error;
  /** For appends: write first, then fail (an acknowledgement lost with the connection). */
  afterLanding?: boolean;
  /** Never answer at all (the adapter's own deadline must fire). */
  hang?: boolean;
}

export interface ClientDouble extends EsdbClient {
  readonly calls: RecordedCall[];
  /** Queues a fault for the next matching call. */
  fail(fault: Fault): void;
  /** Writes events as any other client would, bypassing the adapter (forgeries, foreign data). */
  write(stream: string, events: EventData[]): void;
  readonly disposed: boolean;
}

const positionOf = (index: number): Position => ({ commit: BigInt(index * 100 + 100), prepare: BigInt(index * 100 + 100) });

export function createClientDouble(): ClientDouble {
  const streams = new Map<string, RecordedEvent[]>();
  const log: RecordedEvent[] = [];
  const faults: Fault[] = [];
  const calls: RecordedCall[] = [];
  const live = new Set<(event: RecordedEvent) => void>();
  let disposed = false;

  const takeFault = (kind: CallKind, name?: string): Fault | undefined => {
    const i = faults.findIndex((f) => f.kind === kind && (!f.stream || (name !== undefined && f.stream(name))));
    return i < 0 ? undefined : faults.splice(i, 1)[0];
  };

  const record = (kind: CallKind, name: string | undefined, options: { requiresLeader?: boolean; deadline?: number } = {}) =>
    calls.push({ kind, stream: name, requiresLeader: options.requiresLeader === true, deadline: options.deadline });

  function write(name: string, events: EventData[]): RecordedEvent[] {
    const existing = streams.get(name) ?? [];
    const written = events.map((e, i): RecordedEvent => {
      const recorded = {
        streamId: name,
        id: e.id,
        revision: BigInt(existing.length + i),
        type: e.type,
        // The server stores the JSON bytes: what comes back is what JSON makes of it.
        data: JSON.parse(JSON.stringify(e.data ?? null)) as never,
        metadata: (e.metadata === undefined ? undefined : JSON.parse(JSON.stringify(e.metadata))) as never,
        isJson: true,
        created: new Date(),
        position: positionOf(log.length + i),
      } as unknown as RecordedEvent;
      return recorded;
    });
    streams.set(name, [...existing, ...written]);
    log.push(...written);
    for (const event of written) for (const listener of live) listener(event);
    return written;
  }

  function applyAppend(name: string, events: EventData[], expected: AppendExpectedRevision): AppendResult {
    const existing = streams.get(name) ?? [];
    const current = existing.length - 1;
    const after = expected === 'no_stream' ? -1 : typeof expected === 'bigint' ? Number(expected) : null;
    if (after !== null && after !== current) {
      const at = existing.slice(after + 1, after + 1 + events.length);
      if (at.length === events.length && at.every((r, i) => r.id === events[i]!.id)) {
        // Idempotent: ids compared, content not; no position for a write that did not happen.
        return { success: true, nextExpectedRevision: BigInt(after + events.length), position: undefined };
      }
      throw new WrongExpectedVersionError(undefined, {
        streamName: name,
        expected: expected as bigint | 'no_stream',
        current: current < 0 ? 'no_stream' : BigInt(current),
      });
    }
    if (expected === 'stream_exists' && current < 0) {
      throw new WrongExpectedVersionError(undefined, { streamName: name, expected: 'stream_exists', current: 'no_stream' });
    }
    const written = write(name, events);
    return { success: true, nextExpectedRevision: BigInt(current + events.length), position: written[0]!.position };
  }

  function streamingRead<T>(produce: () => T[], fault?: Fault): StreamingRead<T> {
    let items: T[] | null = null;
    let failure: Error | null = null;
    try {
      if (fault && !fault.hang) throw fault.error();
      items = fault?.hang ? null : produce();
    } catch (error) {
      failure = error as Error;
    }
    const readable = new Readable({
      objectMode: true,
      read() {
        if (failure) {
          this.destroy(failure);
          return;
        }
        if (items === null) return; // hangs until cancelled
        for (const item of items) this.push(item);
        this.push(null);
        items = [];
      },
    }) as StreamingRead<T>;
    readable.cancel = async () => {
      readable.destroy();
    };
    return readable;
  }

  const resolved = (event: RecordedEvent): ResolvedEvent & AllStreamResolvedEvent => ({ event, commitPosition: event.position?.commit }) as never;

  const fromPositionIndex = (from: ReadPosition | undefined, direction: 'forwards' | 'backwards'): number => {
    if (from === undefined || from === 'start') return direction === 'forwards' ? 0 : -1;
    if (from === 'end') return direction === 'forwards' ? log.length : log.length - 1;
    const at = (from as Position).prepare;
    if (direction === 'forwards') {
      const i = log.findIndex((e) => e.position!.prepare >= at);
      return i < 0 ? log.length : i;
    }
    for (let i = log.length - 1; i >= 0; i--) if (log[i]!.position!.prepare <= at) return i;
    return -1;
  };

  const double: ClientDouble = {
    calls,
    get disposed() {
      return disposed;
    },
    fail(fault) {
      faults.push(fault);
    },
    write(stream, events) {
      write(stream, events);
    },

    appendToStream: (async (name: string, event: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision; requiresLeader?: boolean; deadline?: number } = {}) => {
      record('append', name, options);
      const events = (Array.isArray(event) ? event : [event]).map((e) => ({ ...e, id: e.id ?? randomUUID() }));
      const fault = takeFault('append', name);
      if (fault?.hang) return new Promise<never>(() => undefined);
      if (fault && !fault.afterLanding) throw fault.error();
      const result = applyAppend(name, events, options.expectedRevision ?? 'any');
      if (fault) throw fault.error();
      return result;
    }) as EsdbClient['appendToStream'],

    readStream: ((name: string, options: { direction?: string; fromRevision?: bigint | 'start' | 'end'; maxCount?: number | bigint; requiresLeader?: boolean; deadline?: number } = {}) => {
      record('readStream', name, options);
      const fault = takeFault('readStream', name);
      return streamingRead(() => {
        const events = streams.get(name);
        if (!events) throw new StreamNotFoundError(undefined, name);
        const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        if (options.direction === 'backwards') {
          const from = options.fromRevision === undefined || options.fromRevision === 'end' ? events.length - 1 : Number(options.fromRevision);
          const out: ResolvedEvent[] = [];
          for (let i = Math.min(from, events.length - 1); i >= 0 && out.length < max; i--) out.push(resolved(events[i]!));
          return out;
        }
        const from = options.fromRevision === undefined || options.fromRevision === 'start' ? 0 : Number(options.fromRevision);
        return events.slice(from, from + max).map(resolved);
      }, fault);
    }) as EsdbClient['readStream'],

    readAll: ((options: { direction?: string; fromPosition?: ReadPosition; maxCount?: number | bigint; requiresLeader?: boolean; deadline?: number } = {}) => {
      record('readAll', undefined, options);
      const fault = takeFault('readAll');
      return streamingRead(() => {
        const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        const direction = options.direction === 'backwards' ? 'backwards' : 'forwards';
        const start = fromPositionIndex(options.fromPosition, direction);
        const out: AllStreamResolvedEvent[] = [];
        if (direction === 'forwards') for (let i = start; i < log.length && out.length < max; i++) out.push(resolved(log[i]!));
        else for (let i = start; i >= 0 && out.length < max; i--) out.push(resolved(log[i]!));
        return out;
      }, fault);
    }) as EsdbClient['readAll'],

    subscribeToAll: ((options: { fromPosition?: ReadPosition; filter?: { filterOn?: string; regex?: string } } = {}) => {
      record('subscribeToAll', undefined, {});
      const fault = takeFault('subscribeToAll');
      const regex = options.filter?.regex ? new RegExp(options.filter.regex) : null;
      const keep = (e: RecordedEvent) => !regex || regex.test(e.streamId);
      const queue: RecordedEvent[] = log.slice(fromPositionIndex(options.fromPosition, 'forwards')).filter(keep);
      let wake: (() => void) | null = null;
      let ended = false;
      const listener = (event: RecordedEvent) => {
        if (!keep(event)) return;
        queue.push(event);
        wake?.();
      };
      live.add(listener);
      const stop = () => {
        ended = true;
        live.delete(listener);
        wake?.();
      };
      return {
        async *[Symbol.asyncIterator]() {
          if (fault) throw fault.error();
          while (!ended) {
            const next = queue.shift();
            if (next) {
              yield resolved(next);
              continue;
            }
            await new Promise<void>((resolve) => (wake = resolve));
            wake = null;
          }
        },
        unsubscribe: async () => stop(),
        destroy: () => stop(),
      };
    }) as unknown as EsdbClient['subscribeToAll'],

    dispose: async () => {
      disposed = true;
    },
  };
  return double;
}
