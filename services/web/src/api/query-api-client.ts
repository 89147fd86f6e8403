/** Asks the query API's GraphQL with the signed-in person's token. */
export class QueryApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryApiError';
  }
}

export interface QueryOptions {
  /** A command's global position: the query waits until the read models have applied it. */
  readAfter?: number | undefined;
}

export interface QueryApiClient {
  query<T>(token: string, document: string, variables?: Record<string, unknown>, options?: QueryOptions): Promise<T>;
}

/**
 * Every read the web makes is direct casework on a child: the reason the access log records. The
 * query API takes only a code from its ReadReason list (free text is refused), so this is one.
 */
export const READ_REASON = 'direct_work';

export function createQueryApiClient(baseUrl: string, fetchImpl: typeof fetch = fetch): QueryApiClient {
  const url = new URL('/graphql', baseUrl);
  return {
    async query<T>(token: string, document: string, variables: Record<string, unknown> = {}, options: QueryOptions = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-read-reason': READ_REASON };
      if (options.readAfter !== undefined && Number.isInteger(options.readAfter)) headers['x-read-after-position'] = String(options.readAfter);
      let response: Response;
      try {
        response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify({ query: document, variables }) });
      } catch {
        throw new QueryApiError(503, 'WEB_ERR_QUERY_API_UNREACHABLE', 'The query service cannot be reached');
      }
      const answer = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      if (answer.errors?.length) {
        const first = answer.errors[0]!;
        throw new QueryApiError(response.status, first.extensions?.code ?? 'QL_ERR', first.message);
      }
      if (!response.ok || !answer.data) throw new QueryApiError(response.status, `HTTP_${response.status}`, response.statusText);
      return answer.data;
    },
  };
}
