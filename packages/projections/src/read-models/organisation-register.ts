import type { EventEnvelope } from '@planledger/event-store';
import { ORGANISATION_REGISTER_STREAM, type Agency, type OrganisationKind, type RecordedEvent } from '@planledger/domain';
import { evolveOrganisationRegister, initialOrganisationRegister, type OrganisationRegisterState } from '@planledger/domain';
import type { ReadModel } from '../runner/read-model';

export interface OrganisationView {
  organisationId: string;
  name: string;
  agency: Agency;
  kind: OrganisationKind;
  active: boolean;
  registeredAt: string;
  retiredAt: string | null;
}

/** The register as the query side keeps it: the domain's own fold (so both services judge a caller alike), plus when each organisation joined and left. */
export interface OrganisationRegisterView {
  state: OrganisationRegisterState;
  organisations: Map<string, OrganisationView>;
}

export const organisationRegister: ReadModel<OrganisationRegisterView> = {
  name: 'organisation-register',
  initial: () => ({ state: initialOrganisationRegister(), organisations: new Map() }),
  evolve(view, event: EventEnvelope) {
    if (event.streamId !== ORGANISATION_REGISTER_STREAM) return view;
    evolveOrganisationRegister(view.state, { type: event.type, data: event.data } as RecordedEvent);
    const now = view.state.organisations.get((event.data as { organisationId: string }).organisationId);
    if (!now) return view;
    const before = view.organisations.get(now.organisationId);
    view.organisations.set(now.organisationId, {
      ...now,
      registeredAt: before?.registeredAt ?? event.recordedAt,
      retiredAt: event.type === 'OrganisationRetired' ? event.recordedAt : (before?.retiredAt ?? null),
    });
    return view;
  },
};
