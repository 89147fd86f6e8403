/**
 * `pnpm verify`: re-computes the hash chain of every stream in the configured store, checks every
 * event's seal against the writing service's key, proves the log still extends a signed checkpoint,
 * and (SQLite) that the append-only triggers are present, the streams table agrees with the events and
 * `quick_check` passes. Names the first bad event of each bad stream. Then the same checks (hash
 * chains, seals, structure) on the query API's access-log store when it has one of its own and it
 * exists (`<dataDir>/access-log.db` beside a SQLite record, or PLANLEDGER_ACCESS_LOG_STORE). Each
 * store is reported by name. Exit code 0 when everything holds, 1 when anything does not, 2 when a
 * store cannot be read.
 *
 *   PLANLEDGER_STORE, PLANLEDGER_DATA_DIR   the store, as for the services (default sqlite:.data/planledger.db;
 *                             esdb:// and kurrentdb:// URLs too); the keys from <dataDir>/keys or
 *                             PLANLEDGER_LOG_SEAL_KEY / PLANLEDGER_CHECKPOINT_KEY
 *   PLANLEDGER_ACCESS_LOG_STORE   the access log's store, as for the query API (default: see above)
 *   --log <file.jsonl>        verify an exported log (one event per line) instead of the store (the access log is not read)
 *   --checkpoint <file>       a checkpoint saved earlier: the record's log must still extend it
 *   --checkpoint-key <pem>    the public key checkpoints must be signed with (default: the local key's)
 *   --save-checkpoint <file>  when everything holds, save a signed checkpoint of the record's log as it is now
 *   --anchors <file.json>     the record's heads saved by an earlier run: truncation or re-hashing since then is caught
 *   --save-anchors <file>     save this run's heads of the record's streams for the next run
 *   --quiet                   no progress lines
 *
 * Checkpoints and anchors are of the record store only; the access log is checked by its hash chains,
 * seals and file structure.
 */
import { DEMO_DATA_STREAM, type DemoDataMarkedData } from '@planledger/domain';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  accessLogStoreSpec,
  recordStoreUrl,
  getMemoryEventStore,
  getSQLiteEventStore,
  loadLogKeys,
  openEventStore,
  signCheckpoint,
  verifyAllStreams,
  type Checkpoint,
  type EventEnvelope,
  type LogKeys,
  type EventStore,
  type StreamHead,
  type StructureReport,
} from '@planledger/event-store';

const PROGRESS_EVERY_MS = 1_000;

/** A store's name in the report: a SQLite file's path, a server's URL without credentials. */
const nameOf = (url: string) => (url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url.replace(/\/\/[^@/]*@/, '//***@'));

async function openUrl(url: string): Promise<EventStore> {
  if (!url.startsWith('sqlite:')) return openEventStore(url);
  const path = url.slice('sqlite:'.length);
  // Verifying must never create an empty store where the user expected theirs.
  if (!existsSync(path)) throw new Error(`no store at ${path}`);
  return getSQLiteEventStore({ path, create: false });
}

async function openStore(env: NodeJS.ProcessEnv, dataDir: string, log: string | undefined): Promise<EventStore> {
  if (log) {
    const events = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EventEnvelope);
    return getMemoryEventStore({ events });
  }
  return openUrl(recordStoreUrl(env, dataDir));
}

/** The access log's own store to verify, if it has one and it holds anything yet. */
function accessLogUrl(env: NodeJS.ProcessEnv, dataDir: string): { url: string; missing: boolean } | null {
  const spec = accessLogStoreSpec(env, dataDir);
  // Shared with the record (EventStoreDB, memory, or the record's own file): verified with it.
  if (spec.shared || /^memory:?$/i.test(spec.url)) return null;
  return { url: spec.url, missing: spec.url.startsWith('sqlite:') && !existsSync(spec.url.slice('sqlite:'.length)) };
}

