/** Nearest-rank percentile of an unsorted sample; NaN for an empty one. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for an empty sample. */
export function median(sample: readonly number[]): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const nowMs = (): number => performance.now();

/**
 * Runs `step` until `durationMs` has passed or `maxSteps` were done (loops are always bounded), and
 * returns how many units of work the steps reported and how long they took.
 */
export async function runFor(
  { durationMs, maxSteps }: { durationMs: number; maxSteps: number },
  step: (i: number) => Promise<number>,
): Promise<{ units: number; ms: number; steps: number }> {
  const start = nowMs();
  let units = 0;
  let steps = 0;
  while (steps < maxSteps && nowMs() - start < durationMs) {
    units += await step(steps);
    steps++;
  }
  return { units, ms: nowMs() - start, steps };
}

export const perSecond = (units: number, ms: number): number => (ms > 0 ? (units * 1000) / ms : 0);
