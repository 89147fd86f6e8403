import { constants } from 'node:buffer';
import { chmodSync, constants as fsConstants, copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getLocalIdentity } from '@planledger/identity';
import { benchScript, runJsonChild } from '../child/run-child';
import { freePort } from '../http/free-port';
import { answered, planQuery } from '../http/graphql-queries';
import { runLoad } from '../http/load';
import { startService, type ServiceProcess } from '../http/service-process';
import { measured, notMeasured, type Measure, type Target } from '../measure';
import { formatNumber, progress } from '../progress';
import type { RebuildOutcome } from '../rebuild/rebuild-child';
import { withTempFolder } from '../temp-files';
import { nowMs } from '../timing';
import { scaleRecord } from './scale-record';

export interface ScaleSizes {
  events: number;
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
}

const QUERY_API = 'services/query-api/src/main.ts';

/** Heap room for a process holding every read model of `events` events (about 1 GiB a million, measured), never below Node's usual. */
const heapFlags = (events: number) => [`--max-old-space-size=${Math.max(4096, Math.ceil(events / 1_000_000) * 1536)}`];

/**
 * `pnpm bench --scale`: a record of `events` events (10 million by default, written once and
 * cached), every read model rebuilt from it in a child process (time, peak RSS and heap), then a
 * query replica started on a copy of it twice: with no snapshot (it folds the whole log, then writes
 * one) and from that snapshot; then the plan query at `connections` connections against it.
 */
