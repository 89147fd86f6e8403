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
}

/** Folds events through a read model from its initial state. */
export function foldEvents<State>(model: ReadModel<State>, events: Iterable<EventEnvelope>): State {
  let state = model.initial();
  for (const event of events) state = model.evolve(state, event);
  return state;
}
