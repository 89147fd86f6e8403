import type { EventEnvelope } from '@planledger/event-store';
import type { EventData } from '@planledger/domain';
import { evolveStream, newStreamMeta, type StreamRules } from './correctable-stream';
import type { Entry, StreamMeta } from './entry';
import type { PlanViews } from './family-help-plan';
import type { ReadModel } from '../runner/read-model';

export interface ShortBreakView {
  kind: 'short_break';
  shortBreakId: string;
  childId: string;
  requested: Entry<EventData<'ShortBreakRequested'>> | null;
  decision: Entry<EventData<'ShortBreakDecided'>> | null;
  reviews: Map<string, Entry<EventData<'ShortBreakReviewed'>>>;
  appeals: Map<string, Entry<EventData<'ShortBreakAppealed'>>>;
  complaints: Map<string, Entry<EventData<'ShortBreakComplaintMade'>>>;
  ended: Entry<EventData<'ShortBreakEnded'>> | null;
  meta: StreamMeta;
}

export const shortBreakStreamRules: StreamRules<ShortBreakView> = {
  start(event, childId) {
    if (event.type !== 'ShortBreakRequested') return null;
    return {
      kind: 'short_break',
      shortBreakId: (event.data as EventData<'ShortBreakRequested'>).shortBreakId,
      childId,
      requested: null,
      decision: null,
      reviews: new Map(),
      appeals: new Map(),
      complaints: new Map(),
      ended: null,
      meta: newStreamMeta(event, childId),
    };
  },
  apply(view, type, entry) {
    switch (type) {
      case 'ShortBreakRequested':
        view.requested = entry as ShortBreakView['requested'];
        break;
      case 'ShortBreakDecided':
        view.decision = entry as ShortBreakView['decision'];
        break;
      case 'ShortBreakReviewed':
        view.reviews.set(entry.eventId, entry as Entry<EventData<'ShortBreakReviewed'>>);
        break;
      case 'ShortBreakAppealed':
        view.appeals.set(entry.eventId, entry as Entry<EventData<'ShortBreakAppealed'>>);
        break;
      case 'ShortBreakComplaintMade':
        view.complaints.set(entry.eventId, entry as Entry<EventData<'ShortBreakComplaintMade'>>);
        break;
      case 'ShortBreakEnded':
        view.ended = entry as ShortBreakView['ended'];
        break;
    }
  },
  find(view, eventId) {
    for (const key of ['requested', 'decision', 'ended'] as const) {
      if (view[key]?.eventId === eventId) return view[key];
    }
    return view.reviews.get(eventId) ?? view.appeals.get(eventId) ?? view.complaints.get(eventId);
  },
  remove(view, eventId) {
    for (const key of ['requested', 'decision', 'ended'] as const) {
      if (view[key]?.eventId === eventId) view[key] = null;
    }
    view.reviews.delete(eventId);
    view.appeals.delete(eventId);
    view.complaints.delete(eventId);
  },
};

export const evolveShortBreakView = (view: ShortBreakView | undefined, event: EventEnvelope) => evolveStream(shortBreakStreamRules, view, event);

const SHORT_BREAK_PREFIX = 'short-break-';

/** Every short break, keyed by stream id. */
export const shortBreaks: ReadModel<PlanViews<ShortBreakView>> = {
  name: 'short-breaks',
  initial: () => new Map(),
  evolve(state, event) {
    if (!event.streamId.startsWith(SHORT_BREAK_PREFIX)) return state;
    const before = state.get(event.streamId);
    const after = evolveShortBreakView(before, event);
    if (after && !before) state.set(event.streamId, after);
    return state;
  },
};
