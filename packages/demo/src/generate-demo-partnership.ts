import { AsyncLocalStorage } from 'node:async_hooks';
import { executeCommand, type Caller, type CommandResult } from '@planledger/domain';
import type { EventStore } from '@planledger/event-store';
import { childViewAsOf, evolveFamilyHelpPlanView, familyHelpPlanCompleteness, teamOf, viewAsOf } from '@planledger/projections';
import { planChildJourney, type JourneyContext, type JourneyPlan, type JourneyResult } from './child-journey';
import { markDemoData, scheduleByRecordedTime, simulatedClock } from './simulated-clock';
import { seedDemoRegister } from './partnership';
import { seededRandom } from './random';
import { createTurns, sequencedStore, type CurrentTurn } from './sequenced-store';

/** Leicester maintains a little over 4,000 EHC plans. */
export const DEFAULT_DEMO_SIZE = 4_200;
export const DEFAULT_DEMO_SEED = 'leicester';
/** Enough appends in flight for the SQLite store to group many into each durable commit. */
export const DEFAULT_DEMO_CONCURRENCY = 64;

export interface DemoProgress {
  /** Children whose story is fully written. */
  done: number;
  total: number;
  commands: number;
  /** Commands the load will write in all. */
  totalCommands: number;
  /** The simulated day the load has reached (YYYY-MM-DD). */
  recordedOn: string;
  events: number;
  elapsedMs: number;
}

/** One command of the demo's story, as the loader sent it. */
export interface DemoCommand {
  command: string;
  caller: Caller;
  params: Record<string, string>;
  body: Record<string, unknown>;
  /** The simulated instant it was recorded at (the store's recordedAt of its events). */
  recordedAt: string;
  result: CommandResult;
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
  /** Called after each command is written (or found already written), with what was sent and when it was recorded. */
  onCommand?: (command: DemoCommand) => void;
  /** Commands in flight at once (each child's own commands run in order). Default 32. */
  concurrency?: number;
  /** The key naming NHS number claim streams: the one the record API will use on this store (loadNhsNumberKey). */
  nhsNumberKey?: Uint8Array;
}

