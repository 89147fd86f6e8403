import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { getSQLiteEventStore } from '../sqlite-event-store';

/**
 * Run in a child process (under a syscall tracer) by the durability test: opens the store file given
 * on the command line, appends `count` events one at a time and, the moment each append has resolved,
 * writes `ack <i>` to stdout with a plain write(2), so the trace shows where each acknowledgement fell.
 * Usage: acknowledge-appends.ts <path> <count>
 */
const [path, count] = process.argv.slice(2);
if (!path || !count) throw new Error('usage: acknowledge-appends.ts <path> <count>');
const store = getSQLiteEventStore({ path });
const streamId = `plan-${randomUUID()}`;
for (let i = 0; i < Number(count); i++) {
  await store.append(
    streamId,
    [
      {
        eventId: randomUUID(),
        type: 'Acknowledged',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        actor: { userId: 'user-child', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc-1' },
        correlationId: randomUUID(),
        data: { i },
      },
    ],
    i === 0 ? 'no_stream' : i - 1,
  );
  writeSync(1, `ack ${i}\n`);
}
await store.close();
