import { getSQLiteEventStore } from '@planledger/event-store';
import { evolveChildView, evolveFamilyHelpPlanView, familyHelpPlanCompleteness, teamOf, viewAsOf } from '@planledger/projections';
import { measured, notMeasured, type Measure } from '../measure';
import { formatNumber, progress } from '../progress';
import { withTempFolder } from '../temp-files';
import { nowMs, percentile } from '../timing';
import { hourlyClock, writeLongPlan } from './long-plan';

export interface ReplaySizes {
  planEvents: number;
  replays: number;
}

const TITLE = 'Replay a plan asOf a time in its middle, with completeness';

/**
 * What `familyHelpPlan(id, asOf)` does, without HTTP: the plan's stream and the child's stream read
 * from SQLite and folded to the asOf instant, then the completeness rules judged at it.
 */
export async function replayBenchmark(sizes: ReplaySizes): Promise<Measure[]> {
  const shape = (key: string, stat: string) => ({
    id: `replay.as-of.${key}`,
    title: `${TITLE} (${formatNumber(sizes.planEvents)} events): ${stat}`,
    contender: 'planledger',
    unit: 'ms',
    target: { text: '< 5 ms', on: 'value' as const, atMost: 5 },
  });
  return withTempFolder('replay', async (file) => {
    const store = getSQLiteEventStore({ path: file('plan.db'), now: hourlyClock(sizes.planEvents + 10) });
    try {
      progress(`replay: writing a ${formatNumber(sizes.planEvents)}-event plan through executeCommand ...`);
      const { planStreamId, childId } = await writeLongPlan(store, sizes.planEvents);
      const events = await store.readStream(planStreamId);
      const middle = new Date(events[Math.floor(events.length / 2)]!.recordedAt);
      const replay = async () => {
        const view = await viewAsOf(store, planStreamId, middle, evolveFamilyHelpPlanView);
        const child = await viewAsOf(store, `child-${childId}`, middle, evolveChildView);
        if (!view || !child) throw new Error('the plan or its child was not there at asOf');
        return familyHelpPlanCompleteness(view, middle, teamOf(child).map((m) => m.agency));
      };
      for (let i = 0; i < 20; i++) await replay();
      const times: number[] = [];
      for (let i = 0; i < sizes.replays; i++) {
        const start = nowMs();
        await replay();
        times.push(nowMs() - start);
      }
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      progress(`  p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms over ${sizes.replays} replays`);
      const note = `${sizes.replays} replays after 20 warm-up, SQLite store, in the bench process; asOf = recordedAt of event ${Math.floor(events.length / 2)} of ${events.length}`;
      return [measured({ ...shape('p50', 'p50'), value: p50, note }), measured({ ...shape('p99', 'p99'), value: p99, note })];
    } catch (error) {
      const reason = (error as Error).message;
      return [notMeasured('failed', shape('p50', 'p50'), reason), notMeasured('failed', shape('p99', 'p99'), reason)];
    } finally {
      await store.close();
    }
  });
}
