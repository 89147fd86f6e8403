import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { EventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { createReadModelSnapshots, foldEvents, recordReadModels, type SnapshotRefusal } from '@planledger/projections';
import { describe, expect, it } from 'vitest';
import { buildQueryApi } from './build-query-api';
import { createQueryApiLogger } from './logger';
import { models, readWholeLog, useRecordFiles, writeCases } from './testing/record-files';

const files = useRecordFiles('planledger-snapshots-');

/** A query service over its own connection to the file, with snapshots in `folder`, its log lines kept. */
async function service(path: string, dataDir: string, folder: string, everyEvents = 1_000_000) {
  const store = files.open(path);
  const lines: Array<{ msg: string; refusal?: string; position?: number; snapshot?: string }> = [];
  const logger = createQueryApiLogger(new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk)) as (typeof lines)[number]), done()) }), 'info');
  const api = buildQueryApi({ store, identity: await getLocalIdentity({ dataDir }), logger, development: false, snapshots: { folder, everyEvents } });
  return { store, api, lines };
}

const snapshotFiles = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.snapshot')).sort();

/** A new record file with `children` cases, and a first replica on it, ready, with snapshots in `<dir>/snapshots`. */
async function replicaOnFreshRecord(children: number, everyEvents?: number) {
  const { dir, path, writer } = files.freshRecord();
  const folder = join(dir, 'snapshots');
  await writeCases(writer, children);
  const first = await service(path, dir, folder, everyEvents);
  await first.api.ready(10_000);
  return { dir, path, folder, writer, first };
}

describe('persisted read-model snapshots', () => {
  it('a replica started from a snapshot holds exactly the read models of a full rebuild, and catches up from its position', async () => {
    // The first replica folds the whole log and, caught up past everyEvents, writes a snapshot by
    // itself before it starts serving: once ready, the file is there.
    const { dir, path, folder, writer, first } = await replicaOnFreshRecord(12, 50);
    const snapshotAt = await writer.headPosition();
    expect(first.lines.map((l) => l.msg)).toContain('no usable read-model snapshot; rebuilding from the log');
    expect(first.lines.map((l) => l.msg)).toContain('read-model snapshot written');
    expect(snapshotFiles(folder)).toEqual([`read-models-${String(snapshotAt).padStart(16, '0')}.snapshot`]);
    await first.api.close();

    // More events after the snapshot: the next replica starts from it and folds only those.
    await writeCases(writer, 7, 100);
    const head = await writer.headPosition();
    expect(head).toBeGreaterThan(snapshotAt);
    const log = await readWholeLog(writer);
    const rebuilt = models.map((model) => foldEvents(model, log));

    const second = await service(path, dir, folder);
    await second.api.ready(10_000);
    expect(await second.api.runner.waitFor(head, 10_000)).toBe(true);
    expect(second.lines.find((l) => l.msg === 'starting from a read-model snapshot')?.position).toBe(snapshotAt);
    expect(models.map((model) => second.api.runner.state(model))).toEqual(rebuilt);

    // It answers queries as a rebuilt replica does: the later children are found by search.
    const caught = second.api.runner.state(recordReadModels[1]);
    expect(caught.children.size).toBe(19);
    await second.api.close();
  }, 60_000);

  it('never writes a snapshot while serving, however many events arrive; writes the due one at close', async () => {
    const { folder, writer, first } = await replicaOnFreshRecord(4, 20);
    const atStart = snapshotFiles(folder);
    expect(atStart).toEqual([`read-models-${String(await writer.headPosition()).padStart(16, '0')}.snapshot`]);

    // Several times everyEvents more, applied while serving: no snapshot is taken meanwhile.
    await writeCases(writer, 12, 100);
    const head = await writer.headPosition();
    expect(await first.api.runner.waitFor(head, 10_000)).toBe(true);
    expect(head - Number(atStart[0]!.slice('read-models-'.length, -'.snapshot'.length))).toBeGreaterThan(3 * 20);
    await new Promise((r) => setTimeout(r, 50));
    expect(snapshotFiles(folder)).toEqual(atStart);

    // Closing (requests have stopped) writes the due one, at the head.
    await first.api.close();
    expect(snapshotFiles(folder)).toEqual([...atStart, `read-models-${String(head).padStart(16, '0')}.snapshot`]);
  }, 60_000);

  it('refuses a corrupt snapshot, one of another format or read-model version, and one of another store, each with its reason, and rebuilds', async () => {
    const { dir, path, folder, writer, first } = await replicaOnFreshRecord(6);
    const written = await first.api.writeSnapshot();
    expect(written).not.toBeNull();
    await first.api.close();
    const good = readFileSync(written!.file);
    const log = await readWholeLog(writer);
    const rebuilt = models.map((model) => foldEvents(model, log));

    const refusalsOf = async (bytes: Buffer, store: EventStore = writer) => {
      const only = join(files.tempDir(), 'snapshots');
      mkdirSync(only, { recursive: true });
      writeFileSync(join(only, written!.file.split('/').at(-1)!), bytes);
      const refusals: SnapshotRefusal[] = [];
      const snapshots = createReadModelSnapshots({ folder: only, store, readModels: recordReadModels, onRefused: (r) => refusals.push(r) });
      return { latest: await snapshots.latest(), refusals };
    };

    // The untouched file passes, and holds the states of a full rebuild.
    const untouched = await refusalsOf(good);
    expect(untouched.refusals).toEqual([]);
    expect(models.map((model) => untouched.latest!.initialStates.get(model.name))).toEqual(rebuilt);

    // One byte flipped in the last section's body.
    const flipped = Buffer.from(good);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 10) ^ 0xff, flipped.length - 10);
    const corrupt = await refusalsOf(flipped);
    expect(corrupt.latest).toBeNull();
    expect(corrupt.refusals[0]!.reason).toMatch(/does not match its SHA-256/);

    // Cut short.
    const cut = await refusalsOf(good.subarray(0, good.length - 100));
    expect(cut.latest).toBeNull();
    expect(cut.refusals[0]!.reason).toMatch(/bytes where its header promises/);

    // Another format version, and a read model whose version has moved on.
    const text = good.toString('latin1');
    const otherFormat = await refusalsOf(Buffer.from(text.replace('{"format":1,', '{"format":99,'), 'latin1'));
    expect(otherFormat.refusals[0]!.reason).toMatch(/format 99/);
    const otherVersion = await refusalsOf(Buffer.from(text.replace('"version":1,', '"version":2,'), 'latin1'));
    expect(otherVersion.refusals[0]!.reason).toMatch(/read model organisation-register has changed since it was written \(version 2/);

    // The same file shown to another store (the same commands, so the same shape, but other events).
    const other = files.open(join(files.tempDir(), 'other.db'));
    await writeCases(other, 6);
    const foreign = await refusalsOf(good, other);
    expect(foreign.latest).toBeNull();
    expect(foreign.refusals[0]!.reason).toMatch(/not the one the snapshot was taken at/);

    // A service whose only snapshot is corrupt says why, rebuilds, and ends identical to a rebuild.
    writeFileSync(written!.file, flipped);
    const second = await service(path, dir, folder);
    await second.api.ready(10_000);
    expect(second.lines.find((l) => l.msg.startsWith('read-model snapshot refused'))?.refusal).toMatch(/SHA-256/);
    expect(second.lines.map((l) => l.msg)).toContain('no usable read-model snapshot; rebuilding from the log');
    expect(models.map((model) => second.api.runner.state(model))).toEqual(rebuilt);
    await second.api.close();
  }, 60_000);
});
