/**
 * Long computations over the whole partnership (KPI windows, replays of the log) are written as
 * generators that yield between records. `drain` runs one to the end at once (tests, scripts);
 * `inSlices` runs it on a shared event loop, handing the loop back (setImmediate) whenever a slice
 * has run for `sliceMs`, so a neighbour's request is served between two slices rather than after
 * the whole computation. Both run the same generator, so the answer cannot differ.
 */
export type Steps<T> = Generator<void, T, void>;

export interface SliceOptions {
  /** Longest run between two hand-backs of the event loop. Default 4 ms. */
  sliceMs?: number;
  /** Called once per hand-back (how many slices a computation took is measured in tests). */
  onSlice?: () => void;
}

export const DEFAULT_SLICE_MS = 4;

/** How often the clock is read: every this many steps (a step is one record, cheap). */
const STEPS_PER_CLOCK_READ = 64;

export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function inSlices<T>(steps: Steps<T>, { sliceMs = DEFAULT_SLICE_MS, onSlice }: SliceOptions = {}): Promise<T> {
  let sliceEnds = performance.now() + sliceMs;
  for (let n = 1; ; n++) {
    const next = steps.next();
    if (next.done) return next.value;
    if (n % STEPS_PER_CLOCK_READ === 0 && performance.now() >= sliceEnds) {
      onSlice?.();
      await turn();
      sliceEnds = performance.now() + sliceMs;
    }
  }
}
