import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandCatalogue, type Caller, type OrganisationToRegister, type Role } from '@planledger/domain';
import { registerCallers } from '@planledger/domain/testing';
import { ACCESS_LOG_FILE, getSQLiteEventStore, loadLogKeys, type SQLiteEventStore } from '@planledger/event-store';
import { buildWorld, useCatalogue, type Prerequisite, type World } from '../../../services/record-api/src/testing/command-examples';
import { callerOf, outsiderOf, registerTestOrganisations, type RecordApiHarness } from '../../../services/record-api/src/testing/record-api-harness';
import { streamReaderOver, type StreamReader } from '../../../services/query-api/src/access/stream-stores';
import { createHttpClient, type HttpAnswer, type HttpClient, type SendOptions } from './http-client';
import { startService, type ServiceProcess } from './service-process';

useCatalogue(commandCatalogue);

export interface RecordSide {
  dataDir: string;
  storeFile: string;
  client: HttpClient;
  /** The running record API process (replaced by restart). */
  api: ServiceProcess;
  /** The test's own connection to the same SQLite file, for looking at what was written (what it writes is sealed with the service's key). */
  store: SQLiteEventStore;
  /**
   * Reads any stream by id from the file that holds it, by the query API's own rule: who read what from
   * the access-log file a query API on this data folder writes, the rest from the record. The access-log
   * file is opened on first use: start the query API first.
   */
  streams(): Promise<StreamReader>;
  /** The head of that access-log file (every read of a child appends there before it is answered). */
  accessLogHead(): Promise<number>;
  /** A command to the record API, as a role (in its usual test organisation) or a given caller. */
  send(path: string, options?: Omit<SendOptions, 'as'> & { as?: Role | Caller | null }): Promise<HttpAnswer>;
  /** Builds the records a command needs (child with a full team, plan, assessment, ...) through HTTP. */
  world(needs: readonly Prerequisite[]): Promise<World>;
  /** Registers organisations in the register (through the command path, on the test's own connection); the service sees them at its next command. */
  register(organisations: readonly OrganisationToRegister[]): Promise<void>;
  /** Starts a new record API process on the same store (after the last one was killed or stopped). */
  restart(env?: Record<string, string>): Promise<ServiceProcess>;
  close(): Promise<void>;
}

/** A temporary data folder with a local signing key, a SQLite store file and a real record API on 127.0.0.1. */
export async function startRecordSide(env: Record<string, string> = {}): Promise<RecordSide> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-adversarial-'));
  const storeFile = join(dataDir, 'planledger.db');
  // The key is made here first, so the service loads the same one.
  const client = await createHttpClient(dataDir);
  let api = await startService('record-api', { dataDir, storeFile, env });
  // The service made its seal key at start; the test's own writes (the register) are sealed with it, as
  // the service's would be, so the store is sealed from its first event.
  const keys = loadLogKeys({ dataDir });
  if (!keys) throw new Error(`the record API made no log keys in ${join(dataDir, 'keys')}`);
  const store = getSQLiteEventStore({ path: storeFile, pollMs: 10, sealKey: keys.sealKey });
  // Every test caller speaks for a registered organisation of its kind.
  await registerTestOrganisations(store);

  const send: RecordSide['send'] = (path, options = {}) => {
    const as = typeof options.as === 'string' ? callerOf(options.as) : options.as;
    return client.send(api.url, path, { ...options, as: as ?? null });
  };
  // buildWorld only sends commands and reads streams: the same two things, done over HTTP and the file.
  const harness = { send, store } as unknown as RecordApiHarness;

  let accessLog: SQLiteEventStore | null = null;
  const openAccessLog = () => (accessLog ??= getSQLiteEventStore({ path: join(dataDir, ACCESS_LOG_FILE), create: false, pollMs: 10 }));
  const side: RecordSide = {
    dataDir,
    storeFile,
    client,
    get api() {
      return api;
    },
    store,
    streams: async () => streamReaderOver({ record: store, accessLog: openAccessLog() }),
    accessLogHead: async () => openAccessLog().headPosition(),
    send,
    world: (needs) => buildWorld(harness, needs),
    register: (organisations) => registerCallers(store, [], organisations),
    async restart(restartEnv = env) {
      api = await startService('record-api', { dataDir, storeFile, env: restartEnv });
      return api;
    },
    async close() {
      await api.kill();
      await accessLog?.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return side;
}

export { callerOf, outsiderOf };

/** A health provider, registered under this id. */
export const clinic = (organisationId: string): OrganisationToRegister => ({ organisationId, name: `Clinic ${organisationId}`, agency: 'health', kind: 'health_provider' });
