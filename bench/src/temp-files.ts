import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder on the real disk for one benchmark's files (WAL and shm included), removed afterwards. */
export function tempFolder(label: string): { file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `planledger-bench-${label}-`));
  return {
    file: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function withTempFolder<T>(label: string, work: (file: (name: string) => string) => Promise<T>): Promise<T> {
  const folder = tempFolder(label);
  try {
    return await work(folder.file);
  } finally {
    folder.remove();
  }
}
