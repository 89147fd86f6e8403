import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roles, type Caller, type Role } from '@planledger/domain';
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
};

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
export async function createRecordApiHarness(options: Partial<RecordApiOptions> = {}): Promise<RecordApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-record-api-'));
  const identity = await getLocalIdentity({ dataDir });
  const store = options.store ?? getMemoryEventStore();
  const app = await buildRecordApi({ docs: false, rateLimit: { max: 0, windowMs: 60_000 }, ipRateLimit: { max: 0, windowMs: 60_000 }, ...options, store, identity });
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
