import { chmodSync, copyFileSync } from 'node:fs';
import { getLocalIdentity } from '@planledger/identity';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import type { RecordCache } from '../record/record-cache';
import { callers, organisations } from '../record/partnership-callers';
import { withTempFolder } from '../temp-files';
import { nowMs, percentile } from '../timing';
import { freePort } from './free-port';
import { answered, planQuery, readModelsQuery } from './graphql-queries';
import { startService, type ServiceProcess } from './service-process';

export interface NeighbourSizes {
  children: number;
  baseChildren: number;
  /** Each phase (quiet, then under attack) lasts this long. */
  phaseSeconds: number;
  /** The neighbours' combined pace: one request every this many ms, one at a time. */
  neighbourEveryMs: number;
  /** Requests the attacker keeps in flight. */
  attackerConnections: number;
}

const QUERY_API = 'services/query-api/src/main.ts';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The heaviest KPI request the cost rule lets through: as many distinct windows as its weight allows,
 * each replayed `asOf` its own instant (a replay folds the whole log, where a live window reads the
 * read models), so no window is answered from the cache, and records listed up to the response's
 * budget.
 */
export function heaviestKpiQuery(windows: number, salt: number): string {
  const fields = Array.from({ length: windows }, (_, w) => {
    const n = salt * windows + w;
    const from = new Date(Date.UTC(2025, 0, (n % 360) + 1)).toISOString().slice(0, 10);
    const asOf = new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString();
    // The first window also lists the records behind its two largest figures (about 17,000 here, under
    // the 25,000 records one response may carry).
    const records = w === 0 ? ' records { streamId childId itemId group met dueOn doneOn }' : '';
    return `w${w}: kpis(from: "${from}", to: "2026-12-31", asOf: "${asOf}") { adviceWithinSixWeeks { numerator denominator rate${records} } annualReviewDecisionWithinFourWeeks { numerator denominator rate${records} } shortBreaksByRoute { key figure { numerator denominator rate } } auditsGoodOrOutstanding { numerator denominator rate } }`;
  });
  return `{ ${fields.join(' ')} }`;
}

/**
 * A neighbour's plan query (p50/p99) with the query API quiet, then while one auditor sends the
 * heaviest KPI queries the limits allow from 8 connections, in one run on one process. The service
 * runs with its default limits (NODE_ENV=production): the attacker meets the per-caller rate limit,
 * the cost rule and the KPI turns exactly as a real caller would. The neighbours are ten social
 * workers, so none of them reaches the per-caller read budget.
 */
