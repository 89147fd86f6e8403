import type { JWTPayload } from 'jose';
import { z } from 'zod';
import type { Caller } from './caller';
import { IdentityError, IdentityErrorCodes } from './errors';
import { agencySchema, roleSchema } from './roles';

/** Names of the custom claims that carry role, agency and organisation; an OIDC provider may need a namespace. */
export interface ClaimNames {
  role: string;
  agency: string;
  organisationId: string;
}

export const defaultClaimNames: ClaimNames = { role: 'role', agency: 'agency', organisationId: 'organisation_id' };

export function claimNamesWithPrefix(prefix: string): ClaimNames {
  return { role: `${prefix}role`, agency: `${prefix}agency`, organisationId: `${prefix}organisation_id` };
}

// Identifiers travel into every event's actor, so keep them short and free of control characters.
const identifier = z.string().regex(/^[\x21-\x7e]{1,128}$/, 'expected 1-128 printable characters without spaces');

const callerSchema = z.object({
  userId: identifier,
  role: roleSchema,
  agency: agencySchema,
  organisationId: identifier,
});

/** Turns verified claims into a Caller; any missing or unknown role, agency or organisation is a refusal. */
export function callerFromClaims(payload: JWTPayload, names: ClaimNames = defaultClaimNames): Caller {
  const parsed = callerSchema.safeParse({
    userId: payload.sub,
    role: payload[names.role],
    agency: payload[names.agency],
    organisationId: payload[names.organisationId],
  });
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))].join(', ');
    throw new IdentityError(IdentityErrorCodes.TOKEN_CLAIMS, `token claims are missing or invalid: ${fields}`);
  }
  return parsed.data;
}
