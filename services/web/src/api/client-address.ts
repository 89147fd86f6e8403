import { requestContext } from '@fastify/request-context';

declare module '@fastify/request-context' {
  interface RequestContextData {
    /** The address of the person whose page this is (request.ip: the connection's, or the one a trusted proxy names). */
    clientAddress: string;
  }
}

/**
 * The header that tells an API whose request a call is made for: the person's address, so the API's
 * per-address limit counts people and not the web service (which the API must then trust, with
 * `PLANLEDGER_TRUSTED_PROXIES`). Outside a request (a test, a script) there is none to send.
 */
export function forwardedFor(): Record<string, string> {
  const address = requestContext.get('clientAddress');
  return address ? { 'x-forwarded-for': address } : {};
}
