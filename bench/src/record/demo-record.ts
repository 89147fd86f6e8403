import { chmodSync, copyFileSync } from 'node:fs';
import { generateDemoPartnership } from '@planledger/demo';
import { getSQLiteEventStore } from '@planledger/event-store';
import { tempFolder } from '../temp-files';
import { formatNumber, progress } from '../progress';
import { familyHelpPlansIn, type PlanRef } from './plan-refs';

export interface DemoRecordFile {
  file: string;
  plans: PlanRef[];
  events: number;
  description: string;
}

/**
 * The demo partnership of @planledger/demo (Leicester-sized by default: 4,200 children with EHC
 * plans and a tenth as many again without), every command through executeCommand, in a SQLite file.
 */
export async function buildDemoRecordFile(file: string, { size, seed }: { size: number; seed: string }): Promise<DemoRecordFile> {
  // Several groups measure over the same demo: write it once a run and give each group its own copy.
  const key = `${seed}:${size}`;
  let built = written.get(key);
  if (!built) {
    const folder = tempFolder('demo-record');
    process.once('exit', () => folder.remove());
    built = writeDemoRecordFile(folder.file('demo.db'), { size, seed });
    written.set(key, built);
    built.catch(() => written.delete(key));
  }
  const template = await built;
  copyFileSync(template.file, file);
  chmodSync(file, 0o600);
  return { ...template, file };
}

const written = new Map<string, Promise<DemoRecordFile>>();

async function writeDemoRecordFile(file: string, { size, seed }: { size: number; seed: string }): Promise<DemoRecordFile> {
  const store = getSQLiteEventStore({ path: file });
  try {
    let shown = 0;
    const demo = await generateDemoPartnership({
      store,
      size,
      seed,
      onProgress: ({ done, total }) => {
        if (done - shown >= 1000 || done === total) {
          shown = done;
          progress(`  demo partnership: ${formatNumber(done)}/${formatNumber(total)} children`);
        }
      },
    });
    const events = (await store.headPosition()) + 1;
    const plans = await familyHelpPlansIn(store);
    return {
      file,
      plans,
      events,
      description: `the demo partnership (seed ${seed}): ${formatNumber(demo.children)} children, ${formatNumber(demo.ehcAssessments)} with EHC plans, ${formatNumber(demo.familyHelpPlans)} Family Help plans, ${formatNumber(events)} events, all through executeCommand in ${(demo.elapsedMs / 1000).toFixed(0)} s`,
    };
  } finally {
    await store.close();
  }
}
