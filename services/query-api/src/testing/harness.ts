import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { executeCommand, type Caller, type CommandResult } from '@planledger/domain';
import { registerCallers } from '@planledger/domain/testing';
import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { getLocalIdentity, type LocalIdentity } from '@planledger/identity';
import { buildQueryApi, type QueryApi, type QueryApiOptions } from '../build-query-api';
import { createQueryApiLogger } from '../logger';

export const callers = {
  socialWorker: { userId: 'u-sw', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc' },
  teamManager: { userId: 'u-tm', role: 'team_manager', agency: 'social_care', organisationId: 'org-sc' },
  sendOfficer: { userId: 'u-send', role: 'send_officer', agency: 'education', organisationId: 'org-la' },
  health: { userId: 'u-health', role: 'health_practitioner', agency: 'health', organisationId: 'org-health' },
  education: { userId: 'u-edu', role: 'education_practitioner', agency: 'education', organisationId: 'org-school' },
  outsider: { userId: 'u-out', role: 'social_worker', agency: 'social_care', organisationId: 'org-elsewhere' },
  auditor: { userId: 'u-aud', role: 'auditor', agency: 'social_care', organisationId: 'org-qa' },
} satisfies Record<string, Caller>;

export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string; rule?: string } }> };
}

export interface Harness {
  store: EventStore;
  api: QueryApi;
  identity: LocalIdentity;
  /** Every log line the service wrote, as text. */
  logs: string[];
  token(caller: Caller): Promise<string>;
  gql(query: string, options?: { as?: Caller; token?: string | null; variables?: Record<string, unknown>; headers?: Record<string, string> }): Promise<GraphQLAnswer>;
  command(caller: Caller, command: string, params: Record<string, unknown>, body: Record<string, unknown>): Promise<CommandResult>;
  close(): Promise<void>;
}

/** The query API in-process over a memory store (or a given one), with tokens from a throwaway local key. */
export async function startHarness(options: Partial<QueryApiOptions> & { commandNow?: () => Date; registerTestCallers?: boolean } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'planledger-query-'));
  const store = options.store ?? getMemoryEventStore();
  // Every caller below speaks for a registered organisation of its kind (unless the store holds a partnership of its own, such as the demo's).
  if (options.registerTestCallers !== false) await registerCallers(store, Object.values(callers), [{ organisationId: 'org-clinic', name: 'Clinic', agency: 'health', kind: 'health_provider' }]);
  const identity = await getLocalIdentity({ dataDir });
  const logs: string[] = [];
  const logger = createQueryApiLogger(
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
    'debug',
  );
  // No read budget unless a test asks for one: most tests read far more than a person would in a minute.
  const api = buildQueryApi({ development: false, readBudget: { max: 0, windowMs: 60_000 }, ...options, store, identity, logger });
  await api.ready(5_000);
  const tokens = new Map<string, string>();
  const token = async (caller: Caller) => {
    const key = `${caller.userId}/${caller.organisationId}/${caller.role}`;
    let t = tokens.get(key);
    if (!t) {
      t = await identity.mintToken(caller);
      tokens.set(key, t);
    }
    return t;
  };
  return {
    store,
    api,
    identity,
    logs,
    token,
    async gql(query, { as = callers.socialWorker, token: given, variables, headers = {} } = {}) {
      const bearer = given === undefined ? await token(as) : given;
      const response = await api.yoga.fetch('http://query.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLAnswer['body'] };
    },
    async command(caller, command, params, body) {
      const result = await executeCommand(store, { command, params, body, caller }, options.commandNow ? { now: options.commandNow } : {});
      await api.runner.waitFor(result.globalPosition, 5_000);
      return result;
    },
    async close() {
      await api.close();
      if (!options.store) await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The harness over a memory store with every clock (store, queries, commands) stopped at `now`. */
export const startHarnessAt = (now: Date) => startHarness({ store: getMemoryEventStore({ now: () => now }), now: () => now, commandNow: () => now });

/** Closes the harness and the store it was given. */
export async function closeHarness(h: Harness): Promise<void> {
  await h.close();
  await h.store.close();
}

/** The data of an answer that must carry no errors (throws with them otherwise). */
export async function dataOf<T>(h: Harness, query: string, as: Caller, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await h.gql(query, { as, variables });
  if (answer.body.errors !== undefined) throw new Error(`the query answered errors: ${JSON.stringify(answer.body.errors)}`);
  return answer.body.data as T;
}
