/**
 * The record API process: reads its settings from the environment, opens the store, listens, and
 * shuts down gracefully on SIGINT or SIGTERM.
 *
 *   PLANLEDGER_DATA_DIR   data folder (store file, local signing key); default .data
 *   PLANLEDGER_STORE      sqlite:<file> (default <dataDir>/planledger.db), memory, or esdb://… for EventStoreDB
 *   PLANLEDGER_OIDC_*     issuer, audience and JWKS URL of an OIDC provider; absent: the local key
 *   PLANLEDGER_RATE_LIMIT_PER_MINUTE   per-caller requests a minute (0: no limit); default 1200
 *   PLANLEDGER_CHECKPOINT_EVERY_MINUTES   a signed checkpoint of the whole log into <dataDir>/checkpoints this often; default 60, 0 for none
 *   HOST, PORT            default 127.0.0.1:3000
 *   LOG_LEVEL             default info
 */
import { loadLogKeys, openEventStoreFromEnv, takeCheckpoint, writeCheckpointFile } from '@planledger/event-store';
import { join } from 'node:path';
import { identityFromEnv } from '@planledger/identity';
import { buildRecordApi } from './build-record-api';
import { createRecordApiLogger } from './logger';
import { defaultRateLimit } from './rate-limit';
import { shutDownRecordApi } from './shut-down';

const SHUTDOWN_GRACE_MS = 15_000;

const env = process.env;
const dataDir = env.PLANLEDGER_DATA_DIR?.trim() || '.data';
const logger = createRecordApiLogger();
const store = await openEventStoreFromEnv(env, dataDir);
const identity = await identityFromEnv(env, dataDir);
const perMinute = env.PLANLEDGER_RATE_LIMIT_PER_MINUTE === undefined ? defaultRateLimit.max : Number(env.PLANLEDGER_RATE_LIMIT_PER_MINUTE);
if (!Number.isInteger(perMinute) || perMinute < 0) throw new Error('PLANLEDGER_RATE_LIMIT_PER_MINUTE must be a whole number');

const app = await buildRecordApi({ store, identity, logger, rateLimit: { max: perMinute, windowMs: 60_000 } });

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