export async function scaleBenchmark(sizes: ScaleSizes): Promise<Measure[]> {
  const at = ` (${formatNumber(sizes.events)} events)`;
  const shape = (id: string, title: string, unit: string, target?: Target) => ({ id: `scale.${id}`, title: `Scale${at}: ${title}`, contender: 'planledger', unit, ...(target ? { target } : {}) });
  const shapes = {
    rebuildSeconds: shape('rebuild.seconds', 'rebuild every read model from position 0', 's'),
    rebuildRate: shape('rebuild.rate', 'rebuild rate', 'events/s'),
    rebuildRss: shape('rebuild.peak-rss', 'rebuild, peak RSS', 'MiB'),
    rebuildHeap: shape('rebuild.peak-heap', 'rebuild, peak heap used', 'MiB'),
    startFull: shape('replica.start.rebuild', 'query replica start to ready, no snapshot', 's'),
    snapshotBytes: shape('snapshot.size', 'read-model snapshot size', 'MiB'),
    startSnapshot: shape('replica.start.snapshot', 'query replica start to ready, from the snapshot', 's'),
    planP50: shape('plan.p50', 'GraphQL plan with completeness, 32 connections: p50', 'ms'),
    planP99: shape('plan.p99', 'GraphQL plan with completeness, 32 connections: p99', 'ms', { text: '< 10 ms', on: 'value', below: 10 }),
    planRps: shape('plan.rps', 'GraphQL plan with completeness, 32 connections: requests/s', 'req/s'),
  };
  const failed = (reason: string, which: Array<keyof typeof shapes>) => which.map((k) => notMeasured('failed', shapes[k], reason));
  const measures: Measure[] = [];
  let record;
  try {
    record = await scaleRecord(sizes.events);
  } catch (error) {
    const reason = `the scale record could not be written: ${(error as Error).message}`;
    progress(`  failed: ${reason}`);
    return failed(reason, Object.keys(shapes) as Array<keyof typeof shapes>);
  }

  progress(`scale: rebuilding every read model from ${formatNumber(record.events)} events in a child process ...`);
  try {
    const outcome = await runJsonChild<RebuildOutcome>(benchScript('rebuild/rebuild-child.ts'), [record.file], { timeoutMs: 60 * 60_000, nodeFlags: heapFlags(record.events) });
    const rate = (outcome.events * 1000) / outcome.ms;
    progress(`  ${formatNumber(outcome.events)} events in ${(outcome.ms / 1000).toFixed(1)} s (${formatNumber(rate)} events/s), peak RSS ${formatNumber(outcome.peakRssMiB)} MiB, peak heap ${formatNumber(outcome.peakHeapUsedMiB)} MiB`);
    const note = `projection runner over readAll pages from SQLite, in its own process (${heapFlags(record.events).join(' ')}); ${record.description}; ${outcome.failures} events failed to apply`;
    measures.push(
      measured({ ...shapes.rebuildSeconds, value: outcome.ms / 1000, note }),
      measured({ ...shapes.rebuildRate, value: rate, note }),
      measured({ ...shapes.rebuildRss, value: outcome.peakRssMiB, note: `${note}; RSS at start ${formatNumber(outcome.rssBeforeMiB)} MiB` }),
      measured({ ...shapes.rebuildHeap, value: outcome.peakHeapUsedMiB, note: `${note}; sampled every 20,000 events; ${formatNumber(outcome.heapUsedAfterMiB)} MiB when caught up` }),
    );
  } catch (error) {
    const reason = (error as Error).message;
    progress(`  failed: ${reason}`);
    measures.push(...failed(reason, ['rebuildSeconds', 'rebuildRate', 'rebuildRss', 'rebuildHeap']));
  }

  await withTempFolder('scale', async (file) => {
    const services: ServiceProcess[] = [];
    const left: Array<keyof typeof shapes> = ['startFull', 'snapshotBytes', 'startSnapshot', 'planP50', 'planP99', 'planRps'];
    try {
      const dataDir = file('data');
      const identity = await getLocalIdentity({ dataDir });
      const storeFile = join(dataDir, 'planledger.db');
      progress(`scale: copying the record into the replica's data folder (its access log and snapshots go beside it) ...`);
      // A clone where the file system can make one; else a copy.
      copyFileSync(record.file, storeFile, fsConstants.COPYFILE_FICLONE);
      chmodSync(storeFile, 0o600);
      const snapshotDir = join(dataDir, 'snapshots');
      const env = {
        PLANLEDGER_DATA_DIR: dataDir,
        PLANLEDGER_STORE: `sqlite:${storeFile}`,
        NODE_ENV: 'production',
        PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0',
        PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0',
        PLANLEDGER_READS_PER_MINUTE: '0',
        PLANLEDGER_SNAPSHOT_DIR: snapshotDir,
        // Due at any size, so a small --scale-events run snapshots too.
        PLANLEDGER_SNAPSHOT_EVERY_EVENTS: '1',
      };
      const startReplica = async () => {
        const started = nowMs();
        const service = await startService(QUERY_API, { port: await freePort(), readyPath: '/health/ready', env, startTimeoutMs: 60 * 60_000, nodeFlags: heapFlags(record.events) });
        services.push(service);
        return { service, seconds: (nowMs() - started) / 1000 };
      };
      const snapshots = () => (existsSync(snapshotDir) ? readdirSync(snapshotDir).filter((f) => f.endsWith('.snapshot')) : []);

      progress('scale: query replica, no snapshot: folding the whole log ...');
      const first = await startReplica();
      progress(`  ready after ${first.seconds.toFixed(1)} s (its snapshot written before it serves)`);
      const note = `query API in its own process (NODE_ENV=production, ${heapFlags(record.events).join(' ')}), from spawn to /health/ready answering 200 (read models caught up and, on the start with no snapshot, the snapshot written before serving), Node and tsx start-up included; ${record.description}`;
      measures.push(measured({ ...shapes.startFull, value: first.seconds, note }));
      left.shift();
      // The replica writes its snapshot before it serves, so once it is ready the snapshot is there or
      // was refused (the replica logs why, e.g. a section larger than this Node's largest Buffer).
      let serving = first;
      if (snapshots().length === 0) {
        const reason = `the replica wrote no snapshot before serving; its log names the read model and why (Node ${process.versions.node}, whose largest Buffer, one section, is ${formatNumber(constants.MAX_LENGTH / 2 ** 30)} GiB); the plan query ran against the replica folded from the log`;
        progress(`  ${reason}`);
        measures.push(notMeasured('failed', shapes.snapshotBytes, reason), notMeasured('failed', shapes.startSnapshot, reason));
        left.splice(0, 2);
      } else {
        const snapshotFile = join(snapshotDir, snapshots()[0]!);
        const bytes = statSync(snapshotFile).size;
        progress(`  snapshot ${snapshotFile}: ${formatNumber(bytes / 2 ** 20)} MiB`);
        measures.push(measured({ ...shapes.snapshotBytes, value: bytes / 2 ** 20, note: `every read model's state, Node's structured serialisation, one SHA-256 per model; written by the replica once caught up, before it serves; ${record.description}` }));
        left.shift();
        await first.service.stop();
        services.length = 0;

        progress('scale: query replica again, from the snapshot ...');
        serving = await startReplica();
        progress(`  ready after ${serving.seconds.toFixed(1)} s`);
        measures.push(measured({ ...shapes.startSnapshot, value: serving.seconds, note: `${note}; read the snapshot, checked it, then caught up from its position` }));
        left.shift();
      }

      const headersFor = new Map<string, Record<string, string>>();
      for (const organisationId of new Set(record.plans.map((p) => p.organisationId))) {
        const token = await identity.mintToken({ userId: 'social-worker-bench', role: 'social_worker', agency: 'social_care', organisationId, expiresIn: '2h' });
        headersFor.set(organisationId, { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
      }
      let i = 0;
      const nextPlan = () => {
        const plan = record.plans[i++ % record.plans.length]!;
        return { method: 'POST' as const, path: '/graphql', headers: { ...headersFor.get(plan.organisationId)! }, body: JSON.stringify({ query: planQuery, variables: { id: plan.streamId } }) };
      };
      const probe = nextPlan();
      const answer = await fetch(`${serving.service.url}/graphql`, { method: 'POST', headers: probe.headers, body: probe.body });
      const text = await answer.text();
      if (!answer.ok || !answered(text) || !(JSON.parse(text) as { data?: { familyHelpPlan?: unknown } }).data?.familyHelpPlan) throw new Error(`the plan query found no plan: ${answer.status} ${text.slice(0, 300)}`);
      progress(`scale: plan query, warm-up ${sizes.warmUpSeconds} s then ${sizes.durationSeconds} s at ${sizes.connections} connections`);
      const load = (durationSeconds: number) => runLoad({ url: serving.service.url, connections: sizes.connections, durationSeconds, nextRequest: nextPlan, accept: answered });
      await load(sizes.warmUpSeconds);
      const plan = await load(sizes.durationSeconds);
      progress(`  ${formatNumber(plan.requestsPerSecond)} req/s, p50 ${plan.p50Ms} ms, p99 ${plan.p99Ms} ms, ${plan.non2xx} non-2xx, ${plan.refusedBodies} GraphQL errors`);
      const loadNote = `${sizes.durationSeconds} s at ${sizes.connections} connections against the replica started from the snapshot (or, with none, the one folded from the log), every read access-logged to its own access-log file (durable append); ${formatNumber(record.plans.length)} plans in turn across every copy; ${plan.non2xx} non-2xx, ${plan.refusedBodies} GraphQL errors; ${record.description}`;
      measures.push(
        measured({ ...shapes.planP50, value: plan.p50Ms, note: loadNote }),
        measured({ ...shapes.planP99, value: plan.p99Ms, note: loadNote }),
        measured({ ...shapes.planRps, value: plan.requestsPerSecond, note: loadNote }),
      );
      left.length = 0;
    } catch (error) {
      const reason = [(error as Error).message, ...services.map((s) => s.describe())].join('; ');
      progress(`  failed: ${reason}`);
      measures.push(...failed(reason, left));
    } finally {
      for (const service of services) await service.stop();
    }
  });
  return measures;
}
