import type { EventStore } from '@planledger/event-store';

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

/** The turn an append is made in, and whether it is its command's last write (see executeCommand's `beforeTargetAppend`). */
export interface CurrentTurn {
  turn: number;
  final: boolean;
}

/**
 * The store as the loader's commands see it: an append made during a turn waits for that turn, so
 * the log is written in turn order. Appends before a command's last write (an NHS number claim, say)
 * keep the turn; its last write passes it: at once on the SQLite and memory stores, which take an
 * append's place in the log when it is called (group commit keeps that order), and once it is
 * durable on any other store. So no later turn's append enters between a command's writes, and the
 * store needs to know nothing of what they are.
 */
export function sequencedStore(store: EventStore, turns: Turns, current: () => CurrentTurn | undefined): EventStore {
  const ordersOnCall = store.kind === 'sqlite' || store.kind === 'memory';
  return {
    kind: store.kind,
    async append(streamId, events, expected, options) {
      const at = current();
      if (at === undefined) return store.append(streamId, events, expected, options);
      await turns.reach(at.turn);
      const appended = store.append(streamId, events, expected, options);
      if (!at.final) return appended;
      if (ordersOnCall) {
        turns.pass(at.turn);
        return appended;
      }
      try {
        return await appended;
      } finally {
        turns.pass(at.turn);
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
