import type { EventEnvelope, EventStore, Subscription } from '@planledger/event-store';
import type { ReadModel } from './read-model';

export interface ProjectionFailure {
  model: string;
  eventId: string;
  globalPosition: number;
  error: unknown;
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  // The runner holds models of different state types side by side.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readModels: ReadonlyArray<ReadModel<any>>;
  /** Checkpoint: the global position already reflected in `initialStates` (default: none, rebuild from the start). */
  after?: number;
  /** States matching the checkpoint; defaults to each model's `initial()`. */
  initialStates?: ReadonlyMap<string, unknown>;
  /**
   * Asked once before the runner subscribes (e.g. the latest persisted snapshot): a checkpoint and the
   * states valid at it, which replace `after` and `initialStates`; null (or a failure) keeps them.
   */
  resume?(): Promise<RunnerCheckpoint | null>;
  /** Pause before resubscribing after the store drops the subscription. */
  resubscribeDelayMs?: number;
  /** A model that throws on an event skips that event (and says so here) rather than stalling every read. */
  onProjectionFailure?(failure: ProjectionFailure): void;
  /** The subscription dropped (store failure); the runner resubscribes from its position. */
  onDropped?(error: unknown): void;
}

export interface RunnerCheckpoint {
  after: number;
  initialStates: ReadonlyMap<string, unknown>;
}

export interface ProjectionRunner {
  /** Global position of the last event applied, -1 before the first. */
  readonly position: number;
  /** True once the runner has applied everything that was in the log when it started. */
  readonly ready: boolean;
  /** Resolves once ready; rejects after `timeoutMs` if given. */
  whenReady(timeoutMs?: number): Promise<void>;
  /**
   * Read your writes: resolves true once every event up to `position` is applied, false if that has
   * not happened within `timeoutMs`.
   */
  waitFor(position: number, timeoutMs: number): Promise<boolean>;
  /** The live state of one read model. Treat it as read-only. */
  state<State>(model: ReadModel<State>): State;
  /** Called after each applied event (for live subscriptions); returns an unsubscribe function. */
  onApplied(listener: (event: EventEnvelope) => void): () => void;
  /** Number of events each model failed to apply. */
  readonly failures: number;
  /** Stops following the log; resolves once no event is being applied. */
  stop(): Promise<void>;
}

interface PositionWaiter {
  position: number;
  resolve(reached: boolean): void;
  timer: NodeJS.Timeout;
}

/**
 * Catches up from a checkpoint and then follows the live log. Every event is applied at most once:
 * an event whose position is not beyond the last applied one is ignored, so a resubscription that
 * overlaps what was already applied neither gaps nor double counts.
 */
export function startProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const { store, readModels, resubscribeDelayMs = 200 } = options;
  // Arrays rather than a map: the apply loop runs once per model per event over millions of events.
  const indexOf = new Map<string, number>();
  const states: unknown[] = [];
  for (const model of readModels) {
    if (indexOf.has(model.name)) throw new Error(`two read models are named ${model.name}`);
    indexOf.set(model.name, states.length);
    states.push(options.initialStates?.has(model.name) ? options.initialStates.get(model.name) : model.initial());
  }

  let position = options.after ?? -1;
  let ready = false;
  let stopped = false;
  let failures = 0;
  let subscription: Subscription | null = null;
  let resubscribeTimer: NodeJS.Timeout | null = null;
  let waiters: PositionWaiter[] = [];
  const readyWaiters: Array<() => void> = [];
  const listeners = new Set<(event: EventEnvelope) => void>();

  const apply = (event: EventEnvelope): void => {
    if (event.globalPosition <= position) return;
    for (let i = 0; i < readModels.length; i++) {
      const model = readModels[i]!;
      try {
        states[i] = model.evolve(states[i], event);
      } catch (error) {
        failures++;
        options.onProjectionFailure?.({ model: model.name, eventId: event.eventId, globalPosition: event.globalPosition, error });
      }
    }
    position = event.globalPosition;
    if (waiters.length > 0) settleWaiters();
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A live subscriber's failure must not stop the read models.
      }
    }
  };

  const settleWaiters = () => {
    const still: PositionWaiter[] = [];
    for (const w of waiters) {
      if (w.position <= position) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else still.push(w);
    }
    waiters = still;
  };

  const markReady = () => {
    if (ready) return;
    ready = true;
    for (const resolve of readyWaiters.splice(0)) resolve();
  };

  const subscribe = () => {
    if (stopped) return;
    subscription = store.subscribe({
      after: position,
      onEvent: apply,
      onCaughtUp: markReady,
      onDropped: (error) => {
        subscription = null;
        options.onDropped?.(error);
        if (!stopped) resubscribeTimer = setTimeout(subscribe, resubscribeDelayMs);
      },
    });
  };
  if (options.resume) {
    void options
      .resume()
      .catch(() => null)
      .then((checkpoint) => {
        // A checkpoint must hold every model: one left at its initial state would silently miss the events before it.
        if (checkpoint && readModels.every((model) => checkpoint.initialStates.has(model.name))) {
          for (const [name, state] of checkpoint.initialStates) {
            const index = indexOf.get(name);
            if (index !== undefined) states[index] = state;
          }
          position = checkpoint.after;
        }
        subscribe();
      });
  } else subscribe();

  return {
    get position() {
      return position;
    },
    get ready() {
      return ready;
    },
    get failures() {
      return failures;
    },
    whenReady(timeoutMs) {
      if (ready) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          if (timer) clearTimeout(timer);
          resolve();
        };
        readyWaiters.push(done);
        if (timeoutMs !== undefined) {
          timer = setTimeout(() => {
            const i = readyWaiters.indexOf(done);
            if (i >= 0) readyWaiters.splice(i, 1);
            reject(new Error(`read models not caught up within ${timeoutMs} ms (at position ${position})`));
          }, timeoutMs);
        }
      });
    },
    waitFor(target, timeoutMs) {
      if (target <= position) return Promise.resolve(true);
      if (stopped) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const waiter: PositionWaiter = {
          position: target,
          resolve,
          timer: setTimeout(() => {
            waiters = waiters.filter((w) => w !== waiter);
            resolve(false);
          }, timeoutMs),
        };
        waiters.push(waiter);
      });
    },
    state<State>(model: ReadModel<State>): State {
      const index = indexOf.get(model.name);
      if (index === undefined) throw new Error(`read model ${model.name} is not run by this runner`);
      return states[index] as State;
    },
    onApplied(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      stopped = true;
      if (resubscribeTimer) clearTimeout(resubscribeTimer);
      await subscription?.close();
      subscription = null;
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.resolve(w.position <= position);
      }
      waiters = [];
      listeners.clear();
    },
  };
}