export async function neighbourBenchmark(sizes: NeighbourSizes, records: RecordCache): Promise<Measure[]> {
  const shape = (id: string, title: string, unit: string) => ({ id, title, contender: 'planledger query API', unit });
  const shapes = {
    quietP50: shape('graphql.neighbour.quiet.p50', "Neighbour's plan query, quiet service: p50", 'ms'),
    quietP99: shape('graphql.neighbour.quiet.p99', "Neighbour's plan query, quiet service: p99", 'ms'),
    attackP50: shape('graphql.neighbour.attack.p50', "Neighbour's plan query while one caller sends the heaviest KPI queries allowed: p50", 'ms'),
    attackP99: { ...shape('graphql.neighbour.attack.p99', "Neighbour's plan query while one caller sends the heaviest KPI queries allowed: p99", 'ms') },
    ratio: { ...shape('graphql.neighbour.p99-ratio', "Neighbour's p99 under attack / quiet p99", 'x'), target: { text: '<= 5x', on: 'value' as const, atMost: 5 } },
  };
  return withTempFolder('neighbour', async (file) => {
    const services: ServiceProcess[] = [];
    try {
      const dataDir = file('data');
      const identity = await getLocalIdentity({ dataDir });
      const storeFile = file('data/planledger.db');
      const generated = await records.get(sizes.children, sizes.baseChildren);
      copyFileSync(generated.file, storeFile);
      chmodSync(storeFile, 0o600);
      const plans = generated.children.map((c) => `family-help-plan-${c.planId}`);
      const neighbours: Array<Record<string, string>> = [];
      for (let n = 0; n < 10; n++) {
        const token = await identity.mintToken({ ...callers.socialWorker(n), organisationId: organisations.socialCare, expiresIn: '2h' });
        neighbours.push({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
      }
      const attackerToken = await identity.mintToken({ ...callers.auditor(0), expiresIn: '2h' });
      const attacker = { authorization: `Bearer ${attackerToken}`, 'content-type': 'application/json' };

      progress('neighbour: starting the query API with its default limits and waiting for its read models ...');
      const query = await startService(QUERY_API, { port: await freePort(), readyPath: '/health/live', startTimeoutMs: 300_000, env: { PLANLEDGER_DATA_DIR: dataDir, PLANLEDGER_STORE: `sqlite:${storeFile}`, NODE_ENV: 'production' } });
      services.push(query);
      const post = (headers: Record<string, string>, body: string) => fetch(`${query.url}/graphql`, { method: 'POST', headers, body });
      for (let tries = 0; ; tries++) {
        const body = await (await post(neighbours[0]!, JSON.stringify({ query: readModelsQuery }))).text();
        if (body.includes('"ready":true')) break;
        if (tries > 6000) throw new Error('the query API did not catch up within 10 minutes');
        await sleep(100);
      }

      // The most windows one query may hold: add windows until the cost rule refuses.
      let windows = 1;
      for (; windows < 16; windows++) {
        const answer = await (await post(attacker, JSON.stringify({ query: heaviestKpiQuery(windows + 1, 0) }))).text();
        if (!answered(answer)) break;
      }
      progress(`  the cost rule allows ${windows} KPI windows in one query`);

      let n = 0;
      const neighbourPhase = async (seconds: number) => {
        const latencies: number[] = [];
        let failures = 0;
        const end = nowMs() + seconds * 1000;
        while (nowMs() < end) {
          const started = nowMs();
          const k = n++;
          const response = await post(neighbours[k % neighbours.length]!, JSON.stringify({ query: planQuery, variables: { id: plans[(k * 7919) % plans.length] } }));
          const body = await response.text();
          latencies.push(nowMs() - started);
          if (!response.ok || !answered(body)) failures++;
          const left = sizes.neighbourEveryMs - (nowMs() - started);
          if (left > 0) await sleep(left);
        }
        return { latencies, failures };
      };

      progress(`neighbour: quiet phase, ${sizes.phaseSeconds} s`);
      await neighbourPhase(2);
      const quiet = await neighbourPhase(sizes.phaseSeconds);

      progress(`neighbour: attack phase, ${sizes.phaseSeconds} s, attacker at ${sizes.attackerConnections} connections`);
      // The attacker's requests still in flight when the phase ends are abandoned (a replayed window
      // takes seconds under load, and waiting for them measures nothing).
      const stopAttack = new AbortController();
      const attackStats = { answered: 0, limited: 0, other: 0, abandoned: 0 };
      let salt = 1;
      const attackOnce = async () => {
        const response = await fetch(`${query.url}/graphql`, { method: 'POST', headers: attacker, body: JSON.stringify({ query: heaviestKpiQuery(windows, salt++) }), signal: stopAttack.signal });
        const body = await response.text();
        if (response.status === 429) {
          attackStats.limited++;
          // A real attacker would not wait; a tight loop of 429s only measures the limiter, so pace it a little.
          await sleep(5);
        } else if (answered(body)) attackStats.answered++;
        else attackStats.other++;
      };
      const attackerLoop = async () => {
        while (!stopAttack.signal.aborted) {
          await attackOnce().catch(() => {
            if (stopAttack.signal.aborted) attackStats.abandoned++;
            else attackStats.other++;
          });
        }
      };
      const attackers = Array.from({ length: sizes.attackerConnections }, attackerLoop);
      await sleep(1000);
      const attack = await neighbourPhase(sizes.phaseSeconds);
      stopAttack.abort();
      await Promise.all(attackers);

      const p = (sample: number[], q: number) => Math.round(percentile(sample, q) * 10) / 10;
      const ratio = Math.round((p(attack.latencies, 99) / p(quiet.latencies, 99)) * 10) / 10;
      progress(`  quiet p50 ${p(quiet.latencies, 50)} ms p99 ${p(quiet.latencies, 99)} ms; under attack p50 ${p(attack.latencies, 50)} ms p99 ${p(attack.latencies, 99)} ms (${ratio}x)`);
      progress(`  attacker: ${attackStats.answered} heavy queries answered, ${attackStats.limited} refused 429, ${attackStats.other} other, ${attackStats.abandoned} abandoned at the end`);
      const note = `${generated.description}; query API with default limits (NODE_ENV=production) in its own process; neighbours: 10 social workers, one plan query every ${sizes.neighbourEveryMs} ms, one at a time, ${formatNumber(quiet.latencies.length)} quiet and ${formatNumber(attack.latencies.length)} attacked samples, ${quiet.failures + attack.failures} failed; attacker: one auditor, ${sizes.attackerConnections} connections of ${windows}-window KPI queries, each window replayed asOf its own instant, ${attackStats.answered} answered, ${attackStats.limited} refused 429, ${attackStats.other} other, ${attackStats.abandoned} abandoned at the end`;
      return [
        measured({ ...shapes.quietP50, value: p(quiet.latencies, 50), note }),
        measured({ ...shapes.quietP99, value: p(quiet.latencies, 99), note }),
        measured({ ...shapes.attackP50, value: p(attack.latencies, 50), note }),
        measured({ ...shapes.attackP99, value: p(attack.latencies, 99), note }),
        measured({ ...shapes.ratio, value: ratio, note }),
      ];
    } catch (error) {
      const reason = [(error as Error).message, ...services.map((s) => s.describe())].filter(Boolean).join('; ');
      progress(`  failed: ${reason}`);
      return Object.values(shapes).map((s) => notMeasured('failed', s, reason));
    } finally {
      for (const service of services) await service.stop();
    }
  });
}
