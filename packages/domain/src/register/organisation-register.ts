import type { Agency } from '../application/contract';
import type { RecordedEvent } from '../deciders/decision';
import type { OrganisationKind } from '../events/organisation';

/** One organisation as the register holds it now. */
export interface RegisteredOrganisation {
  organisationId: string;
  name: string;
  agency: Agency;
  kind: OrganisationKind;
  active: boolean;
}

/** The register folded: small (a partnership has tens of organisations), so it is kept whole in memory. */
export interface OrganisationRegisterState {
  /** Revision of the register stream folded so far (-1: none). */
  revision: number;
  organisations: Map<string, RegisteredOrganisation>;
}

export const initialOrganisationRegister = (): OrganisationRegisterState => ({ revision: -1, organisations: new Map() });

/** Folds one register event. Mutates and returns the state: the register is folded once and kept up to date. */
export function evolveOrganisationRegister(state: OrganisationRegisterState, event: RecordedEvent): OrganisationRegisterState {
  state.revision++;
  switch (event.type) {
    case 'OrganisationRegistered':
      state.organisations.set(event.data.organisationId, { ...event.data, active: true });
      break;
    case 'OrganisationRenamed': {
      const organisation = state.organisations.get(event.data.organisationId);
      if (organisation) state.organisations.set(organisation.organisationId, { ...organisation, name: event.data.name });
      break;
    }
    case 'OrganisationRetired': {
      const organisation = state.organisations.get(event.data.organisationId);
      if (organisation) state.organisations.set(organisation.organisationId, { ...organisation, active: false });
      break;
    }
    default:
      break;
  }
  return state;
}
