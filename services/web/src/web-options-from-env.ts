import { demoPeople } from '@planledger/demo';
import { getLocalIdentity, trustedProxiesFromEnv } from '@planledger/identity';
import type { WebOptions } from './build-web';

/**
 * The web service's settings from the environment:
 *
 *   PLANLEDGER_RECORD_API_URL, PLANLEDGER_QUERY_API_URL   the two APIs (default http://127.0.0.1:3000 and :4000)
 *   PLANLEDGER_WEB_PUBLIC_URL        the address people use (default http://<HOST>:<PORT>)
 *   PLANLEDGER_WEB_SESSION_KEY       32 bytes as 64 hex characters, the same for every replica (default: random per process)
 *   PLANLEDGER_OIDC_ISSUER, PLANLEDGER_WEB_OIDC_CLIENT_ID, PLANLEDGER_WEB_OIDC_CLIENT_SECRET,
 *   PLANLEDGER_OIDC_AUDIENCE, PLANLEDGER_OIDC_CLAIM_PREFIX   OpenID Connect sign-in; when the issuer is set
 *                                    the local sign-in is off
 *   PLANLEDGER_DATA_DIR              where the local signing key is (local sign-in only), default .data
 *   PLANLEDGER_TRUSTED_PROXIES       proxies in front whose X-Forwarded-For names the person; default none
 */
export async function webOptionsFromEnv(env: NodeJS.ProcessEnv, listen: { host: string; port: number }): Promise<WebOptions> {
  const publicUrl = env.PLANLEDGER_WEB_PUBLIC_URL?.trim() || `http://${listen.host}:${listen.port}`;
  const key = env.PLANLEDGER_WEB_SESSION_KEY?.trim();
  if (key !== undefined && key !== '' && !/^[0-9a-fA-F]{64}$/.test(key)) throw new Error('PLANLEDGER_WEB_SESSION_KEY must be 64 hex characters (32 bytes)');
  const issuer = env.PLANLEDGER_OIDC_ISSUER?.trim();
  const base = {
    recordApiUrl: env.PLANLEDGER_RECORD_API_URL?.trim() || 'http://127.0.0.1:3000',
    queryApiUrl: env.PLANLEDGER_QUERY_API_URL?.trim() || 'http://127.0.0.1:4000',
    secureCookies: new URL(publicUrl).protocol === 'https:',
    trustedProxies: trustedProxiesFromEnv(env),
    ...(key ? { sessionKey: Buffer.from(key, 'hex') } : {}),
  };
  if (issuer) {
    const clientId = env.PLANLEDGER_WEB_OIDC_CLIENT_ID?.trim();
    if (!clientId) throw new Error('PLANLEDGER_WEB_OIDC_CLIENT_ID is required when PLANLEDGER_OIDC_ISSUER is set');
    return {
      ...base,
      signIn: {
        mode: 'oidc',
        issuer,
        clientId,
        publicUrl,
        ...(env.PLANLEDGER_WEB_OIDC_CLIENT_SECRET ? { clientSecret: env.PLANLEDGER_WEB_OIDC_CLIENT_SECRET } : {}),
        ...(env.PLANLEDGER_OIDC_AUDIENCE ? { resource: env.PLANLEDGER_OIDC_AUDIENCE } : {}),
        ...(env.PLANLEDGER_OIDC_CLAIM_PREFIX ? { claimPrefix: env.PLANLEDGER_OIDC_CLAIM_PREFIX } : {}),
      },
    };
  }
  const identity = await getLocalIdentity({ dataDir: env.PLANLEDGER_DATA_DIR?.trim() || '.data' });
  return { ...base, signIn: { mode: 'local', identity, people: demoPeople } };
}
