import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNhsNumberKey } from './nhs-number-key';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-nhs-key-'));
  dirs.push(dir);
  return dir;
};

describe('loadNhsNumberKey', () => {
  it('creates a 32-byte key file readable by its owner only, and reads the same key back', () => {
    const dir = dataDir();
    expect(loadNhsNumberKey({ dataDir: dir, env: {} })).toBeNull();
    const key = loadNhsNumberKey({ dataDir: dir, env: {}, create: true })!;
    expect(key.length).toBe(32);
    expect(statSync(join(dir, 'keys', 'nhs-number.key')).mode & 0o777).toBe(0o600);
    expect(loadNhsNumberKey({ dataDir: dir, env: {} })!.equals(key)).toBe(true);
  });

  it('takes PLANLEDGER_NHS_NUMBER_KEY over the file, and refuses a short key', () => {
    const dir = dataDir();
    const fromEnv = Buffer.alloc(40, 9);
    expect(loadNhsNumberKey({ dataDir: dir, env: { PLANLEDGER_NHS_NUMBER_KEY: fromEnv.toString('base64') }, create: true })!.equals(fromEnv)).toBe(true);
    expect(() => loadNhsNumberKey({ dataDir: dir, env: { PLANLEDGER_NHS_NUMBER_KEY: Buffer.alloc(16).toString('base64') } })).toThrow(/PLANLEDGER_NHS_NUMBER_KEY must be at least 32 bytes/);
  });
});
