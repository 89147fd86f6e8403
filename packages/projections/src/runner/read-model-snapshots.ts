import { constants } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { EventStore } from '@planledger/event-store';
import type { RunnerCheckpoint } from './projection-runner';
import type { ReadModel } from './read-model';

const formatBytes = (bytes: number) => (bytes >= 2 ** 40 ? 'no practical limit' : `${(bytes / 2 ** 30).toFixed(0)} GiB`);

/**
 * Persisted read-model snapshots: every read model's state at one log position, so a query replica
 * starts from the latest snapshot and catches up from its position instead of folding the whole log.
 *
 * One file per snapshot, `read-models-<position>.snapshot`, written to a temporary name and renamed
 * (so a reader never sees half a file):
 *
 *   planledger-read-models\n
 *   <header: one line of JSON>\n
 *   <section of each model, back to back: Node's structured serialisation of its state>
 *
 * The header names the format version, the position, the hash of the event at that position (so a
 * snapshot of another store, or of a log that was replaced, is refused), each model's name, version
 * and fingerprint (a digest of its reducer's code: a changed reducer refuses older snapshots), and
 * each section's length and SHA-256 (a flipped byte refuses the file). A refused snapshot is
 * reported with its reason and the next older one tried; with none left, the replica rebuilds.
 */
export const SNAPSHOT_FORMAT = 1;
const MAGIC = 'planledger-read-models\n';
const FILE = /^read-models-(\d{16})\.snapshot$/;

interface SnapshotHeader {
  format: number;
  position: number;
  eventId: string;
  eventHash: string;
  writtenAt: string;
  models: Array<{ name: string; version: number; fingerprint: string; bytes: number; sha256: string }>;
}

export interface SnapshotRefusal {
  file: string;
  reason: string;
}

export interface WrittenSnapshot {
  file: string;
  position: number;
  bytes: number;
  ms: number;
}

export interface ReadModelSnapshots {
  /** The latest snapshot that passes every check, as a checkpoint for the runner; null if none does. */
  latest(): Promise<(RunnerCheckpoint & { file: string }) | null>;
  /**
   * Writes every model's state at `position` (the runner's position: `states` must be valid there).
   * The states are serialised before the first await, so events applied meanwhile cannot leak in.
   */
  write(position: number, stateOf: (model: ReadModel<unknown>) => unknown): Promise<WrittenSnapshot | null>;
}

export interface ReadModelSnapshotOptions {
  folder: string;
  store: Pick<EventStore, 'readAll'>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readModels: ReadonlyArray<ReadModel<any>>;
  /** Snapshots kept after a write (the newest); default 2, so a damaged newest still leaves one. */
  keep?: number;
  onRefused?(refusal: SnapshotRefusal): void;
}

const MAX_HEADER_BYTES = 1 << 20;
const CHUNK_BYTES = 1 << 28;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  for (let done = 0; done < length; ) {
    const { bytesRead } = await handle.read(buffer, done, Math.min(length - done, CHUNK_BYTES), position + done);
    if (bytesRead === 0) return buffer.subarray(0, done);
    done += bytesRead;
  }
  return buffer;
}

function sha256(bytes: Uint8Array): string {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) hash.update(bytes.subarray(at, at + CHUNK_BYTES));
  return hash.digest('hex');
}

/** A digest of what decides a model's state: its name, version and the code of its reducer and start state. */
export function modelFingerprint(model: ReadModel<unknown>): string {
  return sha256(Buffer.from([model.name, String(model.version ?? 1), model.initial.toString(), model.evolve.toString()].join('\u0000')));
}

const fileName = (position: number) => `read-models-${String(position).padStart(16, '0')}.snapshot`;

