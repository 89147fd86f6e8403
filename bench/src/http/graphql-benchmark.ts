import { chmodSync, copyFileSync } from 'node:fs';
import { getLocalIdentity } from '@planledger/identity';
import { measured, notMeasured, type Measure, type Target } from '../measure';
import { formatNumber, progress } from '../progress';
import type { RecordCache } from '../record/record-cache';
import { buildDemoRecordFile } from '../record/demo-record';
import { callers, organisations } from '../record/partnership-callers';
import type { PlanRef } from '../record/plan-refs';
import { withTempFolder } from '../temp-files';
import { nowMs, percentile } from '../timing';
import { freePort } from './free-port';
import { answered, kpiQuery, planQuery, readModelsQuery, revisionQuery } from './graphql-queries';
import { runLoad, type LoadResult } from './load';
import { startService, type ServiceProcess } from './service-process';

export interface GraphqlSizes {
  /**
   * The demo partnership of @planledger/demo (every command through executeCommand, with realistic
   * gaps), or the bench's own generated record (re-keyed copies: quicker to build).
   */
  record: { source: 'demo'; size: number; seed: string } | { source: 'generated'; children: number; baseChildren: number };
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  kpiDurationSeconds: number;
  /** Commands whose visibility through GraphQL is timed. */
  visibilityCommands: number;
}

const QUERY_API = 'services/query-api/src/main.ts';
const RECORD_API = 'services/record-api/src/main.ts';
const VISIBILITY_TIMEOUT_MS = 5_000;
/** The diagnostic contender: the same service with its access log in memory, which no deployment may do. */
const MEMORY_LOG = 'planledger query API, access log in memory (diagnostic: not durable)';
/** Distinct KPI windows asked in turn: more than the query API's KPI cache keeps (500). */
const KPI_WINDOWS = 1_000;

