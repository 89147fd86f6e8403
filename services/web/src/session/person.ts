import type { Caller } from '@planledger/domain';
import { label, organisationName } from '../layout/labels';

/** Who is signed in, as the session cookie holds them (encrypted): the token and what pages show. */
export interface SignedInPerson {
  name: string;
  caller: Caller;
  token: string;
  /** When the token, and so the session, ends (ms since the epoch). */
  expiresAt: number;
  /** The OpenID Provider's id token, kept for signing out there. */
  idToken?: string;
}

export function personForView(person: SignedInPerson) {
  return {
    name: person.name,
    role: person.caller.role,
    agency: person.caller.agency,
    organisationId: person.caller.organisationId,
    roleName: label(person.caller.role),
    organisationName: organisationName(person.caller.organisationId),
  };
}

/** The expiry (`exp`) of a JWT, without verifying it: the APIs verify it on every request. */
export function tokenExpiry(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}
