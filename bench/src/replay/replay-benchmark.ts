import { mkdirSync } from 'node:fs';
import { getSQLiteEventStore } from '@planledger/event-store';
import { getLocalIdentity } from '@planledger/identity';
import { createStreamCache, evolveChildView, evolveFamilyHelpPlanView, familyHelpPlanCompleteness, teamOf, viewAsOf } from '@planledger/projections';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import { withTempFolder } from '../temp-files';
import { nowMs, percentile } from '../timing';
import { freePort } from '../http/free-port';
import { answered, readModelsQuery } from '../http/graphql-queries';
import { startService, type ServiceProcess } from '../http/service-process';
import { callers } from '../record/partnership-callers';
import { hourlyClock, writeLongPlan } from './long-plan';

export interface ReplaySizes {
  planEvents: number;
  replays: number;
}

const TITLE = 'Replay a plan asOf a time in its middle, with completeness';
const QUERY_API = 'services/query-api/src/main.ts';

const asOfQuery = /* GraphQL */ `
  query Replay($id: ID!, $asOf: DateTime!) {
    familyHelpPlan(id: $id, asOf: $asOf, reason: DIRECT_WORK) {
      id
      revision
      asOf
      completeness { score satisfied applicable rules { id satisfied explanation } }
    }
  }
`;

/**
 * `familyHelpPlan(id, asOf)` measured two ways over the same plan. In-process: the plan's stream
 * and the child's stream read from SQLite and folded to the asOf instant, then the completeness
 * rules judged at it, nothing else. As a request: the real query API in its own process answering
 * the GraphQL query over HTTP, one request at a time, with token verification, the read gate and the
 * durable access-log append every read makes. The target is a request's, so it is judged on the second.
 */
