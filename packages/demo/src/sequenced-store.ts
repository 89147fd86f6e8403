import type { EventStore, NewEvent } from '@planledger/event-store';
import { NHS_NUMBER_CLAIM_PREFIX } from '@planledger/domain';

/**
 * Turns in a fixed order: `reach(n)` resolves once every turn before n has passed. The loader gives
 * each command a turn in recorded-time order, so appends enter the store in that order however
 * many commands are in flight.
 */
export interface Turns {
  reach(turn: number): Promise<void>;
  /** The turn is over (its append has entered the store, or it wrote nothing). Passing twice is harmless. */
  pass(turn: number): void;
}

export function createTurns(): Turns {
  let next = 0;
  const passedEarly = new Set<number>();
  const waiting = new Map<number, () => void>();
  return {
    reach(turn) {
      if (turn <= next) return Promise.resolve();
      return new Promise<void>((resolve) => waiting.set(turn, resolve));
    },
    pass(turn) {
      if (turn < next) return;
      passedEarly.add(turn);
      while (passedEarly.delete(next)) next++;
      const resolve = waiting.get(next);
      if (resolve) {
        waiting.delete(next);
        resolve();
      }
    },
  };
}

/**
 * The store as the loader's commands see it: an append made during a turn waits for that turn, so
 * the log is written in turn order. The SQLite and memory stores take an append's place in the log
 * when it is called (group commit keeps that order), so the turn passes at once; any other store
 * holds the turn until the append is durable.
 *
 * A command that gives a child an NHS number appends its claim (and may first lapse a claim whose
 * write never landed) before its own events: those appends keep the turn, which passes with the
 * command's own append, so no later turn's append enters between them.
 */
export function sequencedStore(store: EventStore, turns: Turns, currentTurn: () => number | undefined): EventStore {
  const ordersOnCall = store.kind === 'sqlite' || store.kind === 'memory';
  return {
    kind: store.kind,
    async append(streamId, events, expected, options) {
      const turn = currentTurn();
      if (turn === undefined) return store.append(streamId, events, expected, options);
      await turns.reach(turn);
      const appended = store.append(streamId, events, expected, options);
      if (isClaimWrite(streamId, events)) return appended;
      if (ordersOnCall) {
        turns.pass(turn);
        return appended;
      }
      try {
        return await appended;
      } finally {
        turns.pass(turn);
      }
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    streamRevision: (streamId) => store.streamRevision(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribe: (options) => store.subscribe(options),
    verifyStream: (streamId) => store.verifyStream(streamId),
    close: () => store.close(),
  };
}

/** An append of the NHS number claim a command writes before its own events. */
function isClaimWrite(streamId: string, events: readonly NewEvent[]): boolean {
  return streamId.startsWith(NHS_NUMBER_CLAIM_PREFIX) || events.every((e) => e.type === 'NhsNumberClaimLapsed');
}
