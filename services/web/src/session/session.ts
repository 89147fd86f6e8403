import type { FastifyRequest } from 'fastify';
import type { SignedInPerson } from './person';

const KEY = 'person';

export function readPerson(request: FastifyRequest): SignedInPerson | undefined {
  const person = request.session.get(KEY) as SignedInPerson | undefined;
  if (!person) return undefined;
  if (!(person.expiresAt > Date.now())) return undefined;
  return person;
}

export function startSession(request: FastifyRequest, person: SignedInPerson) {
  // A new session for a new sign-in: nothing from before it (a CSRF secret, a half-done OIDC login) survives.
  request.session.regenerate();
  request.session.set(KEY, person);
  request.session.options({ maxAge: Math.max(1, Math.floor((person.expiresAt - Date.now()) / 1000)) });
}

export function endSession(request: FastifyRequest) {
  request.session.delete();
}

declare module '@fastify/secure-session' {
  interface SessionData {
    person: SignedInPerson;
    oidc: { state: string; codeVerifier: string; nonce: string };
  }
}
