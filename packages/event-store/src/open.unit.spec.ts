import { mkdtempSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventStoreErrorCodes } from './errors';
import { getMemoryEventStore } from './memory/memory-event-store';
import { loadLogKeys } from './log-keys';
import { accessLogStoreSpec, openAccessLogStoreFromEnv, openEventStore, openEventStoreFromEnv } from './open';
import { verifyAllStreams } from './verify-all';
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

describe('accessLogStoreSpec', () => {
  const dataDir = '/srv/planledger';

  it('gives a SQLite record an access-log file of its own in the data folder, wherever the record file is', () => {
    expect(accessLogStoreSpec({}, dataDir)).toEqual({ shared: false, url: 'sqlite:/srv/planledger/access-log.db' });
    expect(accessLogStoreSpec({ PLANLEDGER_STORE: 'sqlite:/var/lib/record.db' }, dataDir)).toEqual({ shared: false, url: 'sqlite:/srv/planledger/access-log.db' });
  });

  it('shares an EventStoreDB or memory record store when nothing is set', () => {
    expect(accessLogStoreSpec({ PLANLEDGER_STORE: 'esdb://db:2113?tls=false' }, dataDir)).toEqual({ shared: true });
    expect(accessLogStoreSpec({ PLANLEDGER_STORE: 'kurrentdb+discover://a,b,c' }, dataDir)).toEqual({ shared: true });
    expect(accessLogStoreSpec({ PLANLEDGER_STORE: 'memory:' }, dataDir)).toEqual({ shared: true });
  });

  it('takes PLANLEDGER_ACCESS_LOG_STORE when set, and shares the record file when it names that very file', () => {
    expect(accessLogStoreSpec({ PLANLEDGER_ACCESS_LOG_STORE: ' sqlite:/elsewhere/reads.db ' }, dataDir)).toEqual({ shared: false, url: 'sqlite:/elsewhere/reads.db' });
    expect(accessLogStoreSpec({ PLANLEDGER_STORE: 'esdb://db:2113', PLANLEDGER_ACCESS_LOG_STORE: 'esdb://other:2113' }, dataDir)).toEqual({ shared: false, url: 'esdb://other:2113' });
    expect(accessLogStoreSpec({ PLANLEDGER_ACCESS_LOG_STORE: 'sqlite:/srv/planledger/planledger.db' }, dataDir)).toEqual({ shared: true });
    expect(accessLogStoreSpec({ PLANLEDGER_STORE: 'sqlite:/var/lib/record.db', PLANLEDGER_ACCESS_LOG_STORE: 'sqlite:/var/lib/../lib/record.db' }, dataDir)).toEqual({ shared: true });
    expect(accessLogStoreSpec({ PLANLEDGER_ACCESS_LOG_STORE: '  ' }, dataDir)).toEqual({ shared: false, url: 'sqlite:/srv/planledger/access-log.db' });
  });
});

describe('openAccessLogStoreFromEnv', () => {
  it('creates the access-log file beside a SQLite record, private, sealed, and held by one writer', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pl-access-log-')), 'data');
    const env = { PLANLEDGER_STORE_CREATE: '1' };
    const record = await openEventStoreFromEnv(env, dataDir);
    const accessLog = await openAccessLogStoreFromEnv({}, dataDir, record);
    expect(accessLog).not.toBe(record);
    expect(accessLog.kind).toBe('sqlite');
    await accessLog.append('access-log-child-1', [newEvent('ChildRecordRead')], 'any');
    const file = join(dataDir, 'access-log.db');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    // Nothing of the access log in the record file.
    expect(await record.readStream('access-log-child-1')).toEqual([]);
    const sealed = await verifyAllStreams(accessLog, { sealKey: loadLogKeys({ dataDir })!.sealKey });
    expect(sealed).toMatchObject({ ok: true, sealsChecked: true, unsealedBeforeSealing: 0, events: 1 });
    // A second query service on the same access-log file is refused.
    await expect(openAccessLogStoreFromEnv({}, dataDir, record)).rejects.toMatchObject({ code: EventStoreErrorCodes.STORE_LOCKED });
    await accessLog.close();
    const reopened = await openAccessLogStoreFromEnv({}, dataDir, record);
    expect(await reopened.streamRevision('access-log-child-1')).toBe(0);
    await reopened.close();
    await record.close();
  });

  it('seals the record and the access log with log keys read once and handed to both, reading none itself', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pl-access-log-')), 'data');
    // Keys of the caller's own, found nowhere in the environment or the data folder.
    const logKeys = loadLogKeys({ dataDir: mkdtempSync(join(tmpdir(), 'pl-log-keys-')), env: {}, create: true })!;
    const record = await openEventStoreFromEnv({ PLANLEDGER_STORE_CREATE: '1' }, dataDir, { logKeys });
    const accessLog = await openAccessLogStoreFromEnv({}, dataDir, record, { logKeys });
    await record.append('child-1', [newEvent()], 'no_stream');
    await accessLog.append('access-log-child-1', [newEvent('ChildRecordRead')], 'any');
    for (const store of [record, accessLog]) expect(await verifyAllStreams(store, { sealKey: logKeys.sealKey })).toMatchObject({ ok: true, sealsChecked: true, unsealedBeforeSealing: 0, events: 1 });
    // Neither opening went looking for keys of its own (loading them creates `<dataDir>/keys`).
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
    await accessLog.close();
    await record.close();
  });

  it('hands back the very memory store the record is in', async () => {
    const record = getMemoryEventStore();
    expect(await openAccessLogStoreFromEnv({ PLANLEDGER_STORE: 'memory:' }, mkdtempSync(join(tmpdir(), 'pl-access-log-')), record)).toBe(record);
  });
});
