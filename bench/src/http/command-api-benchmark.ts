import type { Caller } from '@planledger/domain';
import { getSQLiteEventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { benchScript } from '../child/run-child';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import { generateRecord } from '../record/generate-record';
import { callers } from '../record/partnership-callers';
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
 * A token pool larger than the service's verified-token cache (10,000 entries, cleared when full), so
 * a token comes round again only after the cache has been cleared: every request pays for a signature check.
 */
const UNCACHED_POOL_AT_LEAST = 12_000;

/**
 * The record API (auth, zod validation, access rules, deciders, durable SQLite append) in its own
 * process, loaded by autocannon at `connections` connections with a mix of commands from 60 distinct
 * practitioners, and again with a token never seen before on every request (its token cache never
 * hits). Beside it, in the same run, two baselines in their own processes: the same minimal work done
 * by hand on node:http (verify the JWT, validate the body, one durable insert), a peer; and bare
 * fastify answering a constant, a ceiling.
 */
export async function commandApiBenchmark(sizes: CommandApiSizes): Promise<Measure[]> {
  const title = (what: string) => `Command API, mixed commands, ${sizes.connections} connections: ${what}`;
  const api = 'planledger record API';
  const uncached = 'planledger record API, token cache missing every request';
  const hand = 'hand-built: JWT + zod + one durable insert';
  const bareName = 'bare fastify';
  const shapes = {
    apiRps: { id: 'command-api.rps', title: title('requests/s'), contender: api, unit: 'req/s', target: { text: '>= 0.3x bare fastify', on: 'ratio' as const, atLeast: 0.3 } },
    apiP50: { id: 'command-api.p50', title: title('p50'), contender: api, unit: 'ms' },
    apiP99: { id: 'command-api.p99', title: title('p99'), contender: api, unit: 'ms', target: { text: '< 25 ms', on: 'value' as const, below: 25 } },
    uncachedRps: { id: 'command-api.uncached.rps', title: title('requests/s'), contender: uncached, unit: 'req/s' },
    uncachedP99: { id: 'command-api.uncached.p99', title: title('p99'), contender: uncached, unit: 'ms' },
    handRps: { id: 'command-api.hand.rps', title: title('requests/s'), contender: hand, unit: 'req/s' },
    handP50: { id: 'command-api.hand.p50', title: title('p50'), contender: hand, unit: 'ms' },
    handP99: { id: 'command-api.hand.p99', title: title('p99'), contender: hand, unit: 'ms' },
    bareRps: { id: 'command-api.bare.rps', title: title('requests/s'), contender: bareName, unit: 'req/s' },
    bareP50: { id: 'command-api.bare.p50', title: title('p50'), contender: bareName, unit: 'ms' },
    bareP99: { id: 'command-api.bare.p99', title: title('p99'), contender: bareName, unit: 'ms' },
  };
  return withTempFolder('command-api', async (file) => {
    const dataDir = file('data');
    const services: ServiceProcess[] = [];
    try {
      const identity = await getLocalIdentity({ dataDir });
      const mint = (caller: Caller) => identity.mintToken({ ...caller, expiresIn: '2h' });
      progress(`command API: writing ${formatNumber(sizes.children)} children to its store through executeCommand ...`);
      const store = getSQLiteEventStore({ path: file('data/planledger.db') });
      const children = await generateRecord(store, { children: sizes.children });
      const events = (await store.headPosition()) + 1;
      await store.close();

      // Request n: a child, a command and a caller, all chosen by n. Consecutive requests go to
      // different children, so the requests in flight rarely touch one stream.
      const period = children.length * commandMix.length;
      const requestFor = (n: number) => {
        const child = children[n % children.length]!;
        const entry = commandMix[Math.floor(n / children.length) % commandMix.length]!;
        return { child, entry, caller: entry.caller(n) };
      };
      // One token per distinct caller (the mix cycles through 60 of them), cached by the service.
      const tokens = new Map<string, string>();
      for (let n = 0; n < period; n++) {
        const { caller } = requestFor(n);
        if (!tokens.has(caller.userId)) tokens.set(caller.userId, await mint(caller));
      }
      // A fresh token for every request of a sequence that repeats only after the pool is used up.
      const poolSize = Math.ceil(UNCACHED_POOL_AT_LEAST / period) * period;
      progress(`command API: minting ${formatNumber(poolSize)} single-use tokens ...`);
      const pool: string[] = [];
      // In chunks, so the signatures run on the thread pool side by side.
      for (let n = 0; n < poolSize; n += 200) {
        pool.push(...(await Promise.all(Array.from({ length: Math.min(200, poolSize - n) }, (_, j) => mint(requestFor(n + j).caller)))));
      }

      const apiService = await startService(RECORD_API, {
        port: await freePort(),
        readyPath: '/health/ready',
        env: { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${file('data/planledger.db')}`, PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production' },
      });
      services.push(apiService);
      const handService = await startService(benchScript('http/hand-built-command-server.ts'), { port: await freePort(), readyPath: '/health', env: { DATA_DIR: dataDir, STORE_FILE: file('hand.db') } });
      services.push(handService);
      const bare = await startService(benchScript('http/bare-fastify-server.ts'), { port: await freePort(), readyPath: '/health', env: {} });
      services.push(bare);

      const command = (n: number, token: string) => {
        const { child, entry } = requestFor(n);
        return { method: 'POST' as const, path: entry.path(child), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(entry.body(child, n)) };
      };
      let i = 0;
      const nextCommand: LoadOptions['nextRequest'] = () => {
        const n = i++;
        return command(n, tokens.get(requestFor(n).caller.userId)!);
      };
      let u = 0;
      const nextUncached: LoadOptions['nextRequest'] = () => {
        const n = u++ % poolSize;
        return command(n, pool[n]!);
      };
      let h = 0;
      const nextHand: LoadOptions['nextRequest'] = () => {
        const n = h++;
        const child = children[n % children.length]!;
        const caller = callers.socialWorker(n);
        return {
          method: 'POST',
          path: `/v1/family-help-plans/${child.planId}/needs`,
          headers: { authorization: `Bearer ${tokens.get(caller.userId) ?? pool[0]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ description: `Support with evening routine ${n}`, agency: 'social_care' }),
        };
      };
      const nextBare: LoadOptions['nextRequest'] = () => ({ method: 'POST', path: '/bare', headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' });

      const load = (url: string, nextRequest: typeof nextCommand, durationSeconds: number) => runLoad({ url, connections: sizes.connections, durationSeconds, nextRequest });
      progress(`command API: warming up each for ${sizes.warmUpSeconds} s`);
      await load(bare.url, nextBare, sizes.warmUpSeconds);
      await load(handService.url, nextHand, sizes.warmUpSeconds);
      await load(apiService.url, nextCommand, sizes.warmUpSeconds);
      const run = async (name: string, url: string, next: typeof nextCommand) => {
        progress(`command API: ${name}, ${sizes.connections} connections, ${sizes.durationSeconds} s`);
        const result = await load(url, next, sizes.durationSeconds);
        progress(`  ${describe(result)}`);
        return result;
      };
      const bareResult = await run(bareName, bare.url, nextBare);
      const handResult = await run(hand, handService.url, nextHand);
      const apiResult = await run(api, apiService.url, nextCommand);
      const uncachedResult = await run(uncached, apiService.url, nextUncached);

      const outcome = (r: LoadResult) => `${r.non2xx} non-2xx${r.non2xx ? ` ${JSON.stringify(r.otherStatuses)}` : ''}, ${r.errors} errors`;
      const common = `${sizes.durationSeconds} s after ${sizes.warmUpSeconds} s warm-up, each service in its own process`;
      const apiIncludes = `includes JWT verification, zod validation, access rules, the decider over the stream's history, idempotency, the hash chain and a durable SQLite append (group commit), info logging to /dev/null, rate limit off; store holding ${formatNumber(events)} events of ${formatNumber(sizes.children)} children; mix of ${commandMix.map((c) => c.command).join(', ')}`;
      const vsHand = (r: LoadResult) => (handResult.requestsPerSecond > 0 ? `; ${(r.requestsPerSecond / handResult.requestsPerSecond).toFixed(2)}x the hand-built baseline` : '');
      const note = `${common}; ${apiIncludes}; ${tokens.size} distinct callers, one token each, so the service's verified-token cache answers all but about one request per caller a minute${vsHand(apiResult)}; ${outcome(apiResult)}`;
      const uncachedNote = `${common}; the same service, mix and callers, but every request carries a token it has not seen (${formatNumber(poolSize)} single-use tokens, more than its cache holds), so each pays for an ES256 signature check${vsHand(uncachedResult)}; ${outcome(uncachedResult)}`;
      const handNote = `${common}; the peer baseline: node:http, ES256 JWT verified with jose on every request (no cache), body validated with zod, one INSERT per request in its own transaction (WAL, synchronous=FULL); recordNeed only, from 40 callers; no access rules, history, idempotency, hash chain or logging; ${outcome(handResult)}`;
      const bareNote = `${sizes.durationSeconds} s; the ceiling, not a peer: one POST route answering a constant small JSON, no auth, validation, store or logging, own process`;
      const baseline = { contender: bareName, value: bareResult.requestsPerSecond };
      const handBaseline = { contender: hand, value: handResult.requestsPerSecond };
      return [
        measured({ ...shapes.apiRps, value: apiResult.requestsPerSecond, baseline, note }),
        measured({ ...shapes.apiP50, value: apiResult.p50Ms, note }),
        measured({ ...shapes.apiP99, value: apiResult.p99Ms, note }),
        measured({ ...shapes.uncachedRps, value: uncachedResult.requestsPerSecond, baseline: handBaseline, note: uncachedNote }),
        measured({ ...shapes.uncachedP99, value: uncachedResult.p99Ms, note: uncachedNote }),
        measured({ ...shapes.handRps, value: handResult.requestsPerSecond, baseline, note: handNote }),
        measured({ ...shapes.handP50, value: handResult.p50Ms, note: handNote }),
        measured({ ...shapes.handP99, value: handResult.p99Ms, note: handNote }),
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
