import { getSQLiteEventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { benchScript } from '../child/run-child';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import { generateRecord } from '../record/generate-record';
import { withTempFolder } from '../temp-files';
import { commandMix } from './command-mix';
import { freePort } from './free-port';
import { runLoad, type LoadOptions, type LoadResult } from './load';
import { startService, type ServiceProcess } from './service-process';

export interface CommandApiSizes {
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  /** Children (with plans) in the store before the run, spread over by the mix. */
  children: number;
}

const RECORD_API = 'services/record-api/src/main.ts';

const describe = (r: LoadResult) =>
  `${formatNumber(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${formatNumber(r.requests)} requests${r.non2xx ? `, ${r.non2xx} non-2xx ${JSON.stringify(r.otherStatuses)}` : ''}${r.errors ? `, ${r.errors} errors` : ''}`;

/**
 * The record API (auth, zod validation, access rules, deciders, durable SQLite append) in its own
 * process, loaded by autocannon at `connections` connections with a mix of commands, next to a bare
 * fastify route in another process, in the same run.
 */
export async function commandApiBenchmark(sizes: CommandApiSizes): Promise<Measure[]> {
  const shapes = {
    apiRps: { id: 'command-api.rps', title: 'Command API, mixed commands, 32 connections: requests/s', contender: 'planledger record API', unit: 'req/s', target: { text: '>= 0.3x bare fastify', on: 'ratio' as const, atLeast: 0.3 } },
    apiP50: { id: 'command-api.p50', title: 'Command API, mixed commands, 32 connections: p50', contender: 'planledger record API', unit: 'ms' },
    apiP99: { id: 'command-api.p99', title: 'Command API, mixed commands, 32 connections: p99', contender: 'planledger record API', unit: 'ms', target: { text: '< 25 ms', on: 'value' as const, atMost: 25 } },
    bareRps: { id: 'command-api.bare.rps', title: 'Command API, mixed commands, 32 connections: requests/s', contender: 'bare fastify', unit: 'req/s' },
    bareP50: { id: 'command-api.bare.p50', title: 'Command API, mixed commands, 32 connections: p50', contender: 'bare fastify', unit: 'ms' },
    bareP99: { id: 'command-api.bare.p99', title: 'Command API, mixed commands, 32 connections: p99', contender: 'bare fastify', unit: 'ms' },
  };
  return withTempFolder('command-api', async (file) => {
    const dataDir = file('data');
    const services: ServiceProcess[] = [];
    try {
      const identity = await getLocalIdentity({ dataDir });
      const tokens = new Map<string, string>();
      for (const { caller } of commandMix) {
        if (!tokens.has(caller.userId)) tokens.set(caller.userId, await identity.mintToken({ ...caller, expiresIn: '2h' }));
      }
      progress(`command API: writing ${formatNumber(sizes.children)} children to its store through executeCommand ...`);
      const store = getSQLiteEventStore({ path: file('data/planledger.db') });
      const children = await generateRecord(store, { children: sizes.children });
      const events = (await store.headPosition()) + 1;
      await store.close();

      const api = await startService(RECORD_API, {
        port: await freePort(),
        readyPath: '/health/ready',
        env: { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${file('data/planledger.db')}`, PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production' },
      });
      services.push(api);
      const bare = await startService(benchScript('http/bare-fastify-server.ts'), { port: await freePort(), readyPath: '/health', env: {} });
      services.push(bare);

      let i = 0;
      // Consecutive requests go to different children, so the 32 in flight rarely touch one stream.
      const nextCommand: LoadOptions['nextRequest'] = () => {
        const n = i++;
        const child = children[n % children.length]!;
        const entry = commandMix[Math.floor(n / children.length) % commandMix.length]!;
        return {
          method: 'POST',
          path: entry.path(child),
          headers: { authorization: `Bearer ${tokens.get(entry.caller.userId)}`, 'content-type': 'application/json' },
          body: JSON.stringify(entry.body(child, n)),
        };
      };
      const nextBare: LoadOptions['nextRequest'] = () => ({ method: 'POST', path: '/bare', headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' });

      const load = (url: string, nextRequest: typeof nextCommand, durationSeconds: number) => runLoad({ url, connections: sizes.connections, durationSeconds, nextRequest });
      progress(`command API: warming up both for ${sizes.warmUpSeconds} s each`);
      await load(bare.url, nextBare, sizes.warmUpSeconds);
      await load(api.url, nextCommand, sizes.warmUpSeconds);
      progress(`command API: bare fastify, ${sizes.connections} connections, ${sizes.durationSeconds} s`);
      const bareResult = await load(bare.url, nextBare, sizes.durationSeconds);
      progress(`  ${describe(bareResult)}`);
      progress(`command API: record API, ${sizes.connections} connections, ${sizes.durationSeconds} s`);
      const apiResult = await load(api.url, nextCommand, sizes.durationSeconds);
      progress(`  ${describe(apiResult)}`);

      const note = `${sizes.durationSeconds} s after ${sizes.warmUpSeconds} s warm-up; API on SQLite in its own process (NODE_ENV=production, info logging to /dev/null, rate limit off), store holding ${formatNumber(events)} events of ${formatNumber(sizes.children)} children; mix of ${commandMix.map((c) => c.command).join(', ')}; ${apiResult.non2xx} non-2xx${apiResult.non2xx ? ` ${JSON.stringify(apiResult.otherStatuses)}` : ''}, ${apiResult.errors} errors`;
      const bareNote = `${sizes.durationSeconds} s; one POST route answering a small JSON, own process`;
      const baseline = { contender: 'bare fastify', value: bareResult.requestsPerSecond };
      return [
        measured({ ...shapes.apiRps, value: apiResult.requestsPerSecond, baseline, note }),
        measured({ ...shapes.apiP50, value: apiResult.p50Ms, note }),
        measured({ ...shapes.apiP99, value: apiResult.p99Ms, note }),
        measured({ ...shapes.bareRps, value: bareResult.requestsPerSecond, note: bareNote }),
        measured({ ...shapes.bareP50, value: bareResult.p50Ms, note: bareNote }),
        measured({ ...shapes.bareP99, value: bareResult.p99Ms, note: bareNote }),
      ];
    } catch (error) {
      const reason = (error as Error).message;
      progress(`  failed: ${reason}`);
      return Object.values(shapes).map((shape) => notMeasured('failed', shape, reason));
    } finally {
      for (const service of services) await service.stop();
    }
  });
}
