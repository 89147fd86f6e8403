import type { EventEnvelope } from '@planledger/event-store';
import type { EventData } from '@planledger/domain';
import { evolveStream, newStreamMeta, type StreamRules } from './correctable-stream';
import type { Entry, StreamMeta } from './entry';
import type { PlanViews } from './family-help-plan';
import type { ReadModel } from '../runner/read-model';

/** One advice request and everything recorded against it. */
export interface AdviceThread {
  requestId: string;
  requested: Entry<EventData<'AdviceRequested'>> | null;
  exception: Entry<EventData<'AdviceExceptionRecorded'>> | null;
  submitted: Entry<EventData<'AdviceSubmitted'>> | null;
  moderated: Entry<EventData<'AdviceModerated'>> | null;
  incorporated: Entry<EventData<'AdviceIncorporated'>> | null;
}

export interface EhcAssessmentView {
  kind: 'ehc_assessment';
  assessmentId: string;
  childId: string;
  started: Entry<EventData<'EhcAssessmentStarted'>> | null;
  advice: Map<string, AdviceThread>;
  /** Case officer assignments in the order recorded, by event id. */
  caseOfficers: Map<string, Entry<EventData<'CaseOfficerAssigned'>>>;
  meeting: Entry<EventData<'AnnualReviewMeetingHeld'>> | null;
  decision: Entry<EventData<'AnnualReviewDecisionMade'>> | null;
  amendedPlan: Entry<EventData<'AmendedPlanIssued'>> | null;
  closed: Entry<EventData<'EhcAssessmentClosed'>> | null;
  meta: StreamMeta;
}

const adviceSlots = {
  AdviceRequested: 'requested',
  AdviceExceptionRecorded: 'exception',
  AdviceSubmitted: 'submitted',
  AdviceModerated: 'moderated',
  AdviceIncorporated: 'incorporated',
} as const satisfies Record<string, keyof Omit<AdviceThread, 'requestId'>>;

type AdviceEventType = keyof typeof adviceSlots;

const isAdviceEvent = (type: string): type is AdviceEventType => Object.hasOwn(adviceSlots, type);

export const ehcAssessmentStreamRules: StreamRules<EhcAssessmentView> = {
  start(event, childId) {
    if (event.type !== 'EhcAssessmentStarted') return null;
    return {
      kind: 'ehc_assessment',
      assessmentId: (event.data as EventData<'EhcAssessmentStarted'>).assessmentId,
      childId,
      started: null,
      advice: new Map(),
      caseOfficers: new Map(),
      meeting: null,
      decision: null,
      amendedPlan: null,
      closed: null,
      meta: newStreamMeta(event, childId),
    };
  },
  apply(view, type, entry) {
    if (isAdviceEvent(type)) {
      const requestId = (entry.data as { requestId: string }).requestId;
      let thread = view.advice.get(requestId);
      if (!thread) {
        thread = { requestId, requested: null, exception: null, submitted: null, moderated: null, incorporated: null };
        view.advice.set(requestId, thread);
      }
      (thread as unknown as Record<string, unknown>)[adviceSlots[type]] = entry;
      return;
    }
    switch (type) {
      case 'EhcAssessmentStarted':
        view.started = entry as EhcAssessmentView['started'];
        break;
      case 'CaseOfficerAssigned':
        view.caseOfficers.set(entry.eventId, entry as Entry<EventData<'CaseOfficerAssigned'>>);
        break;
      case 'AnnualReviewMeetingHeld':
        view.meeting = entry as EhcAssessmentView['meeting'];
        break;
      case 'AnnualReviewDecisionMade':
        view.decision = entry as EhcAssessmentView['decision'];
        break;
      case 'AmendedPlanIssued':
        view.amendedPlan = entry as EhcAssessmentView['amendedPlan'];
        break;
      case 'EhcAssessmentClosed':
        view.closed = entry as EhcAssessmentView['closed'];
        break;
    }
  },
  find(view, eventId) {
    for (const key of ['started', 'meeting', 'decision', 'amendedPlan', 'closed'] as const) {
      if (view[key]?.eventId === eventId) return view[key];
    }
    for (const thread of view.advice.values()) {
      for (const slot of Object.values(adviceSlots)) {
        if (thread[slot]?.eventId === eventId) return thread[slot];
      }
    }
    return view.caseOfficers.get(eventId);
  },
  remove(view, eventId) {
    view.caseOfficers.delete(eventId);
    for (const key of ['started', 'meeting', 'decision', 'amendedPlan', 'closed'] as const) {
      if (view[key]?.eventId === eventId) view[key] = null;
    }
    for (const thread of view.advice.values()) {
      for (const slot of Object.values(adviceSlots)) {
        if (thread[slot]?.eventId === eventId) thread[slot] = null;
      }
    }
  },
};

export const evolveEhcAssessmentView = (view: EhcAssessmentView | undefined, event: EventEnvelope) => evolveStream(ehcAssessmentStreamRules, view, event);

/** The case officer named last, if any. */
export function currentCaseOfficer(view: EhcAssessmentView): EventData<'CaseOfficerAssigned'>['caseOfficer'] | null {
  let last: Entry<EventData<'CaseOfficerAssigned'>> | null = null;
  for (const assignment of view.caseOfficers.values()) if (!last || assignment.recordedAt >= last.recordedAt) last = assignment;
  return last?.data.caseOfficer ?? null;
}

const EHC_ASSESSMENT_PREFIX = 'ehc-assessment-';

/** Every EHC needs assessment and annual review, keyed by stream id. */
export const ehcAssessments: ReadModel<PlanViews<EhcAssessmentView>> = {
  name: 'ehc-assessments',
  initial: () => new Map(),
  evolve(state, event) {
    if (!event.streamId.startsWith(EHC_ASSESSMENT_PREFIX)) return state;
    const before = state.get(event.streamId);
    const after = evolveEhcAssessmentView(before, event);
    if (after && !before) state.set(event.streamId, after);
    return state;
  },
};
