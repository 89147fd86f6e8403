import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreError, EventStoreErrorCodes } from './errors';

/** At least this many bytes: the key is what keeps a claim stream's name from telling its NHS number. */
export const MIN_NHS_NUMBER_KEY_BYTES = 32;
const KEY_FILE = 'nhs-number.key';

/**
 * The secret that names NHS number claim streams (an HMAC of the number), kept outside the store as
 * the log seal key is: `PLANLEDGER_NHS_NUMBER_KEY` (base64, at least 32 bytes) in production, else
 * `<dataDir>/keys/nhs-number.key`, created mode 0600 on first use when `create` is set. Every process
 * that writes one store must read the same key; a lost key does not lose data, but numbers claimed
 * under it are no longer seen (a new key starts every number afresh).
 */
export function loadNhsNumberKey({ dataDir, env = process.env, create = false }: { dataDir: string; env?: NodeJS.ProcessEnv; create?: boolean }): Buffer | null {
  const fromEnv = env.PLANLEDGER_NHS_NUMBER_KEY?.trim();
  const dir = join(dataDir, 'keys');
  const path = join(dir, KEY_FILE);
  let text = fromEnv || null;
  if (!text) {
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return null;
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      try {
        // wx: two processes starting at once create one key between them, and both read that one.
        writeFileSync(path, `${randomBytes(MIN_NHS_NUMBER_KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
      } catch (writeError) {
        if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      }
      text = readFileSync(path, 'utf8');
    }
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < MIN_NHS_NUMBER_KEY_BYTES) {
    throw new EventStoreError(EventStoreErrorCodes.UNAVAILABLE, `the NHS number key in ${fromEnv ? 'PLANLEDGER_NHS_NUMBER_KEY' : path} must be at least ${MIN_NHS_NUMBER_KEY_BYTES} bytes, base64`);
  }
  return key;
}
