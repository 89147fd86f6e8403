import type { EventEnvelope } from '@planledger/event-store';

/**
 * A read model is a pure function of the event log: a starting state and a reducer.
 *
 * `evolve` may mutate `state` and return it: a rebuild folds millions of events, and cloning the
 * state per event would dominate the cost. Callers that need an immutable snapshot fold a fresh
 * `initial()` (which is what `asOf` replay does).
 */
export interface ReadModel<State> {
  readonly name: string;
  initial(): State;
  evolve(state: State, event: EventEnvelope): State;
  /**
   * Raise it when the meaning of the state changes without the reducer's own text changing (a
   * helper it calls folds differently, a field is renamed): persisted snapshots of an older version
   * are then refused and the model is rebuilt from the log. Default 1.
   */
  readonly version?: number;
  /**
   * How the state goes into a persisted snapshot and comes back. By default the state itself is
   * written with Node's structured serialisation (Maps, Sets, arrays, plain objects, dates); a model
   * whose state holds anything else (class instances, functions) gives its own pair here.
   */
  readonly snapshot?: {
    write(state: State): unknown;
    read(data: unknown): State;
  };
}

/** Folds events through a read model from its initial state. */
export function foldEvents<State>(model: ReadModel<State>, events: Iterable<EventEnvelope>): State {
  let state = model.initial();
  for (const event of events) state = model.evolve(state, event);
  return state;
}