/** A load in which no request completed has no latency or rate to report: it is recorded as failed, with the reason. */
function answeredOrFailed(r: LoadResult, note: string, rows: Array<{ id: string; title: string; contender: string; unit: string; value: number }>): Measure[] {
  if (r.requests > 0) return rows.map((row) => measured({ ...row, note }));
  return rows.map(({ value: _value, ...shape }) => notMeasured('failed', shape, `no request was answered within the run; ${note}`));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (r: LoadResult) =>
  `${formatNumber(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${formatNumber(r.requests)} requests, ${r.non2xx} non-2xx, ${r.refusedBodies} GraphQL errors`;

/**
 * The query API in its own process over a Leicester-sized record (SQLite): the plan query with
 * completeness and the KPI query under autocannon at `connections` connections, then the time from
 * a record API 201 to the change showing in GraphQL, with both services following one file.
 */
export async function graphqlBenchmark(sizes: GraphqlSizes, records: RecordCache): Promise<Measure[]> {
  const shape = (id: string, title: string, unit: string, target?: Target) => ({ id, title, contender: 'planledger query API', unit, ...(target ? { target } : {}) });
  const shapes = {
    planP50: shape('graphql.plan.p50', 'GraphQL plan with completeness, 32 connections: p50', 'ms'),
    planP99: shape('graphql.plan.p99', 'GraphQL plan with completeness, 32 connections: p99', 'ms', { text: '< 10 ms', on: 'value', below: 10 }),
    planRps: shape('graphql.plan.rps', 'GraphQL plan with completeness, 32 connections: requests/s', 'req/s'),
    kpiP50: shape('graphql.kpis.p50', 'GraphQL partnership KPIs, 32 connections: p50', 'ms'),
    kpiP99: shape('graphql.kpis.p99', 'GraphQL partnership KPIs, 32 connections: p99', 'ms'),
    kpiRps: shape('graphql.kpis.rps', 'GraphQL partnership KPIs, 32 connections: requests/s', 'req/s'),
    kpiRepeatedP99: shape('graphql.kpis.repeated.p99', 'GraphQL partnership KPIs, one window asked again and again, 32 connections: p99', 'ms'),
    kpiRepeatedRps: shape('graphql.kpis.repeated.rps', 'GraphQL partnership KPIs, one window asked again and again, 32 connections: requests/s', 'req/s'),
    memoryLogP50: { ...shape('graphql.plan.memory-log.p50', 'GraphQL plan with completeness, 32 connections: p50', 'ms'), contender: MEMORY_LOG },
    memoryLogP99: { ...shape('graphql.plan.memory-log.p99', 'GraphQL plan with completeness, 32 connections: p99', 'ms'), contender: MEMORY_LOG },
    memoryLogRps: { ...shape('graphql.plan.memory-log.rps', 'GraphQL plan with completeness, 32 connections: requests/s', 'req/s'), contender: MEMORY_LOG },
    visibleP50: shape('graphql.visible.p50', 'Command 201 to visible in GraphQL: p50', 'ms'),
    visibleP99: shape('graphql.visible.p99', 'Command 201 to visible in GraphQL: p99', 'ms', { text: '< 100 ms', on: 'value', below: 100 }),
  };
  return withTempFolder('graphql', async (file) => {
    const services: ServiceProcess[] = [];
    try {
      const dataDir = file('data');
      const identity = await getLocalIdentity({ dataDir });
      const storeFile = file('data/planledger.db');
      const generatedRecord = async (children: number, baseChildren: number) => {
        const generated = await records.get(children, baseChildren);
        copyFileSync(generated.file, storeFile);
        chmodSync(storeFile, 0o600);
        return { description: generated.description, plans: generated.children.map((c) => ({ streamId: `family-help-plan-${c.planId}`, organisationId: organisations.socialCare })) };
      };
      let record: { plans: PlanRef[]; description: string };
      if (sizes.record.source === 'demo') {
        progress(`graphql: writing the demo partnership (size ${formatNumber(sizes.record.size)}) through executeCommand ...`);
        try {
          record = await buildDemoRecordFile(file('demo.db'), sizes.record);
          copyFileSync(file('demo.db'), storeFile);
          chmodSync(storeFile, 0o600);
        } catch (error) {
          // A broken demo generator must not cost the GraphQL numbers: say so, and use the bench's own record.
          const reason = (error as Error).message;
          progress(`  the demo generator failed (${reason}); using the bench's generated record instead`);
          const generated = await generatedRecord(sizes.record.size, 100);
          record = { ...generated, description: `${generated.description} (the demo generator failed: ${reason})` };
        }
      } else {
        record = await generatedRecord(sizes.record.children, sizes.record.baseChildren);
      }
      // A social worker of the organisation that opened each plan may read it; an auditor reads every child, as the KPIs need.
      const headersFor = new Map<string, Record<string, string>>();
      for (const organisationId of new Set(record.plans.map((p) => p.organisationId))) {
        const token = await identity.mintToken({ userId: 'social-worker-bench', role: 'social_worker', agency: 'social_care', organisationId, expiresIn: '2h' });
        headersFor.set(organisationId, { authorization: `Bearer ${token}`, 'content-type': 'application/json' });
      }
      const auditorToken = await identity.mintToken({ ...callers.auditor(0), expiresIn: '2h' });
      const auditorHeaders: Record<string, string> = { authorization: `Bearer ${auditorToken}`, 'content-type': 'application/json' };
      const plans = record.plans;
      if (plans.length === 0) throw new Error('the record holds no Family Help plan to query');
      const headersOf = (plan: PlanRef) => headersFor.get(plan.organisationId)!;
      const env = { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, NODE_ENV: 'production', PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_READS_PER_MINUTE: '0' };

      progress('graphql: starting the query API and waiting for its read models ...');
      const started = nowMs();
      const query = await startService(QUERY_API, { port: await freePort(), readyPath: '/health/live', env });
      services.push(query);
      const graphql = async (text: string, variables: Record<string, unknown> = {}, headers = auditorHeaders) => {
        const response = await fetch(`${query.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: text, variables }) });
        const body = await response.text();
        if (!response.ok || !answered(body)) throw new Error(`GraphQL answered ${response.status}: ${body.slice(0, 300)}`);
        return JSON.parse(body) as { data: Record<string, unknown> };
      };
      for (let tries = 0; ; tries++) {
        const { data } = await graphql(readModelsQuery);
        if ((data.readModels as { ready: boolean }).ready) break;
        if (tries > 6000) throw new Error('the query API did not catch up within 10 minutes');
        await sleep(100);
      }
      progress(`  ready after ${((nowMs() - started) / 1000).toFixed(1)} s over ${record.description}`);

      let i = 0;
      const nextPlan = () => {
        const plan = plans[i++ % plans.length]!;
        return {
          method: 'POST' as const,
          path: '/graphql',
          // A copy each time: autocannon writes content-length into the headers it is given.
          headers: { ...headersOf(plan) },
          body: JSON.stringify({ query: planQuery, variables: { id: plan.streamId } }),
        };
      };
      const sample = await graphql(planQuery, { id: plans[0]!.streamId }, headersOf(plans[0]!));
      if (!sample.data.familyHelpPlan) throw new Error('the plan query found no plan for a generated child');
      const today = new Date().toISOString().slice(0, 10);
      const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
      const kpiBody = JSON.stringify({ query: kpiQuery, variables: { from: yearAgo, to: today } });
      const nextRepeatedKpi = () => ({ method: 'POST' as const, path: '/graphql', headers: { ...auditorHeaders }, body: kpiBody });
      // Windows that vary: KPI_WINDOWS distinct (from, to) pairs, 30 to 395 days long, ending on
      // different days, asked in turn. The service caches one answer per window (at most 500, then it
      // starts again), so a window comes round only after the cache has been emptied: every answer is computed.
      const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      const kpiWindows = Array.from({ length: KPI_WINDOWS }, (_, w) => ({ from: dayBefore(30 + (w % 366) + Math.floor(w / 366)), to: dayBefore(w % 366) }));
      if (new Set(kpiWindows.map((w) => `${w.from}|${w.to}`)).size !== KPI_WINDOWS) throw new Error('the KPI windows are not all distinct');
      let k = 0;
      const nextKpi = () => ({ method: 'POST' as const, path: '/graphql', headers: { ...auditorHeaders }, body: JSON.stringify({ query: kpiQuery, variables: kpiWindows[k++ % KPI_WINDOWS] }) });
      await graphql(kpiQuery, { from: yearAgo, to: today });

      const load = (nextRequest: typeof nextPlan, durationSeconds: number) =>
        runLoad({ url: query.url, connections: sizes.connections, durationSeconds, nextRequest, accept: answered });
      progress(`graphql: plan query, warm-up ${sizes.warmUpSeconds} s then ${sizes.durationSeconds} s at ${sizes.connections} connections`);
      await load(nextPlan, sizes.warmUpSeconds);
      const plan = await load(nextPlan, sizes.durationSeconds);
      progress(`  ${describe(plan)}`);
      // Requests still being answered when a load stops would slow the next one: one more request,
      // answered after them, marks the service idle again.
      const drained = async () => {
        const deadline = nowMs() + 180_000;
        for (;;) {
          try {
            return await graphql(readModelsQuery);
          } catch (error) {
            // A keep-alive connection the busy service dropped: try again on a fresh one, until the deadline.
            if (nowMs() > deadline) throw error;
            await sleep(100);
          }
        }
      };
      await drained();
      progress(`graphql: KPI query, one window repeated, ${sizes.kpiDurationSeconds} s at ${sizes.connections} connections`);
      const kpisRepeated = await load(nextRepeatedKpi, sizes.kpiDurationSeconds);
      progress(`  ${describe(kpisRepeated)}`);
      await drained();
      progress(`graphql: KPI query, ${KPI_WINDOWS} windows in turn, ${sizes.kpiDurationSeconds} s at ${sizes.connections} connections`);
      const kpis = await load(nextKpi, sizes.kpiDurationSeconds);
      progress(`  ${describe(kpis)}`);
      await drained();

      // The same plan load on a second query API whose access log is a memory store: every read is
      // still logged before it is answered, but not to disk. Not a contender for the target (it drops
      // durability); it says how much of a plan read is the durable access-log append.
      progress('graphql: plan query on a second query API with its access log in memory (diagnostic) ...');
      const memoryLogService = await startService(QUERY_API, { port: await freePort(), readyPath: '/health/ready', env: { ...env, PLANLEDGER_ACCESS_LOG_STORE: 'memory:' }, startTimeoutMs: 10 * 60_000 });
      services.push(memoryLogService);
      const loadOn = (url: string, durationSeconds: number) => runLoad({ url, connections: sizes.connections, durationSeconds, nextRequest: nextPlan, accept: answered });
      await loadOn(memoryLogService.url, sizes.warmUpSeconds);
      const planMemoryLog = await loadOn(memoryLogService.url, sizes.durationSeconds);
      progress(`  ${describe(planMemoryLog)}`);
      await memoryLogService.stop();
      services.splice(services.indexOf(memoryLogService), 1);

      progress(`graphql: ${sizes.visibilityCommands} commands through the record API, each timed until GraphQL shows it`);
      const api = await startService(RECORD_API, { port: await freePort(), readyPath: '/health/ready', env });
      services.push(api);
      const visible: number[] = [];
      let timedOut = 0;
      for (let c = 0; c < sizes.visibilityCommands; c++) {
        const plan = plans[(c * 7919) % plans.length]!;
        const headers = headersOf(plan);
        const response = await fetch(`${api.url}/v1/family-help-plans/${plan.streamId.slice('family-help-plan-'.length)}/needs`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ description: `Need noted at visit ${c}`, agency: 'social_care' }),
        });
        if (response.status !== 201) throw new Error(`the record API answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        const { revision } = (await response.json()) as { revision: number };
        const acknowledged = nowMs();
        for (;;) {
          const { data } = await graphql(revisionQuery, { id: plan.streamId }, headers);
          if ((data.familyHelpPlan as { revision: number }).revision >= revision) {
            visible.push(nowMs() - acknowledged);
            break;
          }
          if (nowMs() - acknowledged > VISIBILITY_TIMEOUT_MS) {
            timedOut++;
            break;
          }
        }
      }
      const p = (sample: number[], q: number) => percentile(sample, q);
      progress(`  p50 ${p(visible, 50).toFixed(1)} ms, p99 ${p(visible, 99).toFixed(1)} ms${timedOut ? `, ${timedOut} not visible within ${VISIBILITY_TIMEOUT_MS} ms` : ''}`);

      const loadNote = (r: LoadResult, seconds: number) =>
        `${seconds} s at ${sizes.connections} connections; query API on SQLite in its own process (NODE_ENV=production), every read access-logged to its own access-log file (durable append); ${record.description}; ${formatNumber(plans.length)} plans queried in turn; ${r.non2xx} non-2xx, ${r.refusedBodies} GraphQL errors`;
      const kpiNote = `${loadNote(kpis, sizes.kpiDurationSeconds)}; as the auditor, ${KPI_WINDOWS} distinct windows (30-395 days) asked in turn, each computed afresh (more windows than the service's KPI cache holds)`;
      const kpiRepeatedNote = `${loadNote(kpisRepeated, sizes.kpiDurationSeconds)}; as the auditor, the same one-year window every time: after the first, answers come from the service's KPI cache (one answer per log position, window, day and reader)`;
      const memoryLogNote = `${loadNote(planMemoryLog, sizes.durationSeconds).replace('every read access-logged to its own access-log file (durable append)', 'every read access-logged, but to a memory store (PLANLEDGER_ACCESS_LOG_STORE=memory:)')}; a diagnostic beside the row above, not a contender: the difference is what the durable access-log append costs a read`;
      const visibleNote = `${visible.length} recordNeed commands, one at a time; record API and query API in separate processes on one SQLite file (the query API follows by polling every 25 ms); GraphQL polled back to back until the plan's revision reached the 201's${timedOut ? `; ${timedOut} not visible within ${VISIBILITY_TIMEOUT_MS} ms` : ''}`;
      return [
        measured({ ...shapes.planP50, value: plan.p50Ms, note: loadNote(plan, sizes.durationSeconds) }),
        measured({ ...shapes.planP99, value: plan.p99Ms, note: loadNote(plan, sizes.durationSeconds) }),
        measured({ ...shapes.planRps, value: plan.requestsPerSecond, note: loadNote(plan, sizes.durationSeconds) }),
        ...answeredOrFailed(kpis, kpiNote, [
          { ...shapes.kpiP50, value: kpis.p50Ms },
          { ...shapes.kpiP99, value: kpis.p99Ms },
          { ...shapes.kpiRps, value: kpis.requestsPerSecond },
        ]),
        ...answeredOrFailed(kpisRepeated, kpiRepeatedNote, [
          { ...shapes.kpiRepeatedP99, value: kpisRepeated.p99Ms },
          { ...shapes.kpiRepeatedRps, value: kpisRepeated.requestsPerSecond },
        ]),
        ...answeredOrFailed(planMemoryLog, memoryLogNote, [
          { ...shapes.memoryLogP50, value: planMemoryLog.p50Ms },
          { ...shapes.memoryLogP99, value: planMemoryLog.p99Ms },
          { ...shapes.memoryLogRps, value: planMemoryLog.requestsPerSecond },
        ]),
        measured({ ...shapes.visibleP50, value: p(visible, 50), note: visibleNote }),
        measured({ ...shapes.visibleP99, value: timedOut ? VISIBILITY_TIMEOUT_MS : p(visible, 99), note: visibleNote }),
      ];
    } catch (error) {
      const cause = (error as Error).cause;
      const reason = [(error as Error).message, cause instanceof Error ? cause.message : '', ...services.map((s) => s.describe())].filter(Boolean).join('; ');
      progress(`  failed: ${reason}`);
      return Object.values(shapes).map((s) => notMeasured('failed', s, reason));
    } finally {
      for (const service of services) await service.stop();
    }
  });
}