export function createReadModelSnapshots(options: ReadModelSnapshotOptions): ReadModelSnapshots {
  const { folder, store, keep = 2 } = options;
  const models = options.readModels as ReadonlyArray<ReadModel<unknown>>;
  const fingerprints = new Map(models.map((m) => [m.name, modelFingerprint(m)]));

  const files = async (): Promise<Array<{ name: string; position: number }>> => {
    const names = await readdir(folder).catch(() => [] as string[]);
    return names
      .map((name) => ({ name, match: FILE.exec(name) }))
      .filter((f) => f.match)
      .map((f) => ({ name: f.name, position: Number(f.match![1]) }))
      .sort((a, b) => b.position - a.position);
  };

  /** The states of one file, or the reason it cannot be used. Sections are read one at a time (each may be gigabytes). */
  async function check(path: string): Promise<{ header: SnapshotHeader; states: Map<string, unknown> } | { refused: string }> {
    const handle = await open(path, 'r');
    try {
      const size = (await handle.stat()).size;
      const head = await readAt(handle, 0, Math.min(size, MAX_HEADER_BYTES));
      if (head.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return { refused: 'not a read-model snapshot' };
      const headerEnd = head.indexOf(0x0a, MAGIC.length);
      if (headerEnd < 0) return { refused: 'the header is cut short' };
      let header: SnapshotHeader;
      try {
        header = JSON.parse(head.subarray(MAGIC.length, headerEnd).toString('utf8')) as SnapshotHeader;
      } catch {
        return { refused: 'the header is not JSON' };
      }
      if (header.format !== SNAPSHOT_FORMAT) return { refused: `format ${header.format}, this code reads format ${SNAPSHOT_FORMAT}` };
      for (const model of models) {
        const section = header.models.find((m) => m.name === model.name);
        if (!section) return { refused: `it holds no state for read model ${model.name}` };
        if (section.version !== (model.version ?? 1) || section.fingerprint !== fingerprints.get(model.name)) {
          return { refused: `read model ${model.name} has changed since it was written (version ${section.version}, fingerprint ${section.fingerprint.slice(0, 12)})` };
        }
      }
      const total = headerEnd + 1 + header.models.reduce((sum, m) => sum + m.bytes, 0);
      if (total !== size) return { refused: `it is ${size} bytes where its header promises ${total}` };
      // The event at the snapshot's position must be the one it was taken at: another store, or a log
      // replaced behind the replica's back, has a different event there (or none).
      const [event] = await store.readAll({ after: header.position - 1, maxCount: 1 });
      if (!event || event.globalPosition !== header.position) return { refused: `the log has no event at position ${header.position} (a snapshot of another store?)` };
      if (event.eventId !== header.eventId || event.hash !== header.eventHash) return { refused: `the event at position ${header.position} is not the one the snapshot was taken at (a snapshot of another store?)` };
      const states = new Map<string, unknown>();
      let offset = headerEnd + 1;
      for (const section of header.models) {
        const body = await readAt(handle, offset, section.bytes);
        offset += section.bytes;
        if (sha256(body) !== section.sha256) return { refused: `the section of ${section.name} does not match its SHA-256` };
        const model = models.find((m) => m.name === section.name);
        if (!model) continue;
        let data: unknown;
        try {
          data = deserialize(body);
        } catch (error) {
          return { refused: `the state of ${model.name} does not deserialise (${(error as Error).message})` };
        }
        states.set(model.name, model.snapshot ? model.snapshot.read(data) : data);
      }
      return { header, states };
    } finally {
      await handle.close();
    }
  }

  return {
    async latest() {
      for (const { name } of await files()) {
        const path = join(folder, name);
        let result: Awaited<ReturnType<typeof check>>;
        try {
          result = await check(path);
        } catch (error) {
          result = { refused: `it could not be read (${(error as Error).message})` };
        }
        if ('refused' in result) {
          options.onRefused?.({ file: path, reason: result.refused });
          continue;
        }
        return { after: result.header.position, initialStates: result.states, file: path };
      }
      return null;
    },

    async write(position, stateOf) {
      if (position < 0) return null;
      const started = performance.now();
      // Serialised synchronously, before anything is awaited: the states are exactly those at `position`.
      const sections = models.map((model) => {
        const state = stateOf(model);
        try {
          return { model, body: serialize(model.snapshot ? model.snapshot.write(state) : state) };
        } catch (error) {
          // One section is one Buffer: Node 20 caps a Buffer at 4 GiB (Node 22 and later at 2^53 - 1
          // bytes), which a large partnership's assessments pass at about 9 million events.
          throw new Error(`the state of read model ${model.name} could not be serialised (largest Buffer on Node ${process.versions.node}: ${formatBytes(constants.MAX_LENGTH)}): ${(error as Error).message}`, { cause: error });
        }
      });
      const [event] = await store.readAll({ after: position - 1, maxCount: 1 });
      if (!event || event.globalPosition !== position) throw new Error(`no event at position ${position} to anchor the snapshot to`);
      const header: SnapshotHeader = {
        format: SNAPSHOT_FORMAT,
        position,
        eventId: event.eventId,
        eventHash: event.hash,
        writtenAt: new Date().toISOString(),
        models: sections.map(({ model, body }) => ({ name: model.name, version: model.version ?? 1, fingerprint: fingerprints.get(model.name)!, bytes: body.length, sha256: sha256(body) })),
      };
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const temporary = join(folder, `.writing-${process.pid}-${randomBytes(4).toString('hex')}`);
      const target = join(folder, fileName(position));
      const handle = await open(temporary, 'w', 0o600);
      let bytes = 0;
      try {
        for (const chunk of [Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`), ...sections.map((s) => s.body)]) {
          // A write may take less than it is given (the kernel caps one write near 2 GiB).
          for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done, Math.min(chunk.length - done, CHUNK_BYTES))).bytesWritten;
          bytes += chunk.length;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
      for (const old of (await files()).slice(keep)) await rm(join(folder, old.name), { force: true });
      return { file: target, position, bytes, ms: performance.now() - started };
    },
  };
}
