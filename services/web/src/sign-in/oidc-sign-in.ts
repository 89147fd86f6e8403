import { callerFromClaims, claimNamesWithPrefix, defaultClaimNames } from '@planledger/identity';
import type { FastifyInstance } from 'fastify';
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  discovery,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration,
} from 'openid-client';
import { tokenExpiry } from '../session/person';
import { startSession } from '../session/session';
import type { WebContext } from '../web-context';

/** Production sign-in: OpenID Connect authorization code flow with PKCE. */
export interface OidcSignIn {
  mode: 'oidc';
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The web service's own address, for the redirect back (`<publicUrl>/sign-in/callback`). */
  publicUrl: string;
  /** The APIs' audience, asked for as the access token's resource (RFC 8707). */
  resource?: string;
  scope?: string;
  /** Namespace of the role, agency and organisation claims, as PLANLEDGER_OIDC_CLAIM_PREFIX. */
  claimPrefix?: string;
}

const configurations = new WeakMap<FastifyInstance, Configuration>();

export function oidcConfigurationOf(app: FastifyInstance): Configuration {
  const config = configurations.get(app);
  if (!config) throw new Error('OIDC sign-in is not configured');
  return config;
}

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function registerOidcSignIn(app: FastifyInstance, web: WebContext, options: OidcSignIn) {
  const issuer = new URL(options.issuer);
  const insecure = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  const config = await discovery(issuer, options.clientId, options.clientSecret, undefined, insecure ? { execute: [allowInsecureRequests] } : undefined);
  configurations.set(app, config);
  const redirectUri = new URL('/sign-in/callback', options.publicUrl).href;
  const claimNames = options.claimPrefix ? claimNamesWithPrefix(options.claimPrefix) : defaultClaimNames;

  app.get('/sign-in', async (request, reply) => {
    if ((request.query as { ended?: string }).ended === '1' && !(request.query as { go?: string }).go) {
      return web.render(reply, 'sign-in/oidc-sign-in.njk', { pageTitle: 'Sign in', ended: true });
    }
    const codeVerifier = randomPKCECodeVerifier();
    const state = randomState();
    const nonce = randomNonce();
    request.session.set('oidc', { state, codeVerifier, nonce });
    const url = buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: options.scope ?? 'openid profile',
      code_challenge: await calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(options.resource ? { resource: options.resource } : {}),
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/sign-in/callback', async (request, reply) => {
    const pending = request.session.get('oidc');
    request.session.set('oidc', undefined);
    if (!pending) return reply.redirect('/sign-in', 303);
    const current = new URL(request.url, options.publicUrl);
    let tokens;
    try {
      tokens = await authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (error) {
      request.log.warn({ err: { type: (error as Error).name, code: (error as { code?: string }).code, error: (error as { error?: string }).error, description: (error as { error_description?: string }).error_description } }, 'OIDC sign-in refused');
      return web.render(reply.code(403), 'sign-in/oidc-sign-in.njk', { pageTitle: 'Sign in', failed: true });
    }
    const accessToken = tokens.access_token;
    let caller;
    try {
      caller = callerFromClaims(payloadOf(accessToken), claimNames);
    } catch {
      return web.render(reply.code(403), 'sign-in/oidc-sign-in.njk', { pageTitle: 'Sign in', failed: true, noRole: true });
    }
    const claims = tokens.claims();
    const name = typeof claims?.name === 'string' ? claims.name : caller.userId;
    const expiresAt = tokenExpiry(accessToken) || Date.now() + (tokens.expires_in ?? 0) * 1000;
    startSession(request, { name, caller, token: accessToken, expiresAt, ...(tokens.id_token ? { idToken: tokens.id_token } : {}) });
    return reply.redirect('/', 303);
  });
}
