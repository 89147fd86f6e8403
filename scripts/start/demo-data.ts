import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoPartnership, progressLine, type JourneyResult } from '@planledger/demo';
import { loadNhsNumberKey, type EventStore } from '@planledger/event-store';

/**
 * `<dataDir>/demo.json` says whether the demo was loaded into this data folder. It is written as
 * "loading" before the first command and "loaded" after the last, so a start interrupted while
 * loading resumes the same load next time (every demo command is idempotent).
 */
export interface DemoMarker {
  status: 'loading' | 'loaded';
  seed: string;
  size: number;
  /** The demo's today, fixed when the load begins so a resumed load writes the same story. */
  today?: string;
  showcase?: JourneyResult;
  children?: number;
  commands?: number;
  seconds?: number;
}

const markerFile = (dataDir: string) => join(dataDir, 'demo.json');

export function readDemoMarker(dataDir: string): DemoMarker | null {
  const file = markerFile(dataDir);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as DemoMarker;
}

function writeDemoMarker(dataDir: string, marker: DemoMarker): void {
  const file = markerFile(dataDir);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export type DemoDecision = { load: true; seed: string; size: number; today?: string; resuming: boolean } | { load: false; reason: string };

export async function decideDemo(dataDir: string, store: EventStore, asked: { demo: boolean; seed: string; size: number }): Promise<DemoDecision> {
  const marker = readDemoMarker(dataDir);
  if (marker?.status === 'loaded') return { load: false, reason: `demo data already loaded (${marker.size} children with EHC plans, seed ${marker.seed})` };
  if (marker?.status === 'loading') return { load: true, seed: marker.seed, size: marker.size, ...(marker.today ? { today: marker.today } : {}), resuming: true };
  if (!asked.demo) return { load: false, reason: '--no-demo' };
  const head = await store.headPosition();
  if (head >= 0) return { load: false, reason: `the store already holds ${head + 1} events` };
  return { load: true, seed: asked.seed, size: asked.size, resuming: false };
}

export async function loadDemo(dataDir: string, store: EventStore, seed: string, size: number, today = new Date().toISOString().slice(0, 10)): Promise<DemoMarker> {
  writeDemoMarker(dataDir, { status: 'loading', seed, size, today });
  const demo = await generateDemoPartnership({ store, size, seed, today, onProgress: progressLine(process.stdout), nhsNumberKey: loadNhsNumberKey({ dataDir, create: true })! });
  const marker: DemoMarker = { status: 'loaded', seed, size, today, showcase: demo.showcase, children: demo.children, commands: demo.commands, seconds: Math.round(demo.elapsedMs / 100) / 10 };
  writeDemoMarker(dataDir, marker);
  return marker;
}
