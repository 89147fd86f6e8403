/**
 * The record API process: reads its settings from the environment, opens the store, listens, and
 * shuts down gracefully on SIGINT or SIGTERM.
 *
 *   PLANLEDGER_DATA_DIR   data folder (store file, local signing key); default .data
 *   PLANLEDGER_STORE      sqlite:<file> (default <dataDir>/planledger.db), memory, or esdb://… for EventStoreDB
 *   PLANLEDGER_STORE_CREATE  1: create a missing or empty SQLite file (else it is refused)
 *   PLANLEDGER_OIDC_*     issuer, audience and JWKS URL of an OIDC provider; absent: the local key
 *   PLANLEDGER_RATE_LIMIT_PER_MINUTE      per-caller requests a minute, after authentication (0: no limit); default 1200
 *   PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE   per-address requests a minute, before authentication (0: no limit); default 6000
 *   PLANLEDGER_TRUSTED_PROXIES  addresses or CIDR ranges (or loopback, linklocal, uniquelocal) of proxies in front,
 *                         whose X-Forwarded-For names the client for the per-address limit; default none
 *   PLANLEDGER_MAX_EVENT_LOOP_DELAY_MS    event-loop stall that turns requests away with 503; default 1000
 *   PLANLEDGER_NHS_NUMBER_KEY  base64 key naming NHS number claim streams; default <dataDir>/keys/nhs-number.key (created)
 *   PLANLEDGER_CHECKPOINT_EVERY_MINUTES   a signed checkpoint of the whole log into <dataDir>/checkpoints this often; default 60, 0 for none
 *   HOST, PORT            default 127.0.0.1:3000
 *   LOG_LEVEL             default info
 */
import { loadLogKeys, loadNhsNumberKey, openEventStoreFromEnv, refuseStoreOpen, takeCheckpoint, writeCheckpointFile } from '@planledger/event-store';
import { join } from 'node:path';
import { identityFromEnv, trustedProxiesOrExit } from '@planledger/identity';
import { buildRecordApi } from './build-record-api';
import { createRecordApiLogger } from './logger';
import { DEFAULT_MAX_EVENT_LOOP_DELAY_MS, defaultIpRateLimit, defaultRateLimit } from './request-limits';
import { shutDownRecordApi } from './shut-down';

const SHUTDOWN_GRACE_MS = 15_000;

const env = process.env;
const dataDir = env.PLANLEDGER_DATA_DIR?.trim() || '.data';
const logger = createRecordApiLogger();
// A store file that is missing, empty, damaged, open to other users or already being written is
// refused with one line and its own exit code.
const store = await openEventStoreFromEnv(env, dataDir, { exclusiveWriter: true }).catch(refuseStoreOpen);
const identity = await identityFromEnv(env, dataDir);
const wholeNumber = (name: string, fallback: number) => {
  const value = env[name] === undefined ? fallback : Number(env[name]);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`planledger: ${name} must be a whole number\n`);
    process.exit(2);
  }
  return value;
};
const perMinute = wholeNumber('PLANLEDGER_RATE_LIMIT_PER_MINUTE', defaultRateLimit.max);
const ipPerMinute = wholeNumber('PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE', defaultIpRateLimit.max);
const maxEventLoopDelayMs = wholeNumber('PLANLEDGER_MAX_EVENT_LOOP_DELAY_MS', DEFAULT_MAX_EVENT_LOOP_DELAY_MS);
const trustedProxies = trustedProxiesOrExit(env);

const app = await buildRecordApi({
  store,
  identity,
  logger,
  rateLimit: { max: perMinute, windowMs: 60_000 },
  ipRateLimit: { max: ipPerMinute, windowMs: 60_000 },
  trustedProxies,
  maxEventLoopDelayMs,
  nhsNumberKey: loadNhsNumberKey({ dataDir, env, create: true })!,
});

const checkpointMinutes = env.PLANLEDGER_CHECKPOINT_EVERY_MINUTES === undefined ? 60 : Number(env.PLANLEDGER_CHECKPOINT_EVERY_MINUTES);
if (!Number.isFinite(checkpointMinutes) || checkpointMinutes < 0) throw new Error('PLANLEDGER_CHECKPOINT_EVERY_MINUTES must be a number of minutes');
const logKeys = loadLogKeys({ dataDir, env, create: true });
let checkpointing = false;
const checkpointTimer =
  checkpointMinutes > 0 && logKeys
    ? setInterval(() => {
        if (checkpointing) return;
        checkpointing = true;
        takeCheckpoint(store, logKeys)
          .then(({ checkpoint, findings }) => {
            if (checkpoint) logger.info({ treeSize: checkpoint.treeSize, file: writeCheckpointFile(join(dataDir, 'checkpoints'), checkpoint) }, 'log checkpoint written');
            else logger.error({ findings }, 'the log does not verify; no checkpoint written (run pnpm verify)');
          })
          .catch((error: unknown) => logger.error({ err: error }, 'log checkpoint failed'))
          .finally(() => {
            checkpointing = false;
          });
      }, checkpointMinutes * 60_000)
    : null;
checkpointTimer?.unref();

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  if (checkpointTimer) clearInterval(checkpointTimer);
  logger.info({ signal }, 'shutting down: finishing appends under way');
  const timer = setTimeout(() => {
    logger.error('appends did not finish in time; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  try {
    await shutDownRecordApi(app, store);
    logger.info('stopped');
    process.exitCode = 0;
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exitCode = 1;
  }
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
await app.listen({ port, host });
logger.info({ port, host, store: store.kind, identity: identity.mode }, 'record API listening');