export interface DemoPartnership {
  seed: string;
  size: number;
  today: string;
  /** The simulated clock: the first and the last instant the demo's events were recorded at. */
  recordedFrom: string;
  recordedTo: string;
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
 * path the record API uses, as the people of each role would, on a simulated clock: each command
 * happened (`occurredAt`) on its day in the 18 months before `today` and is recorded (`recordedAt`,
 * through the store's backdating option) a plausible few hours, days or weeks later. Every
 * child's commands are planned first, then all of them are written in the order they were
 * recorded, so recorded time never runs backwards along the log. Every command carries an
 * Idempotency-Key derived from the seed and its place in the story, so ids are the same on every
 * run with the same seed, and a load that was interrupted can simply be run again: what was written
 * is answered from the record, the rest is written.
 */
export async function generateDemoPartnership(options: GenerateDemoOptions): Promise<DemoPartnership> {
  const { onProgress } = options;
  const size = options.size ?? DEFAULT_DEMO_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a whole number of at least 1');
  const seed = String(options.seed ?? DEFAULT_DEMO_SEED);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError('today must be a date, YYYY-MM-DD');
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_DEMO_CONCURRENCY);
  const withoutEhc = Math.round(size / 10);
  const total = size + withoutEhc;
  const started = performance.now();
  const clock = simulatedClock(today);
  const turn = new AsyncLocalStorage<CurrentTurn>();
  const turns = createTurns();
  const store = sequencedStore(options.store, turns, () => turn.getStore());

  // The record says it is demo data before anything else, then the register every caller must agree with.
  await markDemoData(store, { seed, size, today, recordedFrom: clock.start, recordedTo: clock.end });
  // Dated well before any child's story, so the same seed and day write the same register.
  await seedDemoRegister(store, `${Number(today.slice(0, 4)) - 8}-04-01T09:00:00Z`, clock.start);

  const summary: Omit<DemoPartnership, 'showcase' | 'elapsedMs'> = {
    seed, size, today, recordedFrom: clock.start, recordedTo: clock.end, children: 0, ehcAssessments: 0, familyHelpPlans: 0, shortBreaks: 0, audits: 0, commands: 0, events: 0,
  };

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
  // As `familyHelpPlan(id, asOf)` computes it: the plan and the child's team replayed to the instant, judged then.
  const completenessAt = async (planStreamId: string, childId: string, asOf: string) => {
    const at = { asOf: new Date(asOf) };
    const view = await viewAsOf(store, planStreamId, at, evolveFamilyHelpPlanView);
    if (!view) throw new Error(`${planStreamId} had no events at ${asOf}`);
    const assessments = journeys[childIndexOf.get(childId)!]!.result().ehcAssessmentId;
    const child = await childViewAsOf(store, childId, assessments ? [`ehc-assessment-${assessments}`] : [], at);
    return familyHelpPlanCompleteness(view, at.asOf, child ? teamOf(child).map((m) => m.agency) : []);
  };

  // Plan every child's story, then give each step the moment it was recorded.
  const childIndexOf = new Map<string, number>();
  const journeys = Array.from({ length: total }, (_, index) => {
    const random = seededRandom(seed, index);
    let step = 0;
    let recordedAt = '';
    const run = async (command: string, caller: Caller, body: Record<string, unknown>, params: Record<string, string> = {}): Promise<CommandResult> => {
      const idempotencyKey = `demo:${seed}:${index}:${step++}`;
      try {
        const current = turn.getStore();
        const answer = await executeCommand(store, { command, params, body, caller, idempotencyKey }, {
          recordedAt,
          ...(options.nhsNumberKey ? { nhsNumberKey: options.nhsNumberKey } : {}),
          // The command's own append is its last write: the next command's turn comes with it.
          ...(current ? { beforeTargetAppend: () => (current.final = true) } : {}),
        });
        if (command === 'registerChild') childIndexOf.set(answer.entityId, index);
        summary.commands++;
        summary.events += answer.eventIds.length;
        options.onCommand?.({ command, caller, params, body, recordedAt, result: answer });
        return answer;
      } catch (error) {
        const { code, rule } = error as { code?: string; rule?: string };
        throw new Error(`demo child ${index}: ${command} by ${caller.role} was refused (${code ?? 'error'}${rule ? ` ${rule}` : ''})`, { cause: error });
      }
    };
    const ctx: JourneyContext = { random, today, run, eventData, lastRecordedAt, completenessAt, serial: index };
    const journey = planChildJourney(ctx, planFor(index, size, random));
    return { ...journey, setRecordedAt: (at: string) => (recordedAt = at) };
  });
  const schedule = scheduleByRecordedTime(journeys.map((j) => j.steps), clock, seed);
  const left = journeys.map(() => 0);
  for (const s of schedule) left[s.child]!++;
  const finishChild = (index: number) => {
    const result = journeys[index]!.result();
    summary.children++;
    if (result.ehcAssessmentId) summary.ehcAssessments++;
    if (result.familyHelpPlanId) summary.familyHelpPlans++;
    if (result.shortBreakId) summary.shortBreaks++;
    if (result.auditId) summary.audits++;
  };
  let reached = clock.start;
  const report = (recordedAt: string) => {
    if (recordedAt > reached) reached = recordedAt;
    onProgress?.({ done: summary.children, total, commands: summary.commands, totalCommands: schedule.length, recordedOn: reached.slice(0, 10), events: summary.events, elapsedMs: performance.now() - started });
  };
  // Children whose whole story lies after the load (none recorded yet) count as written at once.
  for (let index = 0; index < total; index++) if (left[index] === 0) finishChild(index);

  // Write in recorded order: up to `concurrency` commands in flight, each child's one after another,
  // and each append let into the store only after every earlier one has been (see sequenced-store.ts).
  let failure: unknown = null;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  const tails: Array<Promise<void>> = journeys.map(() => Promise.resolve());
  for (let ticket = 0; ticket < schedule.length && failure === null; ticket++) {
    while (inFlight >= concurrency) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== null) break;
    const s = schedule[ticket]!;
    inFlight++;
    tails[s.child] = tails[s.child]!.then(async () => {
      try {
        if (failure !== null) return;
        const journey = journeys[s.child]!;
        journey.setRecordedAt(s.recordedAt);
        await turn.run({ turn: ticket, final: false }, () => journey.steps[s.step]!.run());
        if (--left[s.child]! === 0) finishChild(s.child);
        report(s.recordedAt);
      } catch (error) {
        failure ??= error;
      } finally {
        turns.pass(ticket);
        inFlight--;
        const w = wake;
        wake = null;
        w?.();
      }
    });
  }
  await Promise.all(tails);
  if (failure !== null) throw failure;
  return { ...summary, elapsedMs: performance.now() - started, showcase: journeys[0]!.result() };
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
