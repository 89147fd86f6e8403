/**
 * `pnpm verify`: re-computes the hash chain of every stream in the configured store and names the
 * first bad event of each bad stream. Exit code 0 when every chain holds, 1 when any does not, 2 when
 * the store cannot be read.
 *
 *   PLANLEDGER_STORE, PLANLEDGER_DATA_DIR   the store, as for the services (default sqlite:.data/planledger.db)
 *   --log <file.jsonl>        verify an exported log (one event per line) instead of the store
 *   --anchors <file.json>     heads saved by an earlier run: truncation or re-hashing since then is caught
 *   --save-anchors <file>     save this run's stream heads for the next run
 *   --quiet                   no progress lines
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { getMemoryEventStore, getSQLiteEventStore, verifyAllStreams, type EventEnvelope, type EventStore, type StreamHead } from '@planledger/event-store';

const PROGRESS_EVERY_MS = 1_000;

function openStore(env: NodeJS.ProcessEnv, log: string | undefined): EventStore {
  if (log) {
    const events = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EventEnvelope);
    return getMemoryEventStore({ events });
  }
  const dataDir = env.PLANLEDGER_DATA_DIR?.trim() || '.data';
  const spec = env.PLANLEDGER_STORE?.trim() || `sqlite:${join(dataDir, 'planledger.db')}`;
  if (!spec.startsWith('sqlite:')) throw new Error(`pnpm verify reads a sqlite:<file> store or an exported --log, not ${JSON.stringify(spec)}`);
  const path = spec.slice('sqlite:'.length);
  // Verifying must never create an empty store where the user expected theirs.
  if (!existsSync(path)) throw new Error(`no store at ${path}`);
  return getSQLiteEventStore({ path, create: false });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { log: { type: 'string' }, anchors: { type: 'string' }, 'save-anchors': { type: 'string' }, quiet: { type: 'boolean', default: false } },
  });
  let store: EventStore;
  try {
    store = openStore(process.env, values.log);
  } catch (error) {
    console.error(`verify: ${(error as Error).message}`);
    return 2;
  }
  try {
    const anchors = values.anchors ? (JSON.parse(readFileSync(values.anchors, 'utf8')) as StreamHead[]) : undefined;
    const started = Date.now();
    let lastReport = started;
    const result = await verifyAllStreams(store, {
      ...(anchors ? { anchors } : {}),
      onProgress: ({ events, streams, position }) => {
        const now = Date.now();
        if (values.quiet || now - lastReport < PROGRESS_EVERY_MS) return;
        lastReport = now;
        console.error(`verify: ${events.toLocaleString('en-GB')} events in ${streams.toLocaleString('en-GB')} streams checked (position ${position})`);
      },
    });
    for (const failure of result.failures) {
      console.log(`BAD ${failure.streamId}: first bad event at revision ${failure.firstBadRevision}${failure.eventId ? ` (event ${failure.eventId})` : ''}: ${failure.reason}`);
    }
    if (values['save-anchors']) {
      mkdirSync(dirname(values['save-anchors']), { recursive: true });
      writeFileSync(values['save-anchors'], `${JSON.stringify(result.heads, null, 2)}\n`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary = `${result.events.toLocaleString('en-GB')} events in ${result.streams.toLocaleString('en-GB')} streams in ${seconds} s`;
    if (result.ok) {
      console.log(`verify: every hash chain holds (${summary})`);
      return 0;
    }
    console.log(`verify: ${result.failures.length} of ${result.streams.toLocaleString('en-GB')} streams are broken (${summary})`);
    return 1;
  } catch (error) {
    console.error(`verify: the store could not be read: ${(error as Error).message}`);
    return 2;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
