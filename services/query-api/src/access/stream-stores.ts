import type { EventStore } from '@planledger/event-store';
import { isAccessLogStream } from './access-log-event';

/** The two stores the query service reads: the record, and who read what (the same store unless given one of its own). */
export interface StreamStores {
  record: EventStore;
  accessLog: EventStore;
}

/** One stream read by its id, wherever it lives. */
export type StreamReader = Pick<EventStore, 'readStream' | 'streamRevision' | 'verifyStream'>;

/** The store that holds a stream: `access-log-*` streams the access log's, every other the record's. */
export const storeForStream = ({ record, accessLog }: StreamStores, streamId: string): EventStore => (isAccessLogStream(streamId) ? accessLog : record);

/**
 * Reads each stream from the store that holds it, so no caller chooses the store itself (and none can
 * ask the record for an access-log stream, find nothing, and answer as if nobody had read it).
 */
export function streamReaderOver(stores: StreamStores): StreamReader {
  return {
    readStream: (streamId, options) => storeForStream(stores, streamId).readStream(streamId, options),
    streamRevision: (streamId) => storeForStream(stores, streamId).streamRevision(streamId),
    verifyStream: (streamId) => storeForStream(stores, streamId).verifyStream(streamId),
  };
}
