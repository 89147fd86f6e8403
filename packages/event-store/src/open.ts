import { join, resolve } from 'node:path';
import { EventStoreError, EventStoreErrorCodes } from './errors';
import { getMemoryEventStore } from './memory/memory-event-store';
import type { EventStore } from './port';
import { getSQLiteEventStore } from './sqlite/sqlite-event-store';
import { loadLogKeys, type LogKeys } from './log-keys';

export const DEFAULT_STORE_URL = 'sqlite:.data/planledger.db';

const ESDB_SCHEMES = ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:'];

/**
 * Opens the store a URL names (the `PLANLEDGER_STORE` setting):
 * - `sqlite:<path>` (relative to the working directory), the embedded default. The folder must be 0700
 *   and the file 0600; a missing or empty file is refused unless `create` is set;
 * - `memory:`, for tests and throwaway runs;
 * - `esdb://…`, `esdb+discover://…`, `kurrentdb://…` or `kurrentdb+discover://…`, an EventStoreDB/KurrentDB
 *   node or cluster. Its client is loaded only when asked for, so the embedded default never pays for it.
 */
export interface OpenStoreOptions {
  /** Create a missing (or zero-length) SQLite file and its folder. Default false: such a file is refused. */
  create?: boolean;
  /** Take the SQLite file's writer lock, so a second writer on the same file is refused. Default false. */
  exclusiveWriter?: boolean;
  /** Seal every event appended with this key (SQLite and memory; see `seal.ts`). */
  sealKey?: Uint8Array;
  /** A SQLite file's `quick_check` runs in a separate process while the store is already in use (see `fileCheck()`). Default false: at open. */
  checkFileInBackground?: boolean;
}

export async function openEventStore(url: string = DEFAULT_STORE_URL, { create = false, exclusiveWriter = false, sealKey, checkFileInBackground = false }: OpenStoreOptions = {}): Promise<EventStore> {
  const scheme = /^[a-z+]+:/i.exec(url)?.[0]?.toLowerCase();
  if (scheme === 'memory:' || url === 'memory') return getMemoryEventStore(sealKey ? { sealKey } : {});
  if (scheme === 'sqlite:') {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new EventStoreError(EventStoreErrorCodes.INVALID_STORE_URL, 'sqlite: store URL needs a file path, e.g. sqlite:.data/planledger.db');
    return getSQLiteEventStore({ path: resolve(path), create, exclusiveWriter, checkFileInBackground, ...(sealKey ? { sealKey } : {}) });
  }
  if (scheme && ESDB_SCHEMES.includes(scheme)) {
    const { getEventStoreDBEventStore } = await import('./esdb/esdb-event-store');
    return getEventStoreDBEventStore({ connectionString: url });
  }
  throw new EventStoreError(
    EventStoreErrorCodes.INVALID_STORE_URL,
    `unsupported store URL ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//***@'))}: use sqlite:<path>, memory:, or esdb://host:2113`,
  );
}

/** The record store's URL: PLANLEDGER_STORE if set, else the SQLite file in the data folder. */
export const recordStoreUrl = (env: NodeJS.ProcessEnv, dataDir: string): string => env.PLANLEDGER_STORE?.trim() || `sqlite:${join(dataDir, 'planledger.db')}`;

/** For the openings from the environment. */
export interface FromEnvOptions {
  /**
   * The log keys, already read (`loadLogKeys`), so a process that opens more than one store reads them
   * once and seals every store with the same key. Absent: read (and created when missing) here.
   */
  logKeys?: LogKeys | null;
}

const logKeysOf = (logKeys: FromEnvOptions['logKeys'], env: NodeJS.ProcessEnv, dataDir: string) => (logKeys === undefined ? loadLogKeys({ dataDir, env, create: true }) : logKeys);

/**
 * Opens the store the environment names: PLANLEDGER_STORE if set, else the SQLite file in the data
 * folder (`<dataDir>/planledger.db`). Both services and every script open their store this way. The
 * writing services seal what they append with the log seal key (`PLANLEDGER_LOG_SEAL_KEY`, else
 * `<dataDir>/keys/log-seal.key`, created on first use).
 * PLANLEDGER_STORE_CREATE=1 asks for a missing or empty SQLite file to be created.
 */
export async function openEventStoreFromEnv(env: NodeJS.ProcessEnv, dataDir: string, options: Omit<OpenStoreOptions, 'create' | 'sealKey'> & FromEnvOptions = {}): Promise<EventStore> {
  const { logKeys, ...storeOptions } = options;
  // Async, so a log key that does not decode is a rejection the caller's refusal handles, never a throw past it.
  const keys = logKeysOf(logKeys, env, dataDir);
  return openEventStore(recordStoreUrl(env, dataDir), {
    ...storeOptions,
    create: env.PLANLEDGER_STORE_CREATE === '1',
    ...(keys ? { sealKey: keys.sealKey } : {}),
  });
}

/** The access log's own file in the data folder, when the record store is SQLite. */
export const ACCESS_LOG_FILE = 'access-log.db';

/**
 * Where the query service writes its access log (`PLANLEDGER_ACCESS_LOG_STORE`, same URL forms as
 * `PLANLEDGER_STORE`). Unset: beside a SQLite record, a file of its own (`<dataDir>/access-log.db`), so
 * each store file has one writing process; beside EventStoreDB or a memory store, that same store
 * (`shared`: a server takes concurrent writers, and a memory store is one process's anyway). A URL
 * naming the record store's own SQLite file is shared too: the record and the access log in one file.
 */
export type AccessLogStoreSpec = { shared: true } | { shared: false; url: string };

const sqlitePathOf = (url: string) => (/^sqlite:/i.test(url) ? resolve(url.slice('sqlite:'.length)) : null);

export function accessLogStoreSpec(env: NodeJS.ProcessEnv, dataDir: string): AccessLogStoreSpec {
  const record = recordStoreUrl(env, dataDir);
  const chosen = env.PLANLEDGER_ACCESS_LOG_STORE?.trim();
  if (chosen) {
    const path = sqlitePathOf(chosen);
    return path !== null && path !== '' && path === sqlitePathOf(record) ? { shared: true } : { shared: false, url: chosen };
  }
  return sqlitePathOf(record) !== null ? { shared: false, url: `sqlite:${join(dataDir, ACCESS_LOG_FILE)}` } : { shared: true };
}

/**
 * Opens the access log's store (see `accessLogStoreSpec`), or hands back `recordStore` when the two are
 * shared. A SQLite access log is the query service's own file: created when missing, sealed with the
 * log seal key as the record is, and held with the writer lock, so a second query service on the same
 * file is refused (ES_ERR_STORE_LOCKED). The caller closes it unless it is `recordStore`.
 */
export async function openAccessLogStoreFromEnv(env: NodeJS.ProcessEnv, dataDir: string, recordStore: EventStore, options: FromEnvOptions = {}): Promise<EventStore> {
  const spec = accessLogStoreSpec(env, dataDir);
  if (spec.shared) return recordStore;
  const keys = logKeysOf(options.logKeys, env, dataDir);
  return openEventStore(spec.url, { create: true, exclusiveWriter: true, ...(keys ? { sealKey: keys.sealKey } : {}) });
}
