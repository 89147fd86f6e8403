import { describe, expect, it, vi } from 'vitest';
import { trustedProxiesFromEnv, trustedProxiesOrExit, trustProxyOption } from './trusted-proxies';

describe('PLANLEDGER_TRUSTED_PROXIES', () => {
  it('takes addresses, CIDR ranges and the named ranges, comma-separated', () => {
    expect(trustedProxiesFromEnv({ PLANLEDGER_TRUSTED_PROXIES: ' 10.0.0.7, 172.16.0.0/12 ,::1,fd00::/8, uniquelocal,' })).toEqual(['10.0.0.7', '172.16.0.0/12', '::1', 'fd00::/8', 'uniquelocal']);
  });

  it('trusts no proxy when unset or empty', () => {
    expect(trustedProxiesFromEnv({})).toEqual([]);
    expect(trustedProxiesFromEnv({ PLANLEDGER_TRUSTED_PROXIES: ' , ' })).toEqual([]);
    expect(trustProxyOption([])).toBe(false);
    expect(trustProxyOption(['10.0.0.7'])).toEqual(['10.0.0.7']);
  });

  it.each(['web', '10.0.0.300', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', 'true', '*'])('refuses %s, naming it', (entry) => {
    expect(() => trustedProxiesFromEnv({ PLANLEDGER_TRUSTED_PROXIES: `10.0.0.7,${entry}` })).toThrow(`PLANLEDGER_TRUSTED_PROXIES: ${JSON.stringify(entry)} is not`);
  });

  it('ends a starting service with one line naming the bad entry and exit 2', () => {
    const lines: string[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    try {
      expect(() => trustedProxiesOrExit({ PLANLEDGER_TRUSTED_PROXIES: 'web' }, (line) => lines.push(line))).toThrow('exit 2');
      expect(lines).toEqual(['planledger: PLANLEDGER_TRUSTED_PROXIES: "web" is not an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal\n']);
      expect(trustedProxiesOrExit({ PLANLEDGER_TRUSTED_PROXIES: 'loopback' })).toEqual(['loopback']);
    } finally {
      exit.mockRestore();
    }
  });
});
