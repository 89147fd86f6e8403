import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory for store files; `remove` deletes it with everything in it (WAL and shm files too). */
export function tempStoreDirectory(): { file(name?: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'planledger-sqlite-'));
  let n = 0;
  return {
    file: (name = `store-${n++}.db`) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
