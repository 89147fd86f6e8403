import type { EventEnvelope } from './envelope';
import type { ReadStreamOptions } from './port';

/** Applies ReadStreamOptions to a stream held in revision order. */
export function sliceStream(stream: readonly EventEnvelope[], { direction = 'forwards', fromRevision, maxCount = Number.MAX_SAFE_INTEGER }: ReadStreamOptions): EventEnvelope[] {
  if (direction === 'forwards') {
    const from = Math.max(fromRevision ?? 0, 0);
    return stream.slice(from, from + maxCount);
  }
  const from = Math.min(fromRevision ?? stream.length - 1, stream.length - 1);
  const out: EventEnvelope[] = [];
  for (let r = from; r >= 0 && out.length < maxCount; r--) out.push(stream[r]!);
  return out;
}
