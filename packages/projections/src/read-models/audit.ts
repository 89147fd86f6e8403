import type { EventEnvelope } from '@planledger/event-store';
import type { EventData } from '@planledger/domain';
import { evolveStream, newStreamMeta, type StreamRules } from './correctable-stream';
import type { Entry, StreamMeta } from './entry';
import type { PlanViews } from './family-help-plan';
import type { ReadModel } from '../runner/read-model';

export interface AuditView {
  kind: 'audit';
  auditId: string;
  childId: string;
  recorded: Entry<EventData<'QualityAuditRecorded'>> | null;
  moderations: Map<string, Entry<EventData<'AuditModerated'>>>;
  meta: StreamMeta;
}

export const auditStreamRules: StreamRules<AuditView> = {
  start(event, childId) {
    if (event.type !== 'QualityAuditRecorded') return null;
    return { kind: 'audit', auditId: (event.data as EventData<'QualityAuditRecorded'>).auditId, childId, recorded: null, moderations: new Map(), meta: newStreamMeta(event, childId) };
  },
  apply(view, type, entry) {
    if (type === 'QualityAuditRecorded') view.recorded = entry as AuditView['recorded'];
    else if (type === 'AuditModerated') view.moderations.set(entry.eventId, entry as Entry<EventData<'AuditModerated'>>);
  },
  find(view, eventId) {
    return view.recorded?.eventId === eventId ? view.recorded : view.moderations.get(eventId);
  },
  remove(view, eventId) {
    if (view.recorded?.eventId === eventId) view.recorded = null;
    view.moderations.delete(eventId);
  },
};

export const evolveAuditView = (view: AuditView | undefined, event: EventEnvelope) => evolveStream(auditStreamRules, view, event);

const AUDIT_PREFIX = 'audit-';

/** Every quality audit, keyed by stream id. */
export const audits: ReadModel<PlanViews<AuditView>> = {
  name: 'audits',
  initial: () => new Map(),
  evolve(state, event) {
    if (!event.streamId.startsWith(AUDIT_PREFIX)) return state;
    const before = state.get(event.streamId);
    const after = evolveAuditView(before, event);
    if (after && !before) state.set(event.streamId, after);
    return state;
  },
};
