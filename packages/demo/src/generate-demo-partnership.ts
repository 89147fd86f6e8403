import { executeCommand, type Caller, type CommandResult } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import { seedDemoRegister } from './partnership';
import { runChildJourney, type JourneyContext, type JourneyPlan, type JourneyResult } from './child-journey';
import { seededRandom } from './random';

/** Leicester maintains a little over 4,000 EHC plans. */
export const DEFAULT_DEMO_SIZE = 4_200;
export const DEFAULT_DEMO_SEED = 'leicester';
/** Enough appends in flight for the SQLite store to group many into each durable commit. */
export const DEFAULT_DEMO_CONCURRENCY = 32;

export interface DemoProgress {
  /** Children whose story is fully written. */
  done: number;
  total: number;
  commands: number;
  events: number;
  elapsedMs: number;
}

export interface GenerateDemoOptions {
  store: EventStore;
  /** Children with EHC plans (default 4,200). About a tenth as many again have only a Family Help plan. */
  size?: number;
  seed?: string | number;
  /** Called after each child; throttle in the caller if printing. */
  onProgress?: (progress: DemoProgress) => void;
  /** The demo's today (YYYY-MM-DD); every date in the demo lies before it. Default: the current date. */
  today?: string;
  /** Children written at the same time (each child's own commands run in order). Default 32. */
  concurrency?: number;
  /** The key naming NHS number claim streams: the one the record API will use on this store (loadNhsNumberKey). */
  nhsNumberKey?: Uint8Array;
}

export interface DemoPartnership {
  seed: string;
  size: number;
  today: string;
  children: number;
  ehcAssessments: number;
  familyHelpPlans: number;
  shortBreaks: number;
  audits: number;
  commands: number;
  /** Events the commands appended to their own streams (team invitations by advice requests not counted). */
  events: number;
  elapsedMs: number;
  /** A child with every kind of record, in the sample organisations: a good first query. */
  showcase: JourneyResult;
}

/**
 * Writes a deterministic, Leicester-sized partnership through `executeCommand`, the same command
 * path the record API uses, as the people of each role would. Every command carries an
 * Idempotency-Key derived from the seed and its place in the story, so ids are the same on every
 * run with the same seed, and a load that was interrupted can simply be run again: what was written
 * is answered from the record, the rest is written.
 */
export async function generateDemoPartnership(options: GenerateDemoOptions): Promise<DemoPartnership> {
  const { store, onProgress } = options;
  const size = options.size ?? DEFAULT_DEMO_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a whole number of at least 1');
  const seed = String(options.seed ?? DEFAULT_DEMO_SEED);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError('today must be a date, YYYY-MM-DD');
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_DEMO_CONCURRENCY);
  const withoutEhc = Math.round(size / 10);
  const total = size + withoutEhc;
  const started = performance.now();
  // Every caller below must agree with the register, so it is written first.
  // Dated well before any child's story, so the same seed and day write the same register.
  await seedDemoRegister(store, `${Number(today.slice(0, 4)) - 8}-04-01T09:00:00Z`);

  const summary: Omit<DemoPartnership, 'showcase' | 'elapsedMs'> = { seed, size, today, children: 0, ehcAssessments: 0, familyHelpPlans: 0, shortBreaks: 0, audits: 0, commands: 0, events: 0 };
  const results: JourneyResult[] = new Array(total);

  const eventData = async (streamId: string, eventId: string) => {
    const event = (await store.readStream(streamId)).find((e) => e.eventId === eventId);
    if (!event) throw new Error(`event ${eventId} is not in ${streamId}`);
    return event.data as Record<string, unknown>;
  };
  const lastRecordedAt = async (streamId: string) => {
    const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last) throw new Error(`${streamId} has no events`);
    return last.recordedAt;
  };

  const writeChild = async (index: number) => {
    const random = seededRandom(seed, index);
    let step = 0;
    const run = async (command: string, caller: Caller, body: Record<string, unknown>, params: Record<string, string> = {}): Promise<CommandResult> => {
      const idempotencyKey = `demo:${seed}:${index}:${step++}`;
      try {
        return await executeCommand(store, { command, params, body, caller, idempotencyKey }, options.nhsNumberKey ? { nhsNumberKey: options.nhsNumberKey } : {});
      } catch (error) {
        const { code, rule } = error as { code?: string; rule?: string };
        throw new Error(`demo child ${index}: ${command} by ${caller.role} was refused (${code ?? 'error'}${rule ? ` ${rule}` : ''})`, { cause: error });
      }
    };
    const ctx: JourneyContext = { random, today, run, eventData, lastRecordedAt, serial: index };
    const result = await runChildJourney(ctx, planFor(index, size, random));
    results[index] = result;
    summary.children++;
    if (result.ehcAssessmentId) summary.ehcAssessments++;
    if (result.familyHelpPlanId) summary.familyHelpPlans++;
    if (result.shortBreakId) summary.shortBreaks++;
    if (result.auditId) summary.audits++;
    summary.commands += result.commands;
    summary.events += result.events;
    onProgress?.({ done: summary.children, total, commands: summary.commands, events: summary.events, elapsedMs: performance.now() - started });
  };

  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < total) {
      const index = next++;
      try {
        await writeChild(index);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  if (failure !== null) throw failure;

  return { ...summary, elapsedMs: performance.now() - started, showcase: results[0]! };
}

/** Which records a child has. Child 0 is the showcase; the first `size` children have EHC plans. */
function planFor(index: number, size: number, random: ReturnType<typeof seededRandom>): JourneyPlan {
  if (index === 0) return { ehc: true, familyHelp: true, shortBreak: true, showcase: true };
  if (index < size) {
    const familyHelp = random.chance(0.25);
    return { ehc: true, familyHelp, shortBreak: random.chance(familyHelp ? 0.45 : 0.12) };
  }
  return { ehc: false, familyHelp: true, shortBreak: random.chance(0.35) };
}
