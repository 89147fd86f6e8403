import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreError, EventStoreErrorCodes } from './errors';
import { MIN_SEAL_KEY_BYTES } from './seal';

/**
 * The keys that make history unforgeable, kept outside the store: the seal key (HMAC, secret, shared
 * by the processes that write) and the checkpoint signing key (Ed25519). In the embedded default they
 * are files in `<dataDir>/keys/` beside the local token key, created on first use with mode 0600; in
 * production they come from the environment (a secret store or KMS puts them there):
 * `PLANLEDGER_LOG_SEAL_KEY` (base64, at least 32 bytes) and `PLANLEDGER_CHECKPOINT_KEY` (PKCS#8 PEM).
 */
export interface LogKeys {
  sealKey: Buffer;
  checkpointKey: KeyObject;
  checkpointPublicKey: KeyObject;
}

const SEAL_FILE = 'log-seal.key';
const CHECKPOINT_FILE = 'checkpoint-ed25519.pem';

function readOrCreate(path: string, create: boolean, make: () => string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return null;
  }
  try {
    // wx: two processes starting at once create one key between them, and both read that one.
    writeFileSync(path, make(), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(path, 'utf8');
}

function decodeSealKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < MIN_SEAL_KEY_BYTES) throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `the log seal key in ${where} must be at least ${MIN_SEAL_KEY_BYTES} bytes, base64`);
  return key;
}

function decodeCheckpointKey(pem: string, where: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    // Only where the key was found is named: never the text, which is a private key.
    throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `the checkpoint key in ${where} is not a private key in PKCS#8 PEM`, { cause: error });
  }
}

/**
 * The log keys from the environment or `<dataDir>/keys/`; created there when `create` is set and none
 * exist (the writing services), never created for a verifier (which reports what it could not check).
 */
export function loadLogKeys({ dataDir, env = process.env, create = false }: { dataDir: string; env?: NodeJS.ProcessEnv; create?: boolean }): LogKeys | null {
  const dir = join(dataDir, 'keys');
  if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sealText = env.PLANLEDGER_LOG_SEAL_KEY?.trim() || readOrCreate(join(dir, SEAL_FILE), create, () => `${randomBytes(MIN_SEAL_KEY_BYTES).toString('base64')}\n`);
  const pem =
    env.PLANLEDGER_CHECKPOINT_KEY?.trim() ||
    readOrCreate(join(dir, CHECKPOINT_FILE), create, () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  if (!sealText || !pem) return null;
  const checkpointKey = decodeCheckpointKey(pem, env.PLANLEDGER_CHECKPOINT_KEY ? 'PLANLEDGER_CHECKPOINT_KEY' : join(dir, CHECKPOINT_FILE));
  return { sealKey: decodeSealKey(sealText, env.PLANLEDGER_LOG_SEAL_KEY ? 'PLANLEDGER_LOG_SEAL_KEY' : join(dir, SEAL_FILE)), checkpointKey, checkpointPublicKey: createPublicKey(checkpointKey) };
}
