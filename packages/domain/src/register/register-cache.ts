import type { EventStore } from '@planledger/event-store';
import type { RecordedEvent } from '../deciders/decision';
import { ORGANISATION_REGISTER_STREAM } from '../events/organisation';
import type { OrganisationRegisterState } from './organisation-register';
import { evolveOrganisationRegister, initialOrganisationRegister } from './organisation-register';

/**
 * The register as command execution sees it: folded once per store and kept up to date. Each look-up
 * asks the store only for register events after the last one folded (another process, such as the
 * demo loader, may have written some), so a request costs one indexed read of nothing new.
 */
const perStore = new WeakMap<EventStore, OrganisationRegisterState>();

export async function currentRegister(store: EventStore): Promise<OrganisationRegisterState> {
  let state = perStore.get(store);
  if (!state) {
    state = initialOrganisationRegister();
    perStore.set(store, state);
  }
  const known = state.revision + 1;
  const newer = await store.readStream(ORGANISATION_REGISTER_STREAM, { fromRevision: known });
  // Two look-ups may race; only events beyond what is already folded are applied.
  for (const event of newer) {
    if (event.revision === state.revision + 1) evolveOrganisationRegister(state, { type: event.type, data: event.data } as RecordedEvent);
  }
  return state;
}
