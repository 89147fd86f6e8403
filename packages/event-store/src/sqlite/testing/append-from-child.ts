import { randomUUID } from 'node:crypto';
import { getSQLiteEventStore } from '../sqlite-event-store';

/**
 * Run in a child process by the int tests: opens the store file given on the command line and
 * appends `count` events to `streamId`, one durable append at a time.
 * Usage: append-from-child.ts <path> <streamId> <count>
 */
const [path, streamId, count] = process.argv.slice(2);
if (!path || !streamId || !count) throw new Error('usage: append-from-child.ts <path> <streamId> <count>');
const store = getSQLiteEventStore({ path });
for (let i = 0; i < Number(count); i++) {
  await store.append(
    streamId,
    [
      {
        eventId: randomUUID(),
        type: 'ChildProcessWrote',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        actor: { userId: 'user-child', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc-1' },
        correlationId: randomUUID(),
        data: { i, pid: process.pid },
      },
    ],
    i === 0 ? 'no_stream' : i - 1,
  );
}
await store.close();
