import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import type { LogKeys } from './log-keys';
import type { EventStore } from './port';
import { verifyAllStreams } from './verify-all';

/**
 * Verifies the whole log and, only if it holds, signs a checkpoint of it. A checkpoint never vouches
 * for a log that does not verify: the answer is null then, with the findings.
 */
export async function takeCheckpoint(store: EventStore, keys: LogKeys, now = new Date()): Promise<{ checkpoint: Checkpoint | null; findings: number }> {
  const result = await verifyAllStreams(store, { sealKey: keys.sealKey });
  if (!result.ok) return { checkpoint: null, findings: result.failures.length + result.logFailures.length };
  return { checkpoint: signCheckpoint({ ...result.tree, heads: result.heads, createdAt: now.toISOString() }, keys.checkpointKey), findings: 0 };
}

/** Writes `checkpoint-<treeSize>.json` into the folder; copy it off the host to make it worth anything. */
export function writeCheckpointFile(folder: string, checkpoint: Checkpoint): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `checkpoint-${String(checkpoint.treeSize).padStart(10, '0')}.json`);
  writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
  return file;
}
