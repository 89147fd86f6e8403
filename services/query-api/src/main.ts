/**
 * The query API process: reads its settings from the environment, opens the store, rebuilds the
 * read models from the log, listens, and shuts down gracefully on SIGINT or SIGTERM.
 *
 *   PLANLEDGER_DATA_DIR   data folder (store file, local signing key); default .data
 *   PLANLEDGER_STORE      sqlite:<file> (default <dataDir>/planledger.db), memory, or esdb://… for EventStoreDB
 *   PLANLEDGER_STORE_CREATE  1: create a missing or empty SQLite file (else it is refused)
 *   PLANLEDGER_OIDC_*     issuer, audience and JWKS URL of an OIDC provider; absent: the local key
 *   HOST, PORT            default 127.0.0.1:4000
 *   NODE_ENV              production turns GraphiQL and introspection off
 *   LOG_LEVEL             default info
 */
import { createServer } from 'node:http';
import { openEventStoreFromEnv, refuseStoreOpen } from '@planledger/event-store';
import { identityFromEnv } from '@planledger/identity';
import { buildQueryApi } from './build-query-api';
import { createQueryApiLogger } from './logger';

const SHUTDOWN_GRACE_MS = 15_000;
const SUBSCRIPTION_GRACE_MS = 3_000;

const env = process.env;
const dataDir = env.PLANLEDGER_DATA_DIR?.trim() || '.data';
const logger = createQueryApiLogger();
// A store file that is missing, empty, damaged, open to other users or already being written is
// refused with one line and its own exit code.
const store = await openEventStoreFromEnv(env, dataDir).catch(refuseStoreOpen);
const identity = await identityFromEnv(env, dataDir);
const api = buildQueryApi({ store, identity, logger });
const server = createServer(api.yoga);

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
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // Live subscriptions never finish on their own; end them once ordinary requests had their chance.
      setTimeout(() => server.closeAllConnections(), SUBSCRIPTION_GRACE_MS).unref();
    });
    await api.close();
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
server.listen(port, host, () => logger.info({ port, host, store: store.kind, identity: identity.mode }, 'query API listening; rebuilding read models'));
api
  .ready()
  .then(() => logger.info({ position: api.runner.position }, 'read models caught up'))
  .catch((error: unknown) => logger.error({ err: error }, 'read models failed to catch up'));
