import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { demoPeople, seedDemoRegister } from '@planledger/demo';
import { getSQLiteEventStore, loadLogKeys } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import type { FastifyInstance } from 'fastify';
import { startService, type ServiceProcess } from '../../../../scripts/start/service-process';
import { buildWeb, type WebOptions } from '../build-web';
import { createWebLogger } from '../logger';

const root = resolve(import.meta.dirname, '../../../..');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface WebHarness {
  dataDir: string;
  storeFile: string;
  recordUrl: string;
  queryUrl: string;
  webUrl: string;
  web: FastifyInstance;
  close(): Promise<void>;
}

export interface WebHarnessOptions {
  /** Extra environment for both APIs (e.g. PLANLEDGER_OIDC_*). */
  apiEnv?: NodeJS.ProcessEnv;
  /** How the web signs people in; default the local list of demo people with the data folder's key. */
  signIn?: WebOptions['signIn'];
  webPort?: number;
  /** Who the local sign-in offers; default the demo partnership's people. */
  people?: typeof demoPeople;
  /** The session cookie's key, for a second web service that must read the same sessions. */
  sessionKey?: Buffer;
}

/**
 * The three services on a temporary SQLite store: the record API and the query API as their own
 * processes (as `pnpm start` runs them), the web service in this process, each on a free port.
 */
export async function startWebHarness(options: WebHarnessOptions = {}): Promise<WebHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-web-'));
  mkdirSync(join(dataDir, 'logs'));
  const storeFile = join(dataDir, 'planledger.db');
  const identity = await getLocalIdentity({ dataDir });
  // The store begins as `pnpm start` leaves it: created, sealed with the services' key, and holding
  // the demo partnership's organisation register, which every request is checked against.
  const seeding = getSQLiteEventStore({ path: storeFile, create: true, sealKey: loadLogKeys({ dataDir, create: true })!.sealKey });
  try {
    await seedDemoRegister(seeding);
  } finally {
    await seeding.close();
  }
  const [recordPort, queryPort] = [await freePort(), await freePort()];
  const env = { ...process.env, PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, HOST: '127.0.0.1', PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', ...options.apiEnv };
  const services: ServiceProcess[] = [
    startService({ name: 'record API', entry: join(root, 'services/record-api/src/main.ts'), cwd: root, env: { ...env, PORT: String(recordPort) }, url: `http://127.0.0.1:${recordPort}`, logFile: join(dataDir, 'logs/record-api.log') }),
    startService({ name: 'query API', entry: join(root, 'services/query-api/src/main.ts'), cwd: root, env: { ...env, PORT: String(queryPort) }, url: `http://127.0.0.1:${queryPort}`, logFile: join(dataDir, 'logs/query-api.log') }),
  ];
  const stopAll = () => Promise.all(services.map((s) => s.stop(10_000)));
  try {
    await Promise.all(services.map((s) => s.waitUntilReady(60_000)));
  } catch (error) {
    await stopAll();
    throw new Error(`${(error as Error).message}\n${services.map((s) => s.logTail()).join('\n')}`);
  }
  const webPort = options.webPort ?? (await freePort());
  const web = await buildWeb({
    recordApiUrl: services[0]!.url,
    queryApiUrl: services[1]!.url,
    signIn: options.signIn ?? { mode: 'local', identity, people: options.people ?? demoPeople },
    secureCookies: false,
    logger: createWebLogger(undefined, 'warn'),
    ...(options.sessionKey ? { sessionKey: options.sessionKey } : {}),
  });
  await web.listen({ host: '127.0.0.1', port: webPort });
  return {
    dataDir,
    storeFile,
    recordUrl: services[0]!.url,
    queryUrl: services[1]!.url,
    webUrl: `http://127.0.0.1:${webPort}`,
    web,
    async close() {
      await web.close();
      await stopAll();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
