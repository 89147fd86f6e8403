import type { EventEnvelope } from '@planledger/event-store';
import { invitationOf, type Agency, type EventData } from '@planledger/domain';
import { evolveStream, newStreamMeta, type StreamRules } from './correctable-stream';
import { entryOf, type Entry, type StreamMeta } from './entry';
import type { ReadModel } from '../runner/read-model';

const CHILD_PREFIX = 'child-';

export interface ChildView {
  kind: 'child';
  childId: string;
  registered: Entry<EventData<'ChildRegistered'>> | null;
  /**
   * Everyone who joined after registration, in the order they joined, keyed by the event that brought
   * them in: a TeamMemberAdded in the child's stream, or an AdviceRequested in one of the child's
   * assessments (the request invites its adviser by itself; its entry reads as the TeamMemberAdded
   * an invitation used to be written as).
   */
  teamMembers: Map<string, Entry<EventData<'TeamMemberAdded'>>>;
  /** Organisations removed from the team (and not added again since), with the removal. */
  removed: Map<string, Entry<EventData<'TeamMemberRemoved'>>>;
  meta: StreamMeta;
}

export interface TeamMember {
  organisationId: string;
  agency: Agency;
  /** When the organisation joined (registration or invitation), in world time. */
  joinedAt: string;
  reason: 'registered' | 'invited' | 'advice_requested';
}

export const childStreamRules: StreamRules<ChildView> = {
  start(event, childId) {
    if (event.type !== 'ChildRegistered') return null;
    return { kind: 'child', childId, registered: null, teamMembers: new Map(), removed: new Map(), meta: newStreamMeta(event, childId) };
  },
  apply(view, type, entry) {
    if (type === 'ChildRegistered') view.registered = entry as ChildView['registered'];
    else if (type === 'TeamMemberAdded') {
      const added = entry as Entry<EventData<'TeamMemberAdded'>>;
      view.removed.delete(added.data.organisationId);
      view.teamMembers.set(entry.eventId, added);
    } else if (type === 'TeamMemberRemoved') {
      // From the removal on, nothing that brought the organisation in before still counts.
      const removal = entry as Entry<EventData<'TeamMemberRemoved'>>;
      for (const [id, member] of view.teamMembers) if (member.data.organisationId === removal.data.organisationId) view.teamMembers.delete(id);
      view.removed.set(removal.data.organisationId, removal);
    }
  },
  find(view, eventId) {
    return view.registered?.eventId === eventId ? view.registered : view.teamMembers.get(eventId);
  },
  remove(view, eventId) {
    if (view.registered?.eventId === eventId) view.registered = null;
    view.teamMembers.delete(eventId);
  },
};

type AdviceRequested = EventData<'AdviceRequested'>;

/**
 * Folds one event into a child's view: an event of the child's own stream, or an advice request in
 * one of the child's assessments, which adds its adviser to the team (and leaves the child stream's
 * revision and times alone). Fed in log order, the team comes out in the order organisations joined.
 */
export function evolveChildView(view: ChildView | undefined, event: EventEnvelope): ChildView | undefined {
  if (event.type === 'AdviceRequested' && !event.streamId.startsWith(CHILD_PREFIX)) {
    // A removed organisation stays out, whatever asks it for advice, until addTeamMember brings it back.
    if (view && !view.removed.has((event.data as AdviceRequested).adviserOrganisationId)) view.teamMembers.set(event.eventId, { ...entryOf<AdviceRequested>(event), data: invitationOf(event.data as AdviceRequested) });
    return view;
  }
  return evolveStream(childStreamRules, view, event);
}

/** The organisations around the child, one entry per organisation (the first time it joined). */
export function teamOf(child: ChildView): TeamMember[] {
  const team = new Map<string, TeamMember>();
  const registering = child.registered?.data.registeringOrganisation;
  if (registering && child.registered && !child.removed.has(registering.organisationId)) {
    team.set(registering.organisationId, { organisationId: registering.organisationId, agency: registering.agency, joinedAt: child.registered.occurredAt, reason: 'registered' });
  }
  for (const member of child.teamMembers.values()) {
    if (!team.has(member.data.organisationId)) {
      team.set(member.data.organisationId, { organisationId: member.data.organisationId, agency: member.data.agency, joinedAt: member.occurredAt, reason: member.data.reason });
    }
  }
  return [...team.values()];
}

export interface ChildRegister {
  children: Map<string, ChildView>;
  /** Which child each plan, assessment, short-break or audit stream belongs to. */
  childOfStream: Map<string, string>;
  /** The non-child streams of each child, in the order they started. */
  streamsOfChild: Map<string, string[]>;
}

/** Children, their teams, and which streams belong to which child. */
export const childRegister: ReadModel<ChildRegister> = {
  name: 'child-register',
  initial: () => ({ children: new Map(), childOfStream: new Map(), streamsOfChild: new Map() }),
  evolve(state, event) {
    if (event.streamId.startsWith(CHILD_PREFIX)) {
      const key = event.streamId.slice(CHILD_PREFIX.length);
      const before = state.children.get(key);
      const after = evolveChildView(before, event);
      if (after && !before) state.children.set(key, after);
      return state;
    }
    const childId = (event.data as { childId?: unknown } | null)?.childId;
    if (typeof childId !== 'string') return state;
    if (event.type === 'AdviceRequested') evolveChildView(state.children.get(childId), event);
    if (state.childOfStream.has(event.streamId)) return state;
    state.childOfStream.set(event.streamId, childId);
    const streams = state.streamsOfChild.get(childId);
    if (streams) streams.push(event.streamId);
    else state.streamsOfChild.set(childId, [event.streamId]);
    return state;
  },
};
