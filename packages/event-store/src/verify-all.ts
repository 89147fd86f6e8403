import type { ChainVerification } from './hash';
import { GENESIS_HASH, hashEvent } from './hash';
import type { EventEnvelope } from './envelope';
import { isCorruptEvent, type CorruptEventError } from './errors';
import type { EventStore } from './port';
import type { KeyObject } from 'node:crypto';
import { checkpointSignatureHolds, createMerkleBuilder, merkleLeaf, type Checkpoint } from './checkpoint';
import { hasSeals, sealEvent } from './seal';

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
  | 'anchor_mismatch'
  /** The event's seal does not match its position and hash under the writing service's key: edited, inserted, re-chained or moved. */
  | 'seal_mismatch'
  /** The event has no seal although it lies after the first sealed position: written by someone without the key. */
  | 'unsealed';

/** A finding about the log as a whole, against a checkpoint. */
export interface LogFailure {
  reason:
    /** The checkpoint's signature does not verify with the key given: it was not made by the service, or was altered. */
    | 'checkpoint_signature'
    /** The log holds fewer events than the checkpoint counted: events were removed, or an older file was put back. */
    | 'log_shorter_than_checkpoint'
    /** The first treeSize events no longer have the checkpoint's tree head: something before it was removed, reordered or rewritten. */
    | 'checkpoint_root_mismatch';
  /** The first global position (or, for a short log, the index) at which the log stops matching, when it can be named. */
  position: number | null;
  detail: string;
}

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
  /** The writing service's seal key: every event's seal is checked (on stores that keep seals). */
  sealKey?: Uint8Array;
  /** A checkpoint saved earlier, and the public key it must be signed with: the log must still extend it. */
  checkpoint?: { checkpoint: Checkpoint; publicKey: KeyObject };
}

export interface VerifyAllResult {
  ok: boolean;
  streams: number;
  events: number;
  /** One entry per bad stream, naming its first bad event. */
  failures: VerifyAllFailure[];
  /** The last event of every stream as read now, in order of first appearance: the anchors for the next run. */
  heads: StreamHead[];
  /** Findings about the log as a whole against the checkpoint given. */
  logFailures: LogFailure[];
  /** Whether seals were checked (a key was given and the store keeps seals). */
  sealsChecked: boolean;
  /** Events before the first sealed position: written before sealing began, so only their hash chains vouch for them. */
  unsealedBeforeSealing: number;
  /** What a new checkpoint of the log as read now would hold (sign it with `signCheckpoint`). */
  tree: { treeSize: number; lastPosition: number; rootHash: string; sealedFrom: number | null };
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
export async function verifyAllStreams(store: EventStore, { onProgress, anchors, pageSize = 1000, sealKey, checkpoint: given }: VerifyAllOptions = {}): Promise<VerifyAllResult> {
  const logFailures: LogFailure[] = [];
  let checkpoint: Checkpoint | undefined;
  if (given) {
    if (checkpointSignatureHolds(given.checkpoint, given.publicKey)) checkpoint = given.checkpoint;
    else logFailures.push({ reason: 'checkpoint_signature', position: null, detail: 'the checkpoint is not signed by the checkpoint key given, or was altered since' });
  }
  const anchored = new Map<string, StreamHead>();
  for (const anchor of anchors ?? []) anchored.set(anchor.streamId, anchor);
  for (const anchor of checkpoint?.heads ?? []) anchored.set(anchor.streamId, anchor);
  const sealer = sealKey && hasSeals(store) ? store : null;
  let sealedFrom: number | null = checkpoint?.sealedFrom ?? null;
  let unsealedBeforeSealing = 0;
  let seals = new Map<number, string>();
  const loadSeals = async (from: number, upTo: number) => {
    if (sealer) seals = new Map((await sealer.readSeals({ after: from, upTo })).map((s) => [s.globalPosition, s.seal]));
  };
  const tree = createMerkleBuilder();
  let checkpointHead: string | null = checkpoint && checkpoint.treeSize === 0 ? tree.head() : null;
  const addLeaf = (position: number, hash: string) => {
    tree.add(merkleLeaf(position, hash));
    if (checkpoint && tree.size === checkpoint.treeSize) checkpointHead = tree.head();
  };
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
    addLeaf(event.globalPosition, event.hash);
    const state = stateOf(event.streamId);
    const seal = sealer ? seals.get(event.globalPosition) : undefined;
    if (sealer && seal !== undefined && (sealedFrom === null || event.globalPosition < sealedFrom)) sealedFrom = event.globalPosition;
    if (sealer && seal === undefined && (sealedFrom === null || event.globalPosition < sealedFrom)) unsealedBeforeSealing++;
    if (state.failed) return;
    const fail = (reason: VerifyAllReason) => {
      state.failed = true;
      failures.push({ streamId: event.streamId, firstBadRevision: state.nextRevision, eventId: event.eventId, reason });
    };
    if (event.revision !== state.nextRevision) fail('revision_gap');
    else if (event.previousHash !== state.previousHash) fail('previous_hash_mismatch');
    else if (hashEvent(event) !== event.hash) fail('hash_mismatch');
    else if (sealer && seal !== undefined && seal !== sealEvent(sealKey!, event.globalPosition, event.hash)) fail('seal_mismatch');
    else if (sealer && seal === undefined && sealedFrom !== null && event.globalPosition >= sealedFrom) fail('unsealed');
    else if (anchored.get(event.streamId)?.revision === event.revision && anchored.get(event.streamId)!.hash !== event.hash) fail('anchor_mismatch');
    else {
      state.nextRevision++;
      state.previousHash = event.hash;
    }
  };
  const unreadable = (error: CorruptEventError) => {
    events++;
    after = error.globalPosition;
    addLeaf(error.globalPosition, 'unreadable');
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
          await loadSeals(after, one.globalPosition);
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
    if (page.length > 0) await loadSeals(after, page[page.length - 1]!.globalPosition);
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
  if (checkpoint) {
    if (tree.size < checkpoint.treeSize) {
      logFailures.push({ reason: 'log_shorter_than_checkpoint', position: tree.size, detail: `the log holds ${tree.size} events; the checkpoint counted ${checkpoint.treeSize} (up to position ${checkpoint.lastPosition})` });
    } else if (checkpointHead !== checkpoint.rootHash) {
      logFailures.push({ reason: 'checkpoint_root_mismatch', position: null, detail: `the first ${checkpoint.treeSize} events no longer have the checkpoint's tree head` });
    }
  }
  const heads: StreamHead[] = [];
  for (const [streamId, state] of streams) {
    if (!state.failed) heads.push({ streamId, revision: state.nextRevision - 1, hash: state.previousHash });
  }
  return {
    ok: failures.length === 0 && logFailures.length === 0,
    streams: streams.size,
    events,
    failures,
    heads,
    logFailures,
    sealsChecked: sealer !== null,
    unsealedBeforeSealing,
    tree: { treeSize: tree.size, lastPosition: after, rootHash: tree.head(), sealedFrom },
  };
}
