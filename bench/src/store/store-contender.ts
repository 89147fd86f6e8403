import type { NewEvent } from '@planledger/event-store';

/**
 * What the store benchmarks need from each contender. `expected` is the revision of the stream's
 * last event as planledger counts it (-1 for a new stream); each contender translates it to its own
 * convention. Appends resolve only once durable.
 */
export interface StoreContender {
  readonly name: string;
  append(streamId: string, events: readonly NewEvent[], expected: number): Promise<void>;
  /** Reads the whole stream, parsed; returns how many events it held. */
  readStream(streamId: string): Promise<number>;
  /** Reads the whole log from the start, page by page, parsed; returns how many events it held. */
  readAll(): Promise<number>;
  /** Fills the file fast for the read benchmarks, through the contender's own append path. */
  load(streams: ReadonlyArray<{ streamId: string; events: readonly NewEvent[] }>): Promise<void>;
  close(): Promise<void>;
}

export interface ContenderFactory {
  readonly name: string;
  /** Why this contender cannot run here, or null when it can. */
  unavailable(): Promise<string | null>;
  open(file: string): Promise<StoreContender>;
}
