import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Network, Wait, getContainerRuntimeClient, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { provisionServiceUser } from '../service-user';
import { ESDB_TEST_IMAGE } from './docker-available';

/**
 * A secure three-node EventStoreDB cluster in containers, for the cluster and failover suites: its
 * own CA and node certificates (made by es-gencert-cli in a container and copied, so it works with a
 * remote engine too), every node advertising to clients the host and port the tests reach it on,
 * and a non-admin service user provisioned exactly as production does (service-user.ts).
 */

export const GENCERT_IMAGE = 'eventstore/es-gencert-cli:1.0.2';
const ADMIN_PASSWORD = 'changeit';

export interface ClusterNode {
  alias: string;
  port: number;
  container: StartedTestContainer | null;
}

export interface TestCluster {
  host: string;
  nodes: ClusterNode[];
  caFile: string;
  /** Seed-list connection string as the services' non-admin user. */
  serviceConnectionString: string;
  adminConnectionString: string;
  /** The node the cluster currently reports as leader. */
  leader(): Promise<ClusterNode>;
  /** Kills a node at once (no graceful shutdown). */
  kill(node: ClusterNode): Promise<void>;
  /** Resolves once one node is leader and `followers` others follow it. */
  awaitQuorum(followers: number, timeoutMs?: number): Promise<ClusterNode>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface GossipMember {
  state: string;
  isAlive: boolean;
  httpEndPointIp?: string;
  advertiseHttpPortToClientAs?: number;
}

function gossip(host: string, port: number, ca: string): Promise<GossipMember[]> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path: '/gossip', method: 'GET', ca, servername: 'localhost', timeout: 3_000, headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { members: GossipMember[] }).members);
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('gossip timed out')));
    req.on('error', reject);
    req.end();
  });
}

