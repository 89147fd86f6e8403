import { isIP } from 'node:net';

/** proxy-addr's names for whole ranges, which fastify's `trustProxy` takes beside addresses and CIDR ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * `PLANLEDGER_TRUSTED_PROXIES`: the addresses (or CIDR ranges, or `loopback`, `linklocal`,
 * `uniquelocal`) of the proxies in front of a service (the web service, a load balancer, Caddy before
 * the query replicas), comma-separated. A request from one of them is taken to come from the address
 * it names in `X-Forwarded-For`, so per-address limits count people, not the proxy. Unset or empty:
 * none; the connection's own address is the client's, and `X-Forwarded-For` is ignored (anyone could
 * write one). An entry that is none of these is refused, named.
 */
export function trustedProxiesFromEnv(env: NodeJS.ProcessEnv): string[] {
  const entries = (env.PLANLEDGER_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isRange(entry));
  if (bad !== undefined) {
    throw new Error(`PLANLEDGER_TRUSTED_PROXIES: ${JSON.stringify(bad.slice(0, 60))} is not an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal`);
  }
  return entries;
}

/** For a service's start: the proxies, or one line naming the bad entry on stderr and exit 2, as for any bad setting. */
export function trustedProxiesOrExit(env: NodeJS.ProcessEnv, write: (line: string) => void = (line) => process.stderr.write(line)): string[] {
  try {
    return trustedProxiesFromEnv(env);
  } catch (error) {
    write(`planledger: ${(error as Error).message}\n`);
    return process.exit(2);
  }
}

/** fastify's `trustProxy` for those proxies: false (trust no one) when there are none. */
export const trustProxyOption = (proxies: readonly string[]): false | string[] => (proxies.length === 0 ? false : [...proxies]);
