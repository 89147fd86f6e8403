import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDemoPartnership } from '@planledger/demo';
import { getMemoryEventStore, getSQLiteEventStore, type EventEnvelope, type NewEvent } from '@planledger/event-store';
import type { PlanRef } from '../record/plan-refs';
import { readWholeLog } from '../record/replicate-record';
import { formatNumber, progress } from '../progress';
import { nowMs } from '../timing';

/** Raise it when the writer below changes in a way its source digest would not show. */
const SCALE_RECORD_FORMAT = 1;
const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');
/** Git-ignored; one scale record per size, rewritten when the generator's version changes. */
export const SCALE_CACHE = join(REPO, 'bench', '.cache', 'scale');
/** The demo partnership copied to make the scale record (about 24 events per child). */
const SOURCE_SIZE = 2_000;
const SOURCE_SEED = 'scale';
/** Appends submitted before waiting, so the store's group commit shares each transaction among many. */
const IN_FLIGHT = 4096;
/** Plans kept for the queries: enough that the plan query does not hit the same few plans. */
const PLAN_SAMPLE = 5_000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export interface ScaleRecord {
  file: string;
  version: string;
  events: number;
  children: number;
  copies: number;
  plans: PlanRef[];
  writtenAt: string;
  writeSeconds: number;
  description: string;
}

/**
 * The generator's version: a digest of the code that decides what is written (the demo partnership's
 * generator and this writer) and the format number above. A changed generator gives a new version,
 * and the cached record is written again.
 */
