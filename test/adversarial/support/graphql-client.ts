import type { Caller } from '@planledger/domain';
import type { HttpClient } from './http-client';

export interface GraphQLAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  text: string;
}

/** One GraphQL request over HTTP to a listening query API. */
export async function graphql(
  client: HttpClient,
  baseUrl: string,
  query: string,
  { as, variables, headers = {} }: { as: Caller | null; variables?: Record<string, unknown>; headers?: Record<string, string> },
): Promise<GraphQLAnswer> {
  const answer = await client.send(baseUrl, '/graphql', { as, body: { query, ...(variables ? { variables } : {}) }, headers });
  return { status: answer.statusCode, body: JSON.parse(answer.body) as GraphQLAnswer['body'], text: answer.body };
}

/** Waits until the query API's read models have reached `position` of the log. */
export async function caughtUp(client: HttpClient, baseUrl: string, as: Caller, position: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await graphql(client, baseUrl, '{ readModels { position ready } }', { as });
    const status = answer.body.data?.readModels as { position: number; ready: boolean } | undefined;
    if (status?.ready && status.position >= position) return status.position;
    if (Date.now() > deadline) throw new Error(`read models at ${JSON.stringify(status)} did not reach ${position}: ${answer.text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
