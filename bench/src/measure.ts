/** A target from DESIGN.md section 6, checked either against the value itself or its ratio to a baseline. */
export interface Target {
  /** As the design states it, e.g. ">= 0.8x bare insert". */
  text: string;
  on: 'value' | 'ratio';
  atLeast?: number;
  atMost?: number;
  /** Strictly below: the design's "< 20 ms" is missed at 20 ms exactly. */
  below?: number;
}

export type MeasureStatus = 'measured' | 'unavailable' | 'failed' | 'skipped';

export interface Measure {
  /** Stable across runs so `--compare` can pair them, e.g. `store.append.single.planledger`. */
  id: string;
  /** What is measured, e.g. "Store append, 1 event per append, 1 writer". */
  title: string;
  contender: string;
  status: MeasureStatus;
  value: number | null;
  unit: string;
  /** value divided by the baseline's value in the same run. */
  ratio?: { to: string; value: number };
  target?: Target & { pass: boolean | null };
  /** Anything a reader needs to judge the number: sizes, where the data came from, failures seen. */
  note?: string;
}

export function checkTarget(target: Target, value: number | null, ratio: number | undefined): boolean | null {
  const subject = target.on === 'ratio' ? ratio : value;
  if (subject === undefined || subject === null || !Number.isFinite(subject)) return null;
  if (target.atLeast !== undefined && subject < target.atLeast) return false;
  if (target.atMost !== undefined && subject > target.atMost) return false;
  if (target.below !== undefined && subject >= target.below) return false;
  return true;
}

export interface MeasureInput {
  id: string;
  title: string;
  contender: string;
  value: number;
  unit: string;
  /** The ratio is value / baseline.value unless `ratio` is given (e.g. the median of per-round ratios). */
  baseline?: { contender: string; value: number; ratio?: number };
  target?: Target;
  note?: string;
}

export function measured({ baseline, target, ...rest }: MeasureInput): Measure {
  const ratio = baseline && baseline.value > 0 ? { to: baseline.contender, value: baseline.ratio ?? rest.value / baseline.value } : undefined;
  return {
    ...rest,
    status: 'measured',
    ...(ratio ? { ratio } : {}),
    ...(target ? { target: { ...target, pass: checkTarget(target, rest.value, ratio?.value) } } : {}),
  };
}

/** A contender that could not run here: recorded with the reason, never with a made-up number. */
export function notMeasured(
  status: 'unavailable' | 'failed' | 'skipped',
  { id, title, contender, unit, target }: { id: string; title: string; contender: string; unit: string; target?: Target },
  reason: string,
): Measure {
  return { id, title, contender, status, value: null, unit, note: reason, ...(target ? { target: { ...target, pass: null } } : {}) };
}
