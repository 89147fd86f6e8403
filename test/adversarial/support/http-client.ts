import type { Caller } from '@planledger/domain';
import { getLocalIdentity, type LocalIdentity } from '@planledger/identity';

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are checked field by field in the tests
}

export interface SendOptions {
  /** Who sends it: a caller (a token is minted for them), or null for no Authorization header. */
  as?: Caller | null;
  body?: unknown;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
}

export interface HttpClient {
  identity: LocalIdentity;
  tokenFor(caller: Caller): Promise<string>;
  send(baseUrl: string, path: string, options?: SendOptions): Promise<HttpAnswer>;
}

/**
 * Talks to a listening service over 127.0.0.1 with tokens signed by the data folder's local key (the
 * same key the spawned services load, so it must be created before they start).
 */
export async function createHttpClient(dataDir: string): Promise<HttpClient> {
  const identity = await getLocalIdentity({ dataDir });
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
    identity,
    tokenFor,
    async send(baseUrl, path, { as = null, body, headers = {}, method = 'POST' } = {}) {
      const authorization: Record<string, string> = as ? { authorization: `Bearer ${await tokenFor(as)}` } : {};
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...authorization, ...headers },
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await response.text();
      return {
        statusCode: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        body: text,
        json: () => JSON.parse(text),
      };
    },
  };
}
