import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The production compose file: validated by the compose tool where one is installed (the `docker
 * compose` plugin, else the standalone `docker-compose`), and read here for the properties the
 * cluster depends on, which no validator checks.
 */

const run = promisify(execFile);
const composeFile = fileURLToPath(new URL('../../infra/docker-compose.yml', import.meta.url));
const env = {
  ...process.env,
  EVENTSTORE_ADMIN_PASSWORD: 'admin-secret',
  PLANLEDGER_ESDB_PASSWORD: 'service-secret',
  PLANLEDGER_OIDC_ISSUER: 'https://login.example.org/',
  PLANLEDGER_OIDC_AUDIENCE: 'planledger',
  PLANLEDGER_OIDC_JWKS_URL: 'https://login.example.org/.well-known/jwks.json',
};

async function findComposeTool(): Promise<{ command: string; args: string[] } | null> {
  for (const candidate of [
    { command: 'docker', args: ['compose'] },
    { command: 'docker-compose', args: [] },
  ]) {
    try {
      await run(candidate.command, [...candidate.args, 'version'], { env });
      return candidate;
    } catch {
      // not installed
    }
  }
  return null;
}

const tool = await findComposeTool();
const skipReason = tool ? null : 'neither the docker compose plugin nor docker-compose is installed';

type Service = {
  image?: string;
  ports?: unknown[];
  volumes?: string[];
  environment?: Record<string, string>;
  build?: unknown;
  depends_on?: Record<string, unknown>;
};

const file = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = file.services;
const nodes = ['node1.eventstore', 'node2.eventstore', 'node3.eventstore'];
const planledger = ['record-api', 'query-api'];

describe.skipIf(Boolean(skipReason))(`infra/docker-compose.yml under the compose tool${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('is a valid compose file', async () => {
    const { stdout } = await run(tool!.command, [...tool!.args, '-f', composeFile, 'config', '--quiet'], { env });
    expect(stdout).toBe('');
  });

  it('refuses to start without the passwords it needs', async () => {
    const { EVENTSTORE_ADMIN_PASSWORD: _omitted, ...withoutAdmin } = env;
    await expect(run(tool!.command, [...tool!.args, '-f', composeFile, 'config', '--quiet'], { env: withoutAdmin })).rejects.toThrow(/EVENTSTORE_ADMIN_PASSWORD|admin password/);
  });
});

describe('infra/docker-compose.yml: what the cluster depends on', () => {
  it('pins the server image to an exact version', () => {
    for (const node of nodes) expect(services[node]!.image).toMatch(/:-eventstore\/eventstore:\d+\.\d+\.\d+-[a-z]+\}$/);
  });

  it('has every node advertise the host name its certificate carries', () => {
    for (const node of nodes) {
      const environment = services[node]!.environment!;
      expect(environment.EVENTSTORE_NODE_HOST_ADVERTISE_AS).toBe(node);
      expect(environment.EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS).toBe(node);
      expect(environment.EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS).toBe(node);
      expect(environment.EVENTSTORE_CERTIFICATE_FILE).toBe(`/certs/${node.split('.')[0]}/node.crt`);
    }
    expect(JSON.stringify(services.certificates)).toContain('-dns-names node$$n.eventstore');
  });

  it('connects the services with a seed list of all three nodes over TLS, not esdb+discover', () => {
    for (const name of planledger) {
      const store = services[name]!.environment!.PLANLEDGER_STORE!;
      expect(store).toMatch(/^esdb:\/\//);
      const hosts = /@([^?]+)\?/.exec(store)![1]!.split(',');
      expect(hosts).toEqual(nodes.map((n) => `${n}:2113`));
      expect(store).toContain('tls=true');
      expect(store).not.toMatch(/^esdb:\/\/admin:/);
    }
  });

  it('keeps the CA key out of every container but the one that creates the certificates', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'certificates') continue;
      expect(service.volumes ?? [], name).not.toContainEqual(expect.stringMatching(/^ca-private:/));
      expect(JSON.stringify(service.environment ?? {}), name).not.toContain('ca.key');
    }
    for (const name of [...planledger, 'esdb-provision']) expect(services[name]!.volumes).toEqual(['ca-public:/certs:ro']);
  });

  it('gives the admin password to the provisioning job only, among the planledger containers', () => {
    for (const name of planledger) expect(JSON.stringify(services[name]!.environment)).not.toContain('EVENTSTORE_ADMIN_PASSWORD');
    expect(services['esdb-provision']!.environment!.PLANLEDGER_ESDB_ADMIN_STORE).toContain('EVENTSTORE_ADMIN_PASSWORD');
  });

  it('lets the query API scale: no fixed host port on the replicas, one on the proxy', () => {
    expect(services['query-api']!.ports).toBeUndefined();
    expect(services['query-proxy']!.ports).toEqual(['127.0.0.1:4000:4000']);
  });
});
