/**
 * The query API process: reads its settings from the environment, opens the store, rebuilds the
 * read models from the log, listens, and shuts down gracefully on SIGINT or SIGTERM.
 *
 *   PLANLEDGER_DATA_DIR   data folder (store file, local signing key); default .data
 *   PLANLEDGER_STORE      sqlite:<file> (default <dataDir>/planledger.db), memory, or esdb://… for EventStoreDB
 *   PLANLEDGER_STORE_CREATE  1: create a missing or empty SQLite file (else it is refused)
 *   PLANLEDGER_ACCESS_LOG_STORE  where who-read-what is appended (same URL forms as PLANLEDGER_STORE); default
 *                         beside a SQLite record sqlite:<dataDir>/access-log.db (this process's own file, created
 *                         when missing, held with the writer lock: a second query API on it is refused), beside
 *                         EventStoreDB or memory the record store itself. The query API never writes the record file.
 *   PLANLEDGER_OIDC_*     issuer, audience and JWKS URL of an OIDC provider; absent: the local key
 *   HOST, PORT            default 127.0.0.1:4000
 *   NODE_ENV              production turns GraphiQL and introspection off
 *   PLANLEDGER_RATE_LIMIT_PER_MINUTE      per-caller requests a minute, after authentication (0: none); default 600
 *   PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE   per-address requests a minute, before authentication (0: none); default 3000
 *   PLANLEDGER_TRUSTED_PROXIES  addresses or CIDR ranges (or loopback, linklocal, uniquelocal) of proxies in front,
 *                         whose X-Forwarded-For names the client for the per-address limit; default none
 *   PLANLEDGER_READS_PER_MINUTE           per-caller record reads (access-log events) a minute (0: none); default 300
 *   PLANLEDGER_MAX_SUBSCRIPTIONS_PER_CALLER   live subscriptions one caller may hold (0: none); default 10
 *   PLANLEDGER_QUERY_BODY_LIMIT_BYTES     largest request body; default 65536
 *   PLANLEDGER_MAX_EVENT_LOOP_DELAY_MS    event-loop stall that turns requests away with 503; default 1000
 *   PLANLEDGER_CORS_ORIGINS               comma-separated origins allowed to call from a browser; default none (no CORS)
 *   PLANLEDGER_SNAPSHOT_DIR               read-model snapshots; default <dataDir>/snapshots; `off`: none (every start folds the whole log)
 *   PLANLEDGER_SNAPSHOT_EVERY_EVENTS      a snapshot is written (before serving starts, and at shutdown) once this many events
 *                                         were applied since the last; default 100000
 *   LOG_LEVEL             default info
 */
import { join } from 'node:path';
import { loadLogKeys, openAccessLogStoreFromEnv, openEventStoreFromEnv, refuseStoreOpen } from '@planledger/event-store';
import { identityFromEnv, trustedProxiesOrExit } from '@planledger/identity';
import { buildQueryApi } from './build-query-api';
import { buildQueryServer, DEFAULT_QUERY_BODY_LIMIT, DEFAULT_QUERY_MAX_EVENT_LOOP_DELAY_MS, defaultQueryIpRateLimit, defaultQueryRateLimit } from './http/build-query-server';
import { defaultReadBudget } from './access/read-budget';
import { createQueryApiLogger } from './logger';

const SHUTDOWN_GRACE_MS = 15_000;
const SUBSCRIPTION_GRACE_MS = 3_000;

const env = process.env;
const dataDir = env.PLANLEDGER_DATA_DIR?.trim() || '.data';
const logger = createQueryApiLogger();
// A store file that is missing, empty, damaged, open to other users or already being written, and a
// log key that does not decode, are refused with one line and their own exit code.
// Read once: the record and the access log are sealed with the same key.
const logKeys = await Promise.resolve()
  .then(() => loadLogKeys({ dataDir, env, create: true }))
  .catch(refuseStoreOpen);
