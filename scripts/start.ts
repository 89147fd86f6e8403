/**
 * One command to a working partnership: `pnpm start`.
 *
 * Uses the data folder `.data/` under the project (kept between starts). On the first start it
 * creates the local signing key and loads the demo partnership through the same commands users
 * issue; then it starts the record API and the query API as separate processes on the same SQLite
 * file (the record API writes, the query API follows, writing who read what to its own access-log
 * file, `access-log.db` in the same folder) and the web service in front of them, waits
 * until all three are ready, and prints the web service's URL first, then the APIs', a token per
 * role and an example query. Ctrl-C or SIGTERM stops them all and exits 0.
 *
 *   pnpm start [--demo-size N] [--demo-seed S] [--no-demo] [--reset]
 *              [--web-port 5000] [--record-port 3000] [--query-port 4000] [--data-dir .data]
 *
 * Ports may also be set with PLANLEDGER_WEB_PORT, PLANLEDGER_RECORD_PORT and PLANLEDGER_QUERY_PORT.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE, sampleStaff, seedDemoRegister, type JourneyResult } from '@planledger/demo';
import { roles } from '@planledger/domain';
import { getSQLiteEventStore, loadLogKeys, refuseStoreOpen } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { banner } from './start/banner';
import { decideDemo, loadDemo, readDemoMarker } from './start/demo-data';
import { assertPortFree, parsePort } from './start/ports';
import { startService, type ServiceProcess } from './start/service-process';

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;
const TOKEN_LIFETIME = '8h';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const usage = `usage: npx -y pnpm@10.34.9 start [--demo-size N] [--demo-seed S] [--no-demo] [--reset] [--web-port 5000] [--record-port 3000] [--query-port 4000] [--data-dir .data]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'demo-size': { type: 'string', default: String(DEFAULT_DEMO_SIZE) },
      'demo-seed': { type: 'string', default: DEFAULT_DEMO_SEED },
      'no-demo': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      'web-port': { type: 'string', default: process.env.PLANLEDGER_WEB_PORT },
      'record-port': { type: 'string', default: process.env.PLANLEDGER_RECORD_PORT },
      'query-port': { type: 'string', default: process.env.PLANLEDGER_QUERY_PORT },
      'data-dir': { type: 'string', default: join(root, '.data') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const demoSize = Number(values['demo-size']);
  if (!Number.isInteger(demoSize) || demoSize < 1) throw new Error(`--demo-size must be a whole number of at least 1\n${usage}`);
  const recordPort = parsePort(values['record-port'], 3000, '--record-port');
  const queryPort = parsePort(values['query-port'], 4000, '--query-port');
  const webPort = parsePort(values['web-port'], 5000, '--web-port');
  if (new Set([recordPort, queryPort, webPort]).size < 3) throw new Error('--web-port, --record-port and --query-port must all differ');
  const dataDir = resolve(values['data-dir']);
  const shownDataDir = relative(root, dataDir).startsWith('..') ? dataDir : `${relative(root, dataDir)}/`;

  // Fail before loading anything if either port is taken.
  await assertPortFree(recordPort, HOST, 'record API', '--record-port or PLANLEDGER_RECORD_PORT');
  await assertPortFree(queryPort, HOST, 'query API', '--query-port or PLANLEDGER_QUERY_PORT');
  await assertPortFree(webPort, HOST, 'web service', '--web-port or PLANLEDGER_WEB_PORT');

  if (values.reset) {
    if (dataDir === root || dataDir === dirname(dataDir)) throw new Error(`refusing to delete ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`Deleted ${shownDataDir} (--reset).`);
  }
  // The data folder holds every child's record and the signing key: this user's alone (0700).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o700 });
  const storeFile = join(dataDir, 'planledger.db');

  const identity = await getLocalIdentity({ dataDir });

  // Only the first start creates the store file; a file that exists but is empty (or damaged, or
  // open to other users, or held by a running record API) is refused with its reason. The demo is
  // sealed with the services' key, as everything they write is.
  let store: ReturnType<typeof getSQLiteEventStore>;
  try {
    store = getSQLiteEventStore({ path: storeFile, create: !existsSync(storeFile), exclusiveWriter: true, sealKey: loadLogKeys({ dataDir, create: true })!.sealKey });
  } catch (error) {
    refuseStoreOpen(error);
  }
  let events: number;
  try {
    const decision = await decideDemo(dataDir, store, { demo: !values['no-demo'], seed: values['demo-seed'], size: demoSize });
    if (decision.load) {
      console.log(
        decision.resuming
          ? `Resuming the demo load interrupted last time (${decision.size} children with EHC plans, seed ${decision.seed}).`
          : `First start: loading a demo partnership (${decision.size} children with EHC plans, seed ${decision.seed}) through the record's commands.`,
      );
      const marker = await loadDemo(dataDir, store, decision.seed, decision.size, decision.today);
      console.log(`Loaded ${marker.children} children with ${marker.commands} commands in ${marker.seconds} s.`);
    } else {
      console.log(`Reusing ${shownDataDir}: ${decision.reason}.`);
      // Tokens are checked against the organisation register, so the demo partnership's is always there (written once).
      await seedDemoRegister(store);
    }
    events = (await store.headPosition()) + 1;
  } finally {
    await store.close();
  }
  const showcase: JourneyResult | null = readDemoMarker(dataDir)?.showcase ?? null;

  const env = { ...process.env, PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, HOST };
  // The web service calls both APIs from this machine, naming each person's address; the APIs believe it from here only.
  const apiEnv = { ...env, PLANLEDGER_TRUSTED_PROXIES: process.env.PLANLEDGER_TRUSTED_PROXIES ?? 'loopback' };
  const services: ServiceProcess[] = [
    startService({ name: 'record API', entry: join(root, 'services/record-api/src/main.ts'), cwd: root, env: { ...apiEnv, PORT: String(recordPort) }, url: `http://${HOST}:${recordPort}`, logFile: join(dataDir, 'logs/record-api.log') }),
    startService({ name: 'query API', entry: join(root, 'services/query-api/src/main.ts'), cwd: root, env: { ...apiEnv, PORT: String(queryPort) }, url: `http://${HOST}:${queryPort}`, logFile: join(dataDir, 'logs/query-api.log') }),
    startService({
      name: 'web service',
      entry: join(root, 'services/web/src/main.ts'),
      cwd: root,
      env: { ...env, PORT: String(webPort), PLANLEDGER_RECORD_API_URL: `http://${HOST}:${recordPort}`, PLANLEDGER_QUERY_API_URL: `http://${HOST}:${queryPort}` },
      url: `http://${HOST}:${webPort}`,
      logFile: join(dataDir, 'logs/web.log'),
    }),
  ];

  let stopping: Promise<number> | null = null;
  const stop = (why: string) => {
    stopping ??= (async () => {
      console.log(`\n${why}: stopping the web service, the record API and the query API...`);
      const clean = await Promise.all(services.map((s) => s.stop(STOP_GRACE_MS)));
      const codes = await Promise.all(services.map((s) => s.exited));
      const ok = clean.every(Boolean) && codes.every((c) => c.code === 0 || c.signal === 'SIGTERM' || c.signal === 'SIGINT');
      console.log(ok ? 'Stopped.' : `Stopped, not cleanly: see the logs in ${join(shownDataDir, 'logs')}.`);
      return ok ? 0 : 1;
    })();
    return stopping;
  };
  const signalled = new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(stop('Ctrl-C')));
    process.once('SIGTERM', () => resolve(stop('SIGTERM')));
  });
  // A service that dies on its own takes the other down with it.
  const died = Promise.race(services.map((s) => s.exited.then(() => s))).then(async (s) => {
    if (stopping) return stopping;
    console.error(`\nThe ${s.name} stopped unexpectedly. Its last log lines (${s.logFile}):\n${s.logTail()}`);
    await stop('A service stopped');
    return 1;
  });

  console.log(`Starting the record API (${services[0]!.url}), the query API (${services[1]!.url}) and the web service (${services[2]!.url}); logs in ${join(shownDataDir, 'logs')}.`);
  try {
    await Promise.race([Promise.all(services.map((s) => s.waitUntilReady(READY_TIMEOUT_MS))), signalled.then(() => Promise.reject(new Error('stopped before ready')))]);
  } catch (error) {
    if (stopping) return stopping;
    console.error(`\n${(error as Error).message}`);
    await stop('Start failed');
    return 1;
  }

  const tokens = await Promise.all(roles.map(async (role) => ({ caller: sampleStaff[role], token: await identity.mintToken({ ...sampleStaff[role], expiresIn: TOKEN_LIFETIME }) })));
  console.log(banner({ webUrl: services[2]!.url, recordUrl: services[0]!.url, queryUrl: services[1]!.url, dataDir: shownDataDir, events, tokens, showcase, tokenLifetime: TOKEN_LIFETIME }));

  return Promise.race([signalled, died]);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