export async function startTestCluster({ image = process.env.PLANLEDGER_ESDB_TEST_IMAGE ?? ESDB_TEST_IMAGE, servicePassword = 'service-secret' } = {}): Promise<TestCluster> {
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  const ports = [await freePort(), await freePort(), await freePort()];
  const aliases = ['node1.eventstore', 'node2.eventstore', 'node3.eventstore'];
  const hostIsIp = /^\d+\.\d+\.\d+\.\d+$/.test(host);
  const dnsNames = (alias: string) => [alias, 'localhost', ...(hostIsIp ? [] : [host])].join(',');
  const ipAddresses = ['127.0.0.1', ...(hostIsIp ? [host] : [])].join(',');

  const gencert = await new GenericContainer(GENCERT_IMAGE)
    .withUser('0:0')
    .withEntrypoint(['bash'])
    .withCommand([
      '-c',
      [
        'set -e',
        'cd /tmp',
        'es-gencert-cli create-ca -out /tmp/certs/ca',
        ...aliases.map(
          (alias, i) =>
            `es-gencert-cli create-node -ca-certificate /tmp/certs/ca/ca.crt -ca-key /tmp/certs/ca/ca.key -out /tmp/certs/node${i + 1} -dns-names ${dnsNames(alias)} -ip-addresses ${ipAddresses}`,
        ),
        'echo certificates-ready',
        'sleep 600',
      ].join(' && '),
    ])
    .withWaitStrategy(Wait.forLogMessage('certificates-ready'))
    .start();
  const read = async (path: string) => {
    const result = await gencert.exec(['cat', path]);
    if (result.exitCode !== 0) throw new Error(`reading ${path} from the certificate container failed`);
    return result.stdout;
  };
  const ca = await read('/tmp/certs/ca/ca.crt');
  const nodeCerts = await Promise.all(aliases.map(async (_, i) => ({ crt: await read(`/tmp/certs/node${i + 1}/node.crt`), key: await read(`/tmp/certs/node${i + 1}/node.key`) })));
  await gencert.stop({ timeout: 0 });

  const dir = mkdtempSync(join(tmpdir(), 'planledger-esdb-cluster-'));
  const caFile = join(dir, 'ca.crt');
  writeFileSync(caFile, ca);

  const network: StartedNetwork = await new Network().start();
  const nodes: ClusterNode[] = aliases.map((alias, i) => ({ alias, port: ports[i]!, container: null }));
  await Promise.all(
    nodes.map(async (node, i) => {
      node.container = await new GenericContainer(image)
        .withNetwork(network)
        .withNetworkAliases(node.alias)
        .withExposedPorts({ container: 2113, host: node.port })
        .withEnvironment({
          EVENTSTORE_CLUSTER_SIZE: '3',
          EVENTSTORE_DISCOVER_VIA_DNS: 'false',
          EVENTSTORE_RUN_PROJECTIONS: 'None',
          EVENTSTORE_MEM_DB: 'true',
          EVENTSTORE_NODE_IP: '0.0.0.0',
          EVENTSTORE_REPLICATION_IP: '0.0.0.0',
          EVENTSTORE_GOSSIP_SEED: aliases.filter((a) => a !== node.alias).map((a) => `${a}:2113`).join(','),
          EVENTSTORE_NODE_HOST_ADVERTISE_AS: node.alias,
          EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS: node.alias,
          EVENTSTORE_ADVERTISE_HOST_TO_CLIENT_AS: host,
          EVENTSTORE_ADVERTISE_NODE_PORT_TO_CLIENT_AS: String(node.port),
          EVENTSTORE_TRUSTED_ROOT_CERTIFICATES_PATH: '/certs/ca',
          EVENTSTORE_CERTIFICATE_FILE: '/certs/node/node.crt',
          EVENTSTORE_CERTIFICATE_PRIVATE_KEY_FILE: '/certs/node/node.key',
          EVENTSTORE_DEFAULT_ADMIN_PASSWORD: ADMIN_PASSWORD,
        })
        .withCopyContentToContainer([
          { content: ca, target: '/certs/ca/ca.crt', mode: 0o644 },
          { content: nodeCerts[i]!.crt, target: '/certs/node/node.crt', mode: 0o644 },
          { content: nodeCerts[i]!.key, target: '/certs/node/node.key', mode: 0o644 },
        ])
        .withWaitStrategy(Wait.forHttp('/health/live', 2113).usingTls().allowInsecure().forStatusCode(204))
        .withStartupTimeout(180_000)
        .start();
    }),
  );

  const seeds = nodes.map((n) => `${host}:${n.port}`).join(',');
  const query = `tls=true&tlsCAFile=${encodeURIComponent(caFile)}&nodePreference=leader`;
  const adminConnectionString = `esdb://admin:${ADMIN_PASSWORD}@${seeds}?${query}`;
  const serviceConnectionString = `esdb://planledger:${servicePassword}@${seeds}?${query}`;

  const cluster: TestCluster = {
    host,
    nodes,
    caFile,
    adminConnectionString,
    serviceConnectionString,
    async leader() {
      for (const node of nodes.filter((n) => n.container)) {
        const members = await gossip(host, node.port, ca).catch(() => null);
        const leader = members?.find((m) => m.isAlive && m.state === 'Leader');
        if (!leader) continue;
        const match = nodes.find((n) => n.alias === leader.httpEndPointIp || n.port === leader.advertiseHttpPortToClientAs);
        if (match) return match;
      }
      throw new Error('no node reports a leader');
    },
    async kill(node) {
      await node.container?.stop({ timeout: 0 });
      node.container = null;
    },
    async awaitQuorum(followers, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const node of nodes.filter((n) => n.container)) {
          const members = await gossip(host, node.port, ca).catch(() => null);
          const alive = members?.filter((m) => m.isAlive) ?? [];
          if (alive.some((m) => m.state === 'Leader') && alive.filter((m) => m.state === 'Follower').length >= followers) return cluster.leader();
        }
        if (Date.now() > deadline) throw new Error(`the cluster did not reach a leader and ${followers} followers within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.container?.stop({ timeout: 0 })));
      await network.stop();
    },
  };

  await cluster.awaitQuorum(2);
  await provisionServiceUser({
    adminConnectionString,
    httpUrl: `https://${host}:${nodes[0]!.port}`,
    adminUser: 'admin',
    adminPassword: ADMIN_PASSWORD,
    user: 'planledger',
    password: servicePassword,
    caFile,
  });
  return cluster;
}