const hasStructureCheck = (store: EventStore): store is EventStore & { checkStructure(): Promise<StructureReport> } =>
  typeof (store as { checkStructure?: unknown }).checkStructure === 'function';

interface VerifyOptions {
  keys: LogKeys | null;
  dataDir: string;
  quiet: boolean;
  /** The record store's own checks: anchors, checkpoints, the demo's mark. */
  record?: { anchors?: StreamHead[]; checkpoint?: Checkpoint; publicKey?: KeyObject; saveAnchors?: string; saveCheckpoint?: string };
}

/** Verifies one store and reports it under its name: 0 when everything holds, 1 when anything does not, 2 when it cannot be read. */
async function verifyStore(store: EventStore, name: string, { keys, dataDir, quiet, record }: VerifyOptions): Promise<number> {
  const { anchors, checkpoint, publicKey } = record ?? {};
  try {
    const started = Date.now();
    let lastReport = started;
    const result = await verifyAllStreams(store, {
      ...(anchors ? { anchors } : {}),
      ...(keys ? { sealKey: keys.sealKey } : {}),
      ...(checkpoint && publicKey ? { checkpoint: { checkpoint, publicKey } } : {}),
      onProgress: ({ events, streams, position }) => {
        const now = Date.now();
        if (quiet || now - lastReport < PROGRESS_EVERY_MS) return;
        lastReport = now;
        console.error(`verify: ${name}: ${events.toLocaleString('en-GB')} events in ${streams.toLocaleString('en-GB')} streams checked (position ${position})`);
      },
    });
    for (const failure of result.failures) {
      console.log(`BAD ${failure.streamId}: first bad event at revision ${failure.firstBadRevision}${failure.eventId ? ` (event ${failure.eventId})` : ''}: ${failure.reason}`);
    }
    for (const failure of result.logFailures) {
      console.log(`BAD log: ${failure.reason}${failure.position !== null ? ` at position ${failure.position}` : ''}: ${failure.detail}`);
    }
    const structure = hasStructureCheck(store) ? await store.checkStructure() : null;
    for (const problem of structure?.problems ?? []) console.log(`BAD file: ${problem.check}: ${problem.detail}`);
    if (!result.sealsChecked) console.log(keys ? `verify: ${name}: this store keeps no seals; hash chains only` : `verify: no log seal key (PLANLEDGER_LOG_SEAL_KEY or ${join(dataDir, 'keys')}): seals not checked`);
    else if (result.unsealedBeforeSealing > 0) console.log(`verify: ${name}: ${result.unsealedBeforeSealing.toLocaleString('en-GB')} events were written before sealing began (their hash chains vouch for them)`);
    if (record) {
      for (const mark of await store.readStream(DEMO_DATA_STREAM)) {
        const demo = mark.data as DemoDataMarkedData;
        console.log(`verify: demo data: events recorded from ${demo.recordedFrom} until ${demo.recordedTo} are the made-up demo partnership (seed ${demo.seed}, ${demo.size} children with EHC plans, today ${demo.today}), about no real child`);
      }
    }
    if (checkpoint && result.logFailures.length === 0) console.log(`verify: the log extends the checkpoint of ${checkpoint.treeSize.toLocaleString('en-GB')} events taken ${checkpoint.createdAt}`);
    if (record?.saveAnchors) {
      mkdirSync(dirname(record.saveAnchors), { recursive: true });
      writeFileSync(record.saveAnchors, `${JSON.stringify(result.heads, null, 2)}\n`);
    }
    const ok = result.ok && (structure?.ok ?? true);
    if (record?.saveCheckpoint) {
      if (!keys) console.log('verify: no checkpoint key, so no checkpoint saved');
      else if (!ok) console.log('verify: the log does not hold, so no checkpoint saved');
      else {
        // Signed from this very verification: a checkpoint never vouches for a log that did not verify.
        const saved = signCheckpoint({ ...result.tree, heads: result.heads, createdAt: new Date().toISOString() }, keys.checkpointKey);
        mkdirSync(dirname(record.saveCheckpoint), { recursive: true });
        writeFileSync(record.saveCheckpoint, `${JSON.stringify(saved, null, 2)}\n`);
        console.log(`verify: checkpoint of ${saved.treeSize.toLocaleString('en-GB')} events saved to ${record.saveCheckpoint} (tree head ${saved.rootHash}): keep a copy off this host`);
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary = `${result.events.toLocaleString('en-GB')} events in ${result.streams.toLocaleString('en-GB')} streams in ${seconds} s`;
    if (ok) {
      console.log(`verify: ${name}: every hash chain holds (${summary})`);
      return 0;
    }
    console.log(`verify: ${name}: ${result.failures.length} of ${result.streams.toLocaleString('en-GB')} streams are broken, ${result.logFailures.length + (structure?.problems.length ?? 0)} other findings (${summary})`);
    return 1;
  } catch (error) {
    console.error(`verify: ${name}: the store could not be read: ${(error as Error).message}`);
    return 2;
  } finally {
    await store.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      log: { type: 'string' },
      anchors: { type: 'string' },
      'save-anchors': { type: 'string' },
      checkpoint: { type: 'string' },
      'checkpoint-key': { type: 'string' },
      'save-checkpoint': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const env = process.env;
  const dataDir = env.PLANLEDGER_DATA_DIR?.trim() || '.data';
  let store: EventStore;
  let checkpoint: Checkpoint | undefined;
  let publicKey: KeyObject | undefined;
  let anchors: StreamHead[] | undefined;
  const keys = loadLogKeys({ dataDir, env });
  try {
    anchors = values.anchors ? (JSON.parse(readFileSync(values.anchors, 'utf8')) as StreamHead[]) : undefined;
    store = await openStore(env, dataDir, values.log);
    if (values.checkpoint) {
      checkpoint = JSON.parse(readFileSync(values.checkpoint, 'utf8')) as Checkpoint;
      publicKey = values['checkpoint-key'] ? createPublicKey(readFileSync(values['checkpoint-key'], 'utf8')) : keys?.checkpointPublicKey;
      if (!publicKey) throw new Error('no checkpoint key to check the checkpoint with: give --checkpoint-key <public key PEM>');
    }
  } catch (error) {
    console.error(`verify: ${(error as Error).message}`);
    return 2;
  }
  const recordName = values.log ?? nameOf(env.PLANLEDGER_STORE?.trim() || `sqlite:${join(dataDir, 'planledger.db')}`);
  const recordCode = await verifyStore(store, recordName, {
    keys,
    dataDir,
    quiet: values.quiet,
    record: {
      ...(anchors ? { anchors } : {}),
      ...(checkpoint ? { checkpoint } : {}),
      ...(publicKey ? { publicKey } : {}),
      ...(values['save-anchors'] ? { saveAnchors: values['save-anchors'] } : {}),
      ...(values['save-checkpoint'] ? { saveCheckpoint: values['save-checkpoint'] } : {}),
    },
  });
  // An exported log is one store by itself; otherwise the query API's access log follows, when it has a store of its own.
  const accessLog = values.log ? null : accessLogUrl(env, dataDir);
  if (!accessLog) return recordCode;
  const accessLogName = nameOf(accessLog.url);
  if (accessLog.missing) {
    console.log(`verify: ${accessLogName}: no access-log file yet (the query API creates it at its first start)`);
    return recordCode;
  }
  let accessLogStore: EventStore;
  try {
    accessLogStore = await openUrl(accessLog.url);
  } catch (error) {
    console.error(`verify: ${accessLogName}: ${(error as Error).message}`);
    return 2;
  }
  return Math.max(recordCode, await verifyStore(accessLogStore, accessLogName, { keys, dataDir, quiet: values.quiet }));
}

process.exitCode = await main();
