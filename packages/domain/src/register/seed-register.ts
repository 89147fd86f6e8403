import type { EventStore } from '@planledger/event-store';
import type { Agency, Caller } from '../application/contract';
import { executeCommand } from '../application/execute-command';
import type { OrganisationKind } from '../events/organisation';
import { currentRegister } from './register-cache';

export interface OrganisationToRegister {
  organisationId: string;
  name: string;
  agency: Agency;
  kind: OrganisationKind;
}

export interface SeedRegisterOptions {
  /** The partnership office: founds the register, and its administrator registers the rest. */
  office: Omit<OrganisationToRegister, 'kind'>;
  organisations: readonly OrganisationToRegister[];
  /** The administrator's user id (default `partnership-administrator-1`). */
  administratorUserId?: string;
  /** When the organisations joined the partnership, in world time (default: now). */
  occurredAt?: string;
  now?: () => Date;
  /** Backdate the register (loading history only: the demo partnership); see ExecuteCommandOptions.recordedAt. */
  recordedAt?: string;
}

/** The partnership administrator of an office, as a caller. */
export function administratorOf(office: Pick<OrganisationToRegister, 'organisationId' | 'agency'>, userId = 'partnership-administrator-1'): Caller {
  return { userId, role: 'partnership_administrator', agency: office.agency, organisationId: office.organisationId };
}

/**
 * Writes the register through the command path, as the partnership administrator would: the office
 * first (founding an empty register), then each organisation. Organisations already on the register
 * (retired ones included) are skipped, so seeding again, undated or dated otherwise, writes nothing;
 * each command also carries an Idempotency-Key of its organisation, so a seed cut short and run again
 * answers the requests it had made from the record.
 */
export async function seedOrganisationRegister(store: EventStore, options: SeedRegisterOptions): Promise<void> {
  const administrator = administratorOf(options.office, options.administratorUserId);
  const registered = (await currentRegister(store)).organisations;
  const run = async (organisation: OrganisationToRegister) => {
    if (registered.has(organisation.organisationId)) return;
    await executeCommand(
      store,
      { command: 'registerOrganisation', params: {}, body: options.occurredAt ? { ...organisation, occurredAt: options.occurredAt } : organisation, caller: administrator, idempotencyKey: `register:${organisation.organisationId}` },
      { ...(options.now ? { now: options.now } : {}), ...(options.recordedAt ? { recordedAt: options.recordedAt } : {}) },
    ).catch((error: { rule?: string }) => {
      // Registered meanwhile by a seed running beside this one.
      if (error.rule !== 'ORGANISATION_ALREADY_REGISTERED') throw error;
    });
  };
  await run({ ...options.office, kind: 'partnership_office' });
  for (const organisation of options.organisations) {
    if (organisation.organisationId !== options.office.organisationId) await run(organisation);
  }
}