export async function replayBenchmark(sizes: ReplaySizes): Promise<Measure[]> {
  const title = `${TITLE} (${formatNumber(sizes.planEvents)} events)`;
  const target = { text: '< 5 ms', on: 'value' as const, below: 5 };
  const shapes = {
    p50: { id: 'replay.as-of.p50', title: `${title}, in-process: p50`, contender: 'planledger', unit: 'ms' },
    p99: { id: 'replay.as-of.p99', title: `${title}, in-process: p99`, contender: 'planledger', unit: 'ms' },
    cachedP50: { id: 'replay.as-of.cached.p50', title: `${title}, in-process through the query service's stream cache: p50`, contender: 'planledger', unit: 'ms' },
    cachedP99: { id: 'replay.as-of.cached.p99', title: `${title}, in-process through the query service's stream cache: p99`, contender: 'planledger', unit: 'ms' },
    httpP50: { id: 'replay.as-of.http.p50', title: `${title}, GraphQL request: p50`, contender: 'planledger query API', unit: 'ms', target },
    httpP99: { id: 'replay.as-of.http.p99', title: `${title}, GraphQL request: p99`, contender: 'planledger query API', unit: 'ms', target },
  };
  return withTempFolder('replay', async (file) => {
    const dataDir = file('data');
    const storeFile = file('data/plan.db');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    let query: ServiceProcess | undefined;
    const store = getSQLiteEventStore({ path: storeFile, now: hourlyClock(sizes.planEvents + 10) });
    let closed = false;
    try {
      progress(`replay: writing a ${formatNumber(sizes.planEvents)}-event plan through executeCommand ...`);
      const { planStreamId, childId } = await writeLongPlan(store, sizes.planEvents);
      const events = await store.readStream(planStreamId);
      const middle = new Date(events[Math.floor(events.length / 2)]!.recordedAt);
      const replayFrom = (source: Pick<typeof store, 'readStream'>) => async () => {
        const view = await viewAsOf(source, planStreamId, middle, evolveFamilyHelpPlanView);
        const child = await viewAsOf(source, `child-${childId}`, middle, evolveChildView);
        if (!view || !child) throw new Error('the plan or its child was not there at asOf');
        return familyHelpPlanCompleteness(view, middle, teamOf(child).map((m) => m.agency));
      };
      const inProcess = await timed(sizes.replays, replayFrom(store));
      progress(`  in-process: p50 ${inProcess.p50.toFixed(2)} ms, p99 ${inProcess.p99.toFixed(2)} ms over ${sizes.replays} replays`);
      const cache = createStreamCache(store);
      const cached = await timed(sizes.replays, replayFrom({ readStream: async (id) => [...(await cache(id))] }));
      progress(`  in-process through the stream cache: p50 ${cached.p50.toFixed(2)} ms, p99 ${cached.p99.toFixed(2)} ms over ${sizes.replays} replays`);
      await store.close();
      closed = true;

      const identity = await getLocalIdentity({ dataDir });
      const token = await identity.mintToken({ ...callers.socialWorker(0), expiresIn: '2h' });
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      query = await startService(QUERY_API, {
        port: await freePort(),
        readyPath: '/health/live',
        env: { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, NODE_ENV: 'production', PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_READS_PER_MINUTE: '0' },
      });
      const post = async (text: string, variables: Record<string, unknown>) => {
        const response = await fetch(`${query!.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: text, variables }) });
        const body = await response.text();
        if (!response.ok || !answered(body)) throw new Error(`GraphQL answered ${response.status}: ${body.slice(0, 300)}`);
        return JSON.parse(body) as { data: Record<string, unknown> };
      };
      const deadline = nowMs() + 120_000;
      while (!((await post(readModelsQuery, {})).data.readModels as { ready: boolean }).ready) {
        if (nowMs() > deadline) throw new Error('the query API did not catch up within 2 minutes');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const variables = { id: planStreamId, asOf: middle.toISOString() };
      const request = async () => {
        const { data } = await post(asOfQuery, variables);
        const plan = data.familyHelpPlan as { asOf: string | null } | null;
        if (!plan?.asOf) throw new Error(`the asOf query answered ${JSON.stringify(data).slice(0, 200)}`);
      };
      const http = await timed(sizes.replays, request);
      progress(`  GraphQL request: p50 ${http.p50.toFixed(2)} ms, p99 ${http.p99.toFixed(2)} ms over ${sizes.replays} requests`);

      const at = `asOf = recordedAt of event ${Math.floor(events.length / 2)} of ${events.length}`;
      const note = `${sizes.replays} replays after 20 warm-up, SQLite store, in the bench process; ${at}; includes the two stream reads, the folds and the completeness rules only: no HTTP, token, read gate or access-log append (see the GraphQL request row)`;
      const httpNote = `${sizes.replays} requests one at a time after 20 warm-up, from the bench process to the query API in its own process (NODE_ENV=production) over HTTP; ${at}; includes HTTP, GraphQL parsing and limits, ES256 token check (cached after the first), the read gate and the durable access-log append of every read, the replay and completeness`;
      return [
        measured({ ...shapes.p50, value: inProcess.p50, note }),
        measured({ ...shapes.p99, value: inProcess.p99, note }),
        measured({ ...shapes.cachedP50, value: cached.p50, note: `${note}; each stream read through createStreamCache as the query service does (its revision checked in the store, then the events kept in memory)` }),
        measured({ ...shapes.cachedP99, value: cached.p99, note: `${note}; each stream read through createStreamCache as the query service does (its revision checked in the store, then the events kept in memory)` }),
        measured({ ...shapes.httpP50, value: http.p50, note: httpNote }),
        measured({ ...shapes.httpP99, value: http.p99, note: httpNote }),
      ];
    } catch (error) {
      const reason = [(error as Error).message, query?.describe() ?? ''].filter(Boolean).join('; ');
      progress(`  failed: ${reason}`);
      return Object.values(shapes).map((shape) => notMeasured('failed', shape, reason));
    } finally {
      await query?.stop();
      if (!closed) await store.close();
    }
  });
}

/** Runs `work` 20 times to warm up, then `times` times timed; returns p50 and p99 in ms. */
async function timed(times: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = nowMs();
    await work();
    samples.push(nowMs() - start);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
