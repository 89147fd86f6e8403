import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { EventStoreDBClient } from '@eventstore/db-client';
import { normalizeConnectionString } from './esdb-mapping';

/**
 * The EventStoreDB user the services connect as, and its exact rights:
 *
 * - member of no group (not `$admins`, not `$ops`);
 * - reads and writes user streams through the server's default user-stream ACL, which grants both to
 *   every authenticated user (leave `$userStreamAcl` at its default, or grant this user `$r` and `$w`);
 * - reads `$all` through a read ACL on `$all` (the `$$$all` metadata stream) naming this user and
 *   `$admins`; by default only `$admins` may read `$all`, which the query API's subscription and
 *   every replay need.
 *
 * Nothing else: no system streams, no deletes, no metadata writes, no projections.
 */
export interface ServiceUserOptions {
  /** Connection string with admin credentials, e.g. `esdb://admin:…@node1:2113,node2:2113,node3:2113?tlsCAFile=…`. */
  adminConnectionString: string;
  /** HTTP(S) base URL of one node, for the users API (`https://node1.eventstore:2113`). */
  httpUrl: string;
  adminUser: string;
  adminPassword: string;
  user: string;
  password: string;
  /** CA certificate that signed the nodes' certificates (PEM file). */
  caFile?: string;
}

/** Creates the user (or resets its password when it exists) and grants it read on $all. Idempotent. */
export async function provisionServiceUser(options: ServiceUserOptions): Promise<void> {
  const { user, password } = options;
  const created = await usersApi(options, 'POST', '/users/', { loginName: user, fullName: 'planledger services', groups: [], password });
  if (created.status === 409) {
    const reset = await usersApi(options, 'POST', `/users/${encodeURIComponent(user)}/command/reset-password`, { newPassword: password });
    if (reset.status >= 300) throw new Error(`resetting the password of ${user} failed: HTTP ${reset.status}`);
  } else if (created.status >= 300) {
    throw new Error(`creating the user ${user} failed: HTTP ${created.status} ${created.body.slice(0, 200)}`);
  }
  const client = EventStoreDBClient.connectionString(normalizeConnectionString(options.adminConnectionString));
  try {
    await client.setStreamMetadata('$all', { acl: { readRoles: [user, '$admins'] } }, { requiresLeader: true });
  } finally {
    await client.dispose();
  }
}

function usersApi(options: ServiceUserOptions, method: string, path: string, body: unknown): Promise<{ status: number; body: string }> {
  const url = new URL(path, options.httpUrl);
  const payload = JSON.stringify(body);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Basic ${Buffer.from(`${options.adminUser}:${options.adminPassword}`).toString('base64')}`,
        },
        ...(options.caFile ? { ca: readFileSync(options.caFile) } : {}),
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname}: no answer within 10 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
