import type { ReadReasonCode } from '../session/read-reason-codes';
import { forwardedFor } from './client-address';
import { retryAfterOf } from './retry-after';

/** Asks the query API's GraphQL with the signed-in person's token. */
export class QueryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The query API's Retry-After, in seconds, when it gave one (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'QueryApiError';
  }
}

export interface QueryOptions {
  /** A command's global position: the query waits until the read models have applied it. */
  readAfter?: number | undefined;
  /** Why the person reads (a code of the query API's ReadReason list), recorded with the read. Default direct_work. */
  reason?: ReadReasonCode | undefined;
}

export interface QueryApiClient {
  query<T>(token: string, document: string, variables?: Record<string, unknown>, options?: QueryOptions): Promise<T>;
}

/** The reason a read carries when the page gives none (see session/read-reason.ts for how pages choose). */
export const DEFAULT_READ_REASON: ReadReasonCode = 'direct_work';

export function createQueryApiClient(baseUrl: string, fetchImpl: typeof fetch = fetch): QueryApiClient {
  const url = new URL('/graphql', baseUrl);
  return {
    async query<T>(token: string, document: string, variables: Record<string, unknown> = {}, options: QueryOptions = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-read-reason': options.reason ?? DEFAULT_READ_REASON, ...forwardedFor() };
      if (options.readAfter !== undefined && Number.isInteger(options.readAfter)) headers['x-read-after-position'] = String(options.readAfter);
      let response: Response;
      try {
        response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify({ query: document, variables }) });
      } catch {
        throw new QueryApiError(503, 'WEB_ERR_QUERY_API_UNREACHABLE', 'The query service cannot be reached');
      }
      const answer = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      const wait = retryAfterOf(response);
      if (answer.errors?.length) {
        const first = answer.errors[0]!;
        throw new QueryApiError(response.status, first.extensions?.code ?? 'QL_ERR', first.message, wait);
      }
      if (!response.ok || !answer.data) throw new QueryApiError(response.status, `HTTP_${response.status}`, response.statusText, wait);
      return answer.data;
    },
  };
}
