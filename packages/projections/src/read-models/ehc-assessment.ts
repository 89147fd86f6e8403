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
  /** Needs assessments: the statutory steps from request to final plan. */
  assessmentDecision: Entry<EventData<'AssessmentDecisionMade'>> | null;
  notToIssue: Entry<EventData<'PlanNotToBeIssuedDecided'>> | null;
  draftPlan: Entry<EventData<'DraftPlanIssued'>> | null;
  representations: Map<string, Entry<EventData<'DraftPlanRepresentationsReceived'>>>;
  finalPlan: Entry<EventData<'FinalPlanIssued'>> | null;
  timelineExceptions: Map<string, Entry<EventData<'TimelineExceptionRecorded'>>>;
  meta: StreamMeta;
}

const singleSlots = {
  EhcAssessmentStarted: 'started',
  AnnualReviewMeetingHeld: 'meeting',
  AnnualReviewDecisionMade: 'decision',
  AmendedPlanIssued: 'amendedPlan',
  EhcAssessmentClosed: 'closed',
  AssessmentDecisionMade: 'assessmentDecision',
  PlanNotToBeIssuedDecided: 'notToIssue',
  DraftPlanIssued: 'draftPlan',
  FinalPlanIssued: 'finalPlan',
} as const;
const singleKeys = Object.values(singleSlots);

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
      assessmentDecision: null,
      notToIssue: null,
      draftPlan: null,
      representations: new Map(),
      finalPlan: null,
      timelineExceptions: new Map(),
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
    if (Object.hasOwn(singleSlots, type)) {
      (view as unknown as Record<string, unknown>)[singleSlots[type as keyof typeof singleSlots]] = entry;
      return;
    }
    if (type === 'CaseOfficerAssigned') view.caseOfficers.set(entry.eventId, entry as Entry<EventData<'CaseOfficerAssigned'>>);
    if (type === 'DraftPlanRepresentationsReceived') view.representations.set(entry.eventId, entry as Entry<EventData<'DraftPlanRepresentationsReceived'>>);
    if (type === 'TimelineExceptionRecorded') {
      const recorded = entry as Entry<EventData<'TimelineExceptionRecorded'>>;
      view.timelineExceptions.set(recorded.data.clock, recorded);
    }
  },
  find(view, eventId) {
    for (const key of singleKeys) {
      if (view[key]?.eventId === eventId) return view[key];
    }
    const representation = view.representations.get(eventId);
    if (representation) return representation;
    for (const e of view.timelineExceptions.values()) if (e.eventId === eventId) return e;
    for (const thread of view.advice.values()) {
      for (const slot of Object.values(adviceSlots)) {
        if (thread[slot]?.eventId === eventId) return thread[slot];
      }
    }
    return view.caseOfficers.get(eventId);
  },
  remove(view, eventId) {
    view.caseOfficers.delete(eventId);
    for (const key of singleKeys) {
      if (view[key]?.eventId === eventId) view[key] = null;
    }
    view.representations.delete(eventId);
    for (const [clock, e] of view.timelineExceptions) if (e.eventId === eventId) view.timelineExceptions.delete(clock);
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
