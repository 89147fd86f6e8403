import type { FastifyInstance } from 'fastify';
import { forwardedFor } from '../api/client-address';
import { recordOfStream } from '../auditor/record-queries';
import type { WebContext } from '../web-context';

const subscription = (reason: string) => /* GraphQL */ `subscription PlanChanged($id: ID!) { planChanged(id: $id, reason: ${reason}) { streamId revision } }`;

/** The revisions in a chunk of the query API's event stream (`data: {"data":{"planChanged":{...}}}` lines). */
export function revisionsIn(lines: readonly string[]): number[] {
  const revisions: number[] = [];
  for (const line of lines) {
    if (!line.startsWith('data:')) continue;
    try {
      const payload = JSON.parse(line.slice(5).trim()) as { data?: { planChanged?: { revision?: unknown } } };
      const revision = payload.data?.planChanged?.revision;
      if (typeof revision === 'number') revisions.push(revision);
    } catch {
      // not a change: a keep-alive or a partial line
    }
  }
  return revisions;
}

/**
 * Relays the query API's `planChanged` subscription for one record to the browser as server-sent
 * events, asked with the session's token: the token stays in the web service. Only changes after the
 * revision the page showed are sent (`event: changed`), so a person's own write, which reloads the
 * page, is not announced to them.
 */
export function registerLiveUpdates(app: FastifyInstance, web: WebContext, queryApiUrl: string) {
  app.get('/live/records/:streamId/changes', async (request, reply) => {
    const person = web.personOf(request);
    const { streamId } = request.params as { streamId: string };
    const after = Number((request.query as { after?: string }).after ?? -1);
    if (!recordOfStream(streamId) || !Number.isInteger(after)) return reply.code(404).send();
    const upstream = new AbortController();
    let response: Response;
    try {
      response = await fetch(new URL('/graphql', queryApiUrl), {
        method: 'POST',
        signal: upstream.signal,
        headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json', accept: 'text/event-stream', ...forwardedFor() },
        body: JSON.stringify({ query: subscription(person.caller.role === 'auditor' ? 'AUDIT' : 'DIRECT_WORK'), variables: { id: streamId } }),
      });
    } catch {
      return reply.code(503).send();
    }
    if (!response.ok || !response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      upstream.abort();
      return reply.code(response.status === 200 ? 404 : response.status).send();
    }
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    out.write(': listening\n\n');
    const keepAlive = setInterval(() => out.write(': still here\n\n'), 20_000);
    const stop = () => {
      clearInterval(keepAlive);
      upstream.abort();
      if (!out.writableEnded) out.end();
    };
    request.raw.on('close', stop);
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const revision of revisionsIn(lines)) {
          if (revision > after) out.write(`event: changed\ndata: ${JSON.stringify({ revision })}\n\n`);
        }
      }
    } catch {
      // the browser went away (aborted) or the query API closed the stream
    } finally {
      stop();
    }
  });
}
