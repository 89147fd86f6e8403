import type { AppendOptions } from './backdate';
import type { AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from './envelope';
import type { ChainVerification } from './hash';

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** First revision to return (inclusive). Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events with a global position strictly greater than this (a checkpoint). Default: from the start. */
  after?: number;
  /** Page size. Default 1000. */
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Deliver events with a global position strictly greater than this (a checkpoint). Default: from the start. */
  after?: number;
  /** Called once per event, in global order; the next event waits until the returned promise settles. */
  onEvent(event: EventEnvelope): void | Promise<void>;
  /** Called each time the subscription has delivered everything in the log and switches to live delivery. */
  onCaughtUp?(position: number): void;
  /**
   * Called once if the subscription stops for any reason other than close(): an onEvent that threw,
   * or a store failure. Resubscribe with `after` set to the last position handled to resume.
   */
  onDropped?(error: unknown): void;
}

export interface Subscription {
  /** Stops delivery; resolves once no onEvent call is in flight. */
  close(): Promise<void>;
}

/**
 * The event store port. Every adapter (memory, SQLite, EventStoreDB) passes the same contract suite
 * in `testing/contract.ts`.
 */
export interface EventStore {
  readonly kind: string;
  /**
   * Appends all `events` to `streamId` or none of them. Throws WrongExpectedRevisionError when the
   * stream is not at `expected`. Appending event ids the store already holds with the same content
   * writes nothing and returns the original result; with different content it throws
   * IdempotencyConflictError. Resolves only once the events are durable. `options.recordedAt`
   * backdates the append (loading history only; see AppendOptions).
   */
  append(streamId: string, events: readonly NewEvent[], expected?: ExpectedRevision, options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
  /** Revision of the last event of the stream, or -1 when it has none. */
  streamRevision(streamId: string): Promise<number>;
  readAll(options?: ReadAllOptions): Promise<EventEnvelope[]>;
  /** Global position of the last event in the log, or -1 when the log is empty. */
  headPosition(): Promise<number>;
  /**
   * Whether the store can take writes now. A store that has answered ES_ERR_STORAGE_FULL reports
   * `{ ok: false, code }` until a write succeeds again (it may try a small one to find out). Stores
   * without the notion leave it out.
   */
  writeHealth?(): Promise<{ ok: boolean; code?: string }>;
  /**
   * Resolves once the store's file passed the check it gets at open; rejects with the refusal
   * (ES_ERR_STORE_CORRUPT for a damaged file) when it did not. At once where the file was checked while
   * opening; later for a SQLite store opened with `checkFileInBackground`. Stores without a file leave it out.
   */
  fileCheck?(): Promise<void>;
  subscribe(options: SubscribeOptions): Subscription;
  verifyStream(streamId: string): Promise<ChainVerification>;
  close(): Promise<void>;
}
