import type { ChainVerification } from './hash';
import { GENESIS_HASH, hashEvent } from './hash';
import type { EventEnvelope } from './envelope';
import { isCorruptEvent, type CorruptEventError } from './errors';
import type { EventStore } from './port';

export type VerifyAllReason =
  | Exclude<Extract<ChainVerification, { ok: false }>['reason'], 'stream_mismatch'>
  /** The stream ends before the revision an anchor says it reached. */
  | 'truncated'
  /** The stored event can no longer be decoded at all. */
  | 'unreadable'
  /**
   * The stream's own chain is consistent, but its event at the anchor's revision has another hash: the
   * stream was rewritten and re-hashed at or before that revision (which is the one named).
   */
  | 'anchor_mismatch';

export interface VerifyAllFailure {
  streamId: string;
  /** The first revision that is missing or does not match. */
  firstBadRevision: number;
  /** The event found where that revision should be, or null when there is none. */
  eventId: string | null;
  reason: VerifyAllReason;
}

/** The last event of a stream as an earlier verification saw it; kept elsewhere, it makes truncation and re-hashing visible. */
export interface StreamHead {
  streamId: string;
  revision: number;
  hash: string;
}

export interface VerifyAllProgress {
  events: number;
  streams: number;
  /** Global position of the last event checked. */
  position: number;
}

export interface VerifyAllOptions {
  onProgress?: (progress: VerifyAllProgress) => void;
  /** Heads from an earlier run (its `heads`), checked against the log as it is now. */
  anchors?: Iterable<StreamHead>;
  /** Events read per page of the log. Default 1000. */
  pageSize?: number;
}

export interface VerifyAllResult {
  ok: boolean;
  streams: number;
  events: number;
  /** One entry per bad stream, naming its first bad event. */
  failures: VerifyAllFailure[];
  /** The last event of every stream as read now, in order of first appearance: the anchors for the next run. */
  heads: StreamHead[];
}

interface StreamState {
  nextRevision: number;
  previousHash: string;
  failed: boolean;
}

/**
 * Re-computes the hash chain of every stream in one pass over the whole log, so an auditor can check a
 * store of any size without reading it stream by stream. Works on any EventStore.
 */
export async function verifyAllStreams(store: EventStore, { onProgress, anchors, pageSize = 1000 }: VerifyAllOptions = {}): Promise<VerifyAllResult> {
  const anchored = new Map<string, StreamHead>();
  for (const anchor of anchors ?? []) anchored.set(anchor.streamId, anchor);
  const streams = new Map<string, StreamState>();
  const failures: VerifyAllFailure[] = [];
  let events = 0;
  let after = -1;

  const stateOf = (streamId: string): StreamState => {
    let state = streams.get(streamId);
    if (!state) {
      state = { nextRevision: 0, previousHash: GENESIS_HASH, failed: false };
      streams.set(streamId, state);
    }
    return state;
  };
  const check = (event: EventEnvelope) => {
    events++;
    after = event.globalPosition;
    const state = stateOf(event.streamId);
    if (state.failed) return;
    const fail = (reason: VerifyAllReason) => {
      state.failed = true;
      failures.push({ streamId: event.streamId, firstBadRevision: state.nextRevision, eventId: event.eventId, reason });
    };
    if (event.revision !== state.nextRevision) fail('revision_gap');
    else if (event.previousHash !== state.previousHash) fail('previous_hash_mismatch');
    else if (hashEvent(event) !== event.hash) fail('hash_mismatch');
    else if (anchored.get(event.streamId)?.revision === event.revision && anchored.get(event.streamId)!.hash !== event.hash) fail('anchor_mismatch');
    else {
      state.nextRevision++;
      state.previousHash = event.hash;
    }
  };
  const unreadable = (error: CorruptEventError) => {
    events++;
    after = error.globalPosition;
    const state = stateOf(error.streamId);
    if (state.failed) return;
    state.failed = true;
    failures.push({ streamId: error.streamId, firstBadRevision: Math.min(state.nextRevision, error.revision), eventId: error.eventId, reason: 'unreadable' });
  };

  for (;;) {
    let page: EventEnvelope[];
    try {
      page = await store.readAll({ after, maxCount: pageSize });
    } catch (error) {
      if (!isCorruptEvent(error)) throw error;
      // A page holds an event that no longer decodes: step through it one event at a time, so every
      // readable event is still checked and the unreadable one is named.
      for (;;) {
        try {
          const [one] = await store.readAll({ after, maxCount: 1 });
          if (!one) break;
          check(one);
        } catch (stepError) {
          if (!isCorruptEvent(stepError)) throw stepError;
          unreadable(stepError);
          break;
        }
      }
      onProgress?.({ events, streams: streams.size, position: after });
      continue;
    }
    for (const event of page) check(event);
    if (page.length > 0) onProgress?.({ events, streams: streams.size, position: after });
    if (page.length < pageSize) break;
  }

  for (const anchor of anchored.values()) {
    const state = streams.get(anchor.streamId);
    if (state?.failed) continue;
    const next = state?.nextRevision ?? 0;
    if (next <= anchor.revision) failures.push({ streamId: anchor.streamId, firstBadRevision: next, eventId: null, reason: 'truncated' });
  }
  const heads: StreamHead[] = [];
  for (const [streamId, state] of streams) {
    if (!state.failed) heads.push({ streamId, revision: state.nextRevision - 1, hash: state.previousHash });
  }
  return { ok: failures.length === 0, streams: streams.size, events, failures, heads };
}