export function scaleGeneratorVersion(): string {
  const hash = createHash('sha256').update(`format ${SCALE_RECORD_FORMAT}\n`);
  const demo = join(REPO, 'packages', 'demo', 'src');
  const files = [
    fileURLToPath(import.meta.url),
    ...readdirSync(demo)
      .filter((f) => f.endsWith('.ts') && !f.includes('.spec.'))
      .sort()
      .map((f) => join(demo, f)),
  ];
  for (const file of files) hash.update(`${file.slice(REPO.length)}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/**
 * A SQLite record of at least `events` events: the demo partnership (realistic gaps and all, every
 * command through executeCommand) written once in memory, then copied with every id replaced by a
 * fresh one until the size is reached, each copy a partnership's worth of children sharing one
 * organisation register (written once). Every event goes through the store's own append (hashes,
 * chains and seals as in service), many appends in flight so they share group commits. Cached in
 * bench/.cache/scale with its generator version; reused while the version matches.
 */
export async function scaleRecord(events: number): Promise<ScaleRecord> {
  const version = scaleGeneratorVersion();
  const base = join(SCALE_CACHE, `scale-${events}-${version}`);
  const manifestFile = `${base}.json`;
  if (existsSync(manifestFile) && existsSync(`${base}.db`)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ScaleRecord;
    if (manifest.version === version && manifest.events >= events) {
      progress(`scale: reusing the cached record ${manifest.file} (generator ${version}, written ${manifest.writtenAt})`);
      return manifest;
    }
  }
  mkdirSync(SCALE_CACHE, { recursive: true, mode: 0o700 });
  // Older versions of this size, and anything left by an interrupted write, go.
  for (const name of readdirSync(SCALE_CACHE)) {
    if (name.startsWith(`scale-${events}-`)) rmSync(join(SCALE_CACHE, name), { force: true });
  }
  const started = nowMs();
  progress(`scale: writing a record of ${formatNumber(events)} events (generator ${version}); first the demo partnership of ${formatNumber(SOURCE_SIZE)} children in memory ...`);
  const memory = getMemoryEventStore();
  const today = new Date().toISOString().slice(0, 10);
  const demo = await generateDemoPartnership({ store: memory, size: SOURCE_SIZE, seed: SOURCE_SEED, today });
  const source = byChild(await readWholeLog(memory));
  await memory.close();
  const keyed = source.filter((e) => e.streamId.match(UUID));
  const perCopy = keyed.length;
  const copies = Math.max(1, Math.ceil((events - (source.length - keyed.length)) / perCopy));
  const openedPlans = new Map<string, string>();
  for (const e of source) {
    if (e.type === 'FamilyHelpPlanOpened') openedPlans.set(e.streamId, e.actor.organisationId);
    if (e.type === 'FamilyHelpPlanClosed') openedPlans.delete(e.streamId);
  }
  progress(`  ${formatNumber(source.length)} events (${formatNumber(demo.children)} children) in ${((nowMs() - started) / 1000).toFixed(1)} s; ${copies} copies with fresh ids to SQLite ...`);

  const partial = `${base}.partial.db`;
  const store = getSQLiteEventStore({ path: partial });
  const plans: PlanRef[] = [];
  const plansPerCopy = Math.max(1, Math.ceil(PLAN_SAMPLE / copies));
  let written = 0;
  const writeStarted = nowMs();
  let shownAt = writeStarted;
  try {
    for (let copy = 0; copy < copies; copy++) {
      const fresh = new Map<string, string>();
      const rekey = (text: string) =>
        text.replace(UUID, (id) => {
          let next = fresh.get(id);
          if (!next) fresh.set(id, (next = randomUUID()));
          return next;
        });
      // The first copy keeps the demo's own ids, organisation register included; later copies are new children.
      const log = copy === 0 ? source : keyed;
      const key = copy === 0 ? (text: string) => text : rekey;
      let pending: Array<Promise<unknown>> = [];
      let i = 0;
      while (i < log.length) {
        const streamId = log[i]!.streamId;
        const batch: NewEvent[] = [];
        for (; i < log.length && log[i]!.streamId === streamId; i++) batch.push(newEvent(log[i]!, key));
        pending.push(store.append(key(streamId), batch, 'any'));
        written += batch.length;
        if (pending.length >= IN_FLIGHT) {
          await Promise.all(pending);
          pending = [];
          const now = nowMs();
          if (now - shownAt > 5_000) {
            shownAt = now;
            const rate = (written * 1000) / (now - writeStarted);
            const total = source.length + (copies - 1) * perCopy;
            progress(`  ${formatNumber(written)}/${formatNumber(total)} events, ${formatNumber(rate)} events/s, about ${formatNumber((total - written) / rate / 60, 1)} min to go`);
          }
        }
      }
      await Promise.all(pending);
      let taken = 0;
      for (const [streamId, organisationId] of openedPlans) {
        if (taken++ >= plansPerCopy) break;
        plans.push({ streamId: key(streamId), organisationId });
      }
    }
    const head = (await store.headPosition()) + 1;
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(`${partial}${suffix}`)) renameSync(`${partial}${suffix}`, `${base}.db${suffix}`);
    }
    const writeSeconds = (nowMs() - started) / 1000;
    const record: ScaleRecord = {
      file: `${base}.db`,
      version,
      events: head,
      children: demo.children * copies,
      copies,
      plans,
      writtenAt: new Date().toISOString(),
      writeSeconds,
      description: `${formatNumber(head)} events, ${formatNumber(demo.children * copies)} children: the demo partnership (${formatNumber(demo.children)} children, seed ${SOURCE_SEED}) copied ${copies}x with fresh ids through the store's append (generator ${version}, written in ${formatNumber(writeSeconds / 60, 1)} min)`,
    };
    writeFileSync(manifestFile, `${JSON.stringify(record, null, 2)}\n`);
    progress(`  wrote ${record.description}`);
    return record;
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
}

/**
 * The log with each child's events together (in their own order; the organisation register and
 * anything else that belongs to no child first). The demo writes 32 children at once, so in its own
 * order a stream's events are rarely next to each other; together, one append carries a run of them.
 */
function byChild(log: readonly EventEnvelope[]): EventEnvelope[] {
  const childOfStream = new Map<string, string>();
  const groups = new Map<string, EventEnvelope[]>([['', []]]);
  for (const e of log) {
    let child = childOfStream.get(e.streamId);
    if (child === undefined) {
      const named = (e.data as { childId?: unknown } | null)?.childId;
      child = e.streamId.startsWith('child-') ? e.streamId.slice('child-'.length) : typeof named === 'string' ? named : '';
      childOfStream.set(e.streamId, child);
    }
    let group = groups.get(child);
    if (!group) groups.set(child, (group = []));
    group.push(e);
  }
  return [...groups.values()].flat();
}

function newEvent(e: EventEnvelope, key: (text: string) => string): NewEvent {
  const { eventId, type, schemaVersion, occurredAt, actor, correlationId, causationId, data } = e;
  return JSON.parse(key(JSON.stringify({ eventId, type, schemaVersion, occurredAt, actor, correlationId, causationId, data }))) as NewEvent;
}
