import { getMemoryEventStore, getSQLiteEventStore } from '@planledger/event-store';
import { formatNumber, progress } from '../progress';
import { nowMs } from '../timing';
import { generateRecord, type GeneratedChild } from './generate-record';
import { readWholeLog, replicateRecord } from './replicate-record';

export interface RecordFile {
  file: string;
  children: GeneratedChild[];
  events: number;
  /** How it was made, for the notes beside the numbers. */
  description: string;
}

/**
 * A SQLite record file of about `children` children: `baseChildren` written through executeCommand
 * (in memory), then re-keyed copies of them appended through planledger's SQLite adapter.
 */
export async function buildRecordFile(file: string, { baseChildren, children }: { baseChildren: number; children: number }): Promise<RecordFile> {
  const started = nowMs();
  const memory = getMemoryEventStore();
  progress(`  generating ${formatNumber(baseChildren)} children through executeCommand ...`);
  const base = await generateRecord(memory, { children: baseChildren });
  const source = await readWholeLog(memory);
  await memory.close();
  const commandSeconds = (nowMs() - started) / 1000;
  const copies = Math.max(1, Math.ceil(children / baseChildren));
  progress(`  ${formatNumber(source.length)} events in ${commandSeconds.toFixed(1)} s; writing ${copies} re-keyed copies to SQLite ...`);
  const store = getSQLiteEventStore({ path: file });
  try {
    const all = await replicateRecord(source, base, store, {
      copies,
      onProgress: (done) => {
        if (done % 10 === 0) progress(`  ${done}/${copies} copies`);
      },
    });
    const events = (await store.headPosition()) + 1;
    progress(`  record of ${formatNumber(all.length)} children, ${formatNumber(events)} events, in ${((nowMs() - started) / 1000).toFixed(1)} s`);
    return {
      file,
      children: all,
      events,
      description: `${formatNumber(all.length)} children, ${formatNumber(events)} events: ${formatNumber(baseChildren)} children written through executeCommand, copied ${copies}x with fresh ids`,
    };
  } finally {
    await store.close();
  }
}
