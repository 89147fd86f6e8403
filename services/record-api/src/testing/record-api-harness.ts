import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roles, type Caller, type OrganisationToRegister, type Role } from '@planledger/domain';
import { registerCallers, testPartnershipOffice } from '@planledger/domain/testing';
import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { defaultAgencyFor, getLocalIdentity, type LocalIdentity } from '@planledger/identity';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildRecordApi, type RecordApiOptions } from '../build-record-api';

/** The organisation each role works for in tests: both social care roles share one, as a team would. */
export const organisationOf: Record<Role, string> = {
  social_worker: 'org-sc-leicester',
  team_manager: 'org-sc-leicester',
  send_officer: 'org-la-send',
  health_practitioner: 'org-nhs-icb',
  education_practitioner: 'org-school-oak',
  auditor: 'org-qa',
  partnership_administrator: testPartnershipOffice.organisationId,
};

/** A registered organisation of the role's kind that is in no child's team: an outsider. */
export const outsiderOf = (role: Role): Caller => callerOf(role, `org-elsewhere-${role.replaceAll('_', '-')}`);

/** Other organisations the examples name (a charity invited to a team, a clinic asked for advice). */
export const otherTestOrganisations: readonly OrganisationToRegister[] = [
  { organisationId: 'org-charity-short-breaks', name: 'Short breaks charity', agency: 'social_care', kind: 'social_care_team' },
  { organisationId: 'org-nhs-community-paediatrics', name: 'Community paediatrics', agency: 'health', kind: 'health_provider' },
];

/** Registers every organisation the record API's tests speak for: each role's own, each role's outsider, and the examples'. */
export async function registerTestOrganisations(store: EventStore): Promise<void> {
  await registerCallers(store, [...roles.map((role) => callerOf(role)), ...roles.map(outsiderOf)], otherTestOrganisations);
}

export const callerOf = (role: Role, organisationId = organisationOf[role]): Caller => ({
  userId: `${role.replaceAll('_', '-')}-1`,
  role,
  agency: defaultAgencyFor(role),
  organisationId,
});

export interface SendOptions {
  /** Who sends it: a role (in its usual organisation), a caller, or nobody (no Authorization header). */
  as?: Role | Caller | null;
  body?: unknown;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
}

export interface RecordApiHarness {
  app: FastifyInstance;
  store: EventStore;
  identity: LocalIdentity;
  tokenFor(caller: Caller): Promise<string>;
  send(url: string, options?: SendOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** A record API on an in-memory store, with tokens minted by a throwaway local key. */
export async function createRecordApiHarness(options: Partial<RecordApiOptions> & { registerOrganisations?: boolean } = {}): Promise<RecordApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-record-api-'));
  const identity = await getLocalIdentity({ dataDir });
  const store = options.store ?? getMemoryEventStore();
  if (options.registerOrganisations !== false) await registerTestOrganisations(store);
  const { registerOrganisations: _registered, ...apiOptions } = options;
  const app = await buildRecordApi({ docs: false, rateLimit: { max: 0, windowMs: 60_000 }, ipRateLimit: { max: 0, windowMs: 60_000 }, ...apiOptions, store, identity });
  await app.ready();
  const tokens = new Map<string, string>();

  const tokenFor = async (caller: Caller) => {
    const key = JSON.stringify(caller);
    let token = tokens.get(key);
    if (!token) {
      token = await identity.mintToken({ ...caller, expiresIn: '1h' });
      tokens.set(key, token);
    }
    return token;
  };

  return {
    app,
    store,
    identity,
    tokenFor,
    async send(url, { as = null, body, headers = {}, method = 'POST' } = {}) {
      const caller = typeof as === 'string' ? callerOf(as) : as;
      const authorization = caller ? { authorization: `Bearer ${await tokenFor(caller)}` } : {};
      return app.inject({
        method,
        url,
        headers: { ...authorization, ...headers },
        ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
      });
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { roles };
