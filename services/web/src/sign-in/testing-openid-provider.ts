import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { DemoPerson } from '@planledger/demo';

export interface TestOpenIdProvider {
  issuer: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (the certified `oidc-provider`) on 127.0.0.1 for tests: the partnership's
 * people are its accounts (login = user id, any password, on its development sign-in page), and its
 * access tokens are JWTs for the APIs' audience carrying role, agency and organisation_id.
 */
export async function startTestOpenIdProvider(options: { port: number; webUrl: string; people: readonly DemoPerson[]; audience: string }): Promise<TestOpenIdProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key-1' };
  const clientId = 'planledger-web';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';
  const accounts = new Map(options.people.map((p) => [p.caller.userId, p]));
  const claimsOf = (person: DemoPerson) => ({ role: person.caller.role, agency: person.caller.agency, organisation_id: person.caller.organisationId });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.webUrl}/sign-in/callback`],
        post_logout_redirect_uris: [`${options.webUrl}/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 3600, IdToken: 3600 },
    claims: { openid: ['sub'], profile: ['name', 'role', 'agency', 'organisation_id'] },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const person = accounts.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, name: person.name, ...claimsOf(person) }) };
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => options.audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({ scope: 'openid profile', audience: options.audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
    async extraTokenClaims(_ctx: KoaContextWithOIDC, token: { kind: string; accountId?: string }) {
      const person = token.accountId ? accounts.get(token.accountId) : undefined;
      return token.kind === 'AccessToken' && person ? claimsOf(person) : undefined;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', () => undefined);
  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(options.port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

