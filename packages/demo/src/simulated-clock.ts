import { createHash } from 'node:crypto';
import { DEMO_DATA_STREAM, DemoDataMarked, type DemoDataMarkedData } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import { sampleStaff } from './partnership';
import { seededRandom } from './random';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** The demo's past: every story is told within the 18 months (548 days) before its today. */
export const SIMULATED_DAYS = 548;

export interface SimulatedClock {
  /** When the demo partnership's record began: the register and the demo mark are recorded then. */
  start: string;
  /** Midnight (UTC) at the start of the demo's today: everything recorded lies before it. */
  end: string;
  /** Midnight (UTC) of a day counted from today (-1 is yesterday). */
  dayStartMs(day: number): number;
}

export function simulatedClock(today: string): SimulatedClock {
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const dayStartMs = (day: number) => todayMs + day * DAY_MS;
  return { start: new Date(dayStartMs(-SIMULATED_DAYS) + 8 * 60 * MINUTE_MS).toISOString(), end: new Date(todayMs).toISOString(), dayStartMs };
}

export interface ScheduledStep {
  child: number;
  /** The step's place in the child's story. */
  step: number;
  recordedAt: string;
}

/**
 * When each step of each child's story was recorded, and every step of every child in that order.
 * A step is written up the same evening (about a third), within days (most), or a few weeks late
 * (a few); never before what came before it in the same child's story, which it may depend on (one
 * that would come earlier is written up the next day, 20 to 28 hours after the one before: which
 * also keeps a child's steps far apart in the log, so the loader's appends are rarely held up
 * waiting for the commit of the same child's step before). A
 * step (and so the rest of that story) that would be recorded on or after the demo's today has
 * happened but is not yet on the record, and is left out. The lags come from a random source of
 * their own, so they change nothing the story itself decides.
 */
export function scheduleByRecordedTime(stories: ReadonlyArray<ReadonlyArray<{ day: number }>>, clock: SimulatedClock, seed: string): ScheduledStep[] {
  const endMs = Date.parse(clock.end);
  const schedule: Array<ScheduledStep & { ms: number }> = [];
  stories.forEach((steps, child) => {
    const lag = seededRandom(seed, child, 'recorded');
    let previous = -Infinity;
    for (let step = 0; step < steps.length; step++) {
      const days = lag.weighted([[0, 34], [lag.int(1, 3), 36], [lag.int(4, 10), 20], [lag.int(11, 20), 7], [lag.int(21, 42), 3]] as const);
      const minuteOfDay = days === 0 ? lag.int(17 * 60, 19 * 60 + 59) : lag.int(8 * 60, 19 * 60 + 59);
      const ms = Math.max(clock.dayStartMs(steps[step]!.day + days) + minuteOfDay * MINUTE_MS, previous + lag.int(20 * 60, 28 * 60) * MINUTE_MS);
      if (ms >= endMs) break;
      previous = ms;
      schedule.push({ child, step, recordedAt: new Date(ms).toISOString(), ms });
    }
  });
  schedule.sort((a, b) => a.ms - b.ms || a.child - b.child || a.step - b.step);
  return schedule.map(({ child, step, recordedAt }) => ({ child, step, recordedAt }));
}

/** A uuid (version 5 layout) from a name, so the same demo always writes the same ids. */
function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Marks the record as holding the demo partnership: one `DemoDataMarked` event in the
 * `demo-data` stream, recorded when the demo's record begins, written once (the same demo writes
 * the same event, which the store answers as already held). `pnpm verify` reports it.
 */
export async function markDemoData(store: EventStore, data: DemoDataMarkedData): Promise<void> {
  const administrator = sampleStaff.partnership_administrator;
  const name = `demo-data:${data.seed}:${data.size}:${data.today}`;
  await store.append(
    DEMO_DATA_STREAM,
    [
      {
        eventId: uuidFrom(name),
        type: DemoDataMarked.type,
        schemaVersion: DemoDataMarked.schemaVersion,
        occurredAt: data.recordedFrom,
        actor: { userId: administrator.userId, role: administrator.role, agency: administrator.agency, organisationId: administrator.organisationId },
        correlationId: uuidFrom(`${name}:correlation`),
        data: DemoDataMarked.data.parse(data),
      },
    ],
    'any',
    { recordedAt: data.recordedFrom },
  );
}
