import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventStoreErrorCodes } from './errors';
import { openEventStore } from './open';
import { newEvent } from './testing/contract';

describe('openEventStore', () => {
  it('opens SQLite at a path, creating its folder when asked, and the data survives reopening', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pl-open-')), 'nested', 'store.db');
    const store = await openEventStore(`sqlite:${file}`, { create: true });
    expect(store.kind).toBe('sqlite');
    await store.append('child-1', [newEvent()], 'no_stream');
    await store.close();
    expect(existsSync(file)).toBe(true);
    const again = await openEventStore(`sqlite:${file}`);
    expect(await again.streamRevision('child-1')).toBe(0);
    await again.close();
  });

  it('opens a memory store', async () => {
    const store = await openEventStore('memory:');
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('refuses an unknown scheme with a coded error that hides credentials', async () => {
    await expect(openEventStore('postgres://user:secret@db/x')).rejects.toMatchObject({ code: EventStoreErrorCodes.INVALID_STORE_URL });
    await expect(openEventStore('postgres://user:secret@db/x')).rejects.not.toThrow(/secret/);
    await expect(openEventStore('sqlite:')).rejects.toMatchObject({ code: EventStoreErrorCodes.INVALID_STORE_URL });
  });
});
