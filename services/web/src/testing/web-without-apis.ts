import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPeople } from '@planledger/demo';
import { getLocalIdentity } from '@planledger/identity';
import type { FastifyInstance } from 'fastify';
import { buildWeb, type WebOptions } from '../build-web';
import { createWebLogger } from '../logger';

/**
 * The web service in process with both APIs pointed at a closed port (127.0.0.1:9): for pages that
 * call neither, and for what a person sees when neither can be reached. Local sign-in as the demo's
 * people, with a key in a temporary folder that `close` removes. `clients` stands in for either API.
 */
export async function webWithoutApis(label: string, signIn: { expiresIn?: string } = {}, clients: Pick<WebOptions, 'record' | 'query'> = {}): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `planledger-web-${label}-`));
  const options: WebOptions = {
    recordApiUrl: 'http://127.0.0.1:9',
    queryApiUrl: 'http://127.0.0.1:9',
    signIn: { mode: 'local', identity: await getLocalIdentity({ dataDir }), people: demoPeople, ...signIn },
    logger: createWebLogger(undefined, 'silent'),
    ...clients,
  };
  const app = await buildWeb(options);
  return {
    app,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
