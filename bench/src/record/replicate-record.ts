import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventStore, NewEvent } from '@planledger/event-store';
import type { GeneratedChild } from './generate-record';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Appends submitted before waiting, so the SQLite adapter's group commit batches them. */
const IN_FLIGHT = 4096;

/**
 * Writes `copies` copies of a record generated through the command path, each with every id (child,
 * plan, assessment, request, event, correlation) replaced consistently by a fresh one, in the
 * original global order. Each copy is as domain-valid as the original (the same events about
 * different children), and costs a fraction of running every command again, which is how a
 * million-event or Leicester-sized record is built in seconds. Returns the ids of every copy's children.
 */
export async function replicateRecord(
  source: readonly EventEnvelope[],
  children: readonly GeneratedChild[],
  target: EventStore,
  { copies, onProgress }: { copies: number; onProgress?(copiesDone: number): void },
): Promise<GeneratedChild[]> {
  const out: GeneratedChild[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const fresh = new Map<string, string>();
    const rekey = (text: string) =>
      text.replace(UUID, (id) => {
        let next = fresh.get(id);
        if (!next) {
          next = randomUUID();
          fresh.set(id, next);
        }
        return next;
      });
    let pending: Array<Promise<unknown>> = [];
    let i = 0;
    while (i < source.length) {
      const streamId = source[i]!.streamId;
      const events: NewEvent[] = [];
      for (; i < source.length && source[i]!.streamId === streamId; i++) {
        const e = source[i]!;
        const { eventId, type, schemaVersion, occurredAt, actor, correlationId, causationId, data } = e;
        events.push(JSON.parse(rekey(JSON.stringify({ eventId, type, schemaVersion, occurredAt, actor, correlationId, causationId, data }))) as NewEvent);
      }
      pending.push(target.append(rekey(streamId), events, 'any'));
      if (pending.length >= IN_FLIGHT) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
    for (const c of children) {
      out.push({ childId: rekey(c.childId), planId: rekey(c.planId), assessmentId: rekey(c.assessmentId), shortBreakId: rekey(c.shortBreakId) });
    }
    onProgress?.(copy + 1);
  }
  return out;
}

/** The whole log of a store, in order. */
export async function readWholeLog(store: EventStore): Promise<EventEnvelope[]> {
  const out: EventEnvelope[] = [];
  let after = -1;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.globalPosition;
  }
}
