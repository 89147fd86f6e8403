import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { newEvent } from '@planledger/event-store/testing';
import { describe, expect, it } from 'vitest';
import { accessLogStreamOf, listAccessLogStreamOf } from './access-log-event';
import { streamReaderOver } from './stream-stores';

/** A memory store that notes the stream of every read by id. */
function watchedStore(): { store: EventStore; asked: string[] } {
  const inner = getMemoryEventStore();
  const asked: string[] = [];
  const store: EventStore = {
    ...inner,
    readStream: (streamId, options) => (asked.push(streamId), inner.readStream(streamId, options)),
    streamRevision: (streamId) => (asked.push(streamId), inner.streamRevision(streamId)),
    verifyStream: (streamId) => (asked.push(streamId), inner.verifyStream(streamId)),
  };
  return { store, asked };
}

describe('streamReaderOver', () => {
  const childId = '0b8a3f4e-2c1d-4e5f-8a9b-0c1d2e3f4a5b';
  const recordStream = `child-${childId}`;
  const readStreams = [accessLogStreamOf(childId), listAccessLogStreamOf('org-1')];

  async function twoStores() {
    const record = watchedStore();
    const accessLog = watchedStore();
    // Each store holds a decoy of the other's streams, so a read from the wrong one answers differently.
    for (const streamId of [recordStream, ...readStreams]) {
      await record.store.append(streamId, [newEvent('InRecord')], 'any');
      await accessLog.store.append(streamId, [newEvent('InAccessLog'), newEvent('InAccessLog')], 'any');
    }
    record.asked.length = 0;
    accessLog.asked.length = 0;
    return { record, accessLog, streams: streamReaderOver({ record: record.store, accessLog: accessLog.store }) };
  }

  it('reads access-log streams from the access log alone, never from the record', async () => {
    const { record, accessLog, streams } = await twoStores();
    for (const streamId of readStreams) {
      expect((await streams.readStream(streamId)).map((e) => e.type)).toEqual(['InAccessLog', 'InAccessLog']);
      expect(await streams.streamRevision(streamId)).toBe(1);
      expect(await streams.verifyStream(streamId)).toMatchObject({ ok: true, eventCount: 2 });
    }
    expect(record.asked).toEqual([]);
    expect(accessLog.asked).toEqual(readStreams.flatMap((s) => [s, s, s]));
  });

  it('reads every other stream from the record alone, never from the access log', async () => {
    const { record, accessLog, streams } = await twoStores();
    expect((await streams.readStream(recordStream, { direction: 'backwards' })).map((e) => e.type)).toEqual(['InRecord']);
    expect(await streams.streamRevision(recordStream)).toBe(0);
    expect(await streams.verifyStream(recordStream)).toMatchObject({ ok: true, eventCount: 1 });
    expect(accessLog.asked).toEqual([]);
    expect(record.asked).toEqual([recordStream, recordStream, recordStream]);
  });
});
