import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QueryApiClient } from './api/query-api-client';
import type { RecordApiClient } from './api/record-api-client';
import type { SignedInPerson } from './session/person';

/** What every journey's routes get: the two APIs, the signed-in person and the page renderer. */
export interface WebContext {
  record: RecordApiClient;
  query: QueryApiClient;
  personOf(request: FastifyRequest): SignedInPerson;
  render(reply: FastifyReply, template: string, data: Record<string, unknown>): Promise<unknown>;
  notFound(reply: FastifyReply): Promise<unknown>;
  /** The APIs refused the token: the session ends and the person signs in again. */
  signedOut(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}