// The record file's quick_check (every page read: minutes at 10 GB) runs in a process of its own while
// the read models are rebuilt; nothing is served before it passes, and damage found ends this process
// with the same line and exit code as at open.
const store = await openEventStoreFromEnv(env, dataDir, { logKeys, checkFileInBackground: true }).catch(refuseStoreOpen);
const checkStarted = performance.now();
store
  .fileCheck?.()
  .then(() => logger.info({ ms: Math.round(performance.now() - checkStarted) }, 'record file checked'), refuseStoreOpen);
// The access log's own store: the record API alone writes the record file, this process alone its access log.
const accessLogStore = await openAccessLogStoreFromEnv(env, dataDir, store, { logKeys }).catch(refuseStoreOpen);
const identity = await identityFromEnv(env, dataDir);
const wholeNumber = (name: string, fallback: number) => {
  const value = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`planledger: ${name} must be a whole number\n`);
    process.exit(2);
  }
  return value;
};
const development = env.NODE_ENV !== 'production';
const trustedProxies = trustedProxiesOrExit(env);
const snapshotDir = env.PLANLEDGER_SNAPSHOT_DIR?.trim() || join(dataDir, 'snapshots');
const api = buildQueryApi({
  // A memory store starts empty every time: nothing to snapshot.
  ...(snapshotDir === 'off' || store.kind === 'memory' ? {} : { snapshots: { folder: snapshotDir, everyEvents: wholeNumber('PLANLEDGER_SNAPSHOT_EVERY_EVENTS', 100_000) || 100_000 } }),
  store,
  accessLogStore,
  identity,
  logger,
  development,
  readBudget: { max: wholeNumber('PLANLEDGER_READS_PER_MINUTE', defaultReadBudget.max), windowMs: 60_000 },
  maxSubscriptionsPerCaller: wholeNumber('PLANLEDGER_MAX_SUBSCRIPTIONS_PER_CALLER', 10),
});
const app = await buildQueryServer(api, identity, {
  development,
  rateLimit: { max: wholeNumber('PLANLEDGER_RATE_LIMIT_PER_MINUTE', defaultQueryRateLimit.max), windowMs: 60_000 },
  ipRateLimit: { max: wholeNumber('PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE', defaultQueryIpRateLimit.max), windowMs: 60_000 },
  trustedProxies,
  bodyLimitBytes: wholeNumber('PLANLEDGER_QUERY_BODY_LIMIT_BYTES', DEFAULT_QUERY_BODY_LIMIT),
  maxEventLoopDelayMs: wholeNumber('PLANLEDGER_MAX_EVENT_LOOP_DELAY_MS', DEFAULT_QUERY_MAX_EVENT_LOOP_DELAY_MS),
  corsOrigins: (env.PLANLEDGER_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o !== ''),
});
const server = app.server;

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const timer = setTimeout(() => {
    logger.error('requests did not finish in time; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  try {
    // Stop taking requests, let those in flight (and their access-log appends) finish, then let go of the log.
    // Live subscriptions never finish on their own; end them once ordinary requests had their chance.
    setTimeout(() => server.closeAllConnections(), SUBSCRIPTION_GRACE_MS).unref();
    // fastify stops listening, closes idle keep-alive connections and waits for requests in flight.
    await app.close();
    await api.close();
    if (accessLogStore !== store) await accessLogStore.close();
    await store.close();
    logger.info('stopped');
    process.exitCode = 0;
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

const port = Number(env.PORT ?? 4000);
const host = env.HOST ?? '127.0.0.1';
await app.listen({ port, host });
logger.info({ port, host, store: store.kind, accessLog: accessLogStore === store ? 'in the record store' : accessLogStore.kind, identity: identity.mode }, 'query API listening; rebuilding read models');
api
  .ready()
  .then(() => logger.info({ position: api.runner.position }, 'read models caught up'))
  .catch((error: unknown) => logger.error({ err: error }, 'read models failed to catch up'));
