import { canRead } from '@planledger/domain';
import { getSQLiteEventStore } from '@planledger/event-store';
import { audits, childRegister, computeKpis, ehcAssessments, foldEvents, kpisAt, shortBreaks, teamOf } from '@planledger/projections';
import { existsSync } from 'node:fs';
import { buildRecordFile } from '../record/record-file';
import { callers } from '../record/partnership-callers';

const file = '/tmp/i11/record-4200.db';
async function main() {
  if (!existsSync(file)) await buildRecordFile(file, { baseChildren: 100, children: 4200 });
  const store = getSQLiteEventStore({ path: file });
  let t = performance.now();
  const log = await store.readAll({ maxCount: 1e9 });
  console.log(`readAll ${log.length} events ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const reg = foldEvents(childRegister, log);
  const ehc = foldEvents(ehcAssessments, log);
  const sb = foldEvents(shortBreaks, log);
  const au = foldEvents(audits, log);
  console.log(`fold ${(performance.now() - t).toFixed(0)} ms; ehc ${ehc.size} sb ${sb.size} audits ${au.size}`);
  let threads = 0; for (const v of ehc.values()) threads += v.advice.size;
  console.log(`advice threads ${threads}`);
  const auditor = callers.auditor(0);
  for (let i = 0; i < 6; i++) {
    const seen = new Map<string, boolean>();
    const include = (id: string) => { let ok = seen.get(id); if (ok === undefined) { ok = canRead(auditor, { childId: id, members: teamOf(reg.children.get(id)!) } as never); seen.set(id, ok); } return ok; };
    t = performance.now();
    const k = computeKpis({ ehcAssessments: ehc.values(), shortBreaks: sb.values(), audits: au.values() }, { from: `2025-01-0${i + 1}`, to: '2026-12-31', now: new Date(), includeChild: include });
    console.log(`computeKpis ${(performance.now() - t).toFixed(1)} ms advice ${k.adviceWithinSixWeeks.denominator}`);
  }
  if (process.argv.includes('--asof')) {
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const l = await store.readAll({ maxCount: 1e9 });
      const t1 = performance.now();
      const k = kpisAt(l, { asOf: new Date(Date.now() - 86400e3 * 30) }, { from: '2025-01-01', to: '2026-12-31', now: new Date() });
      console.log(`asOf: readAll ${(t1 - t).toFixed(0)} ms, kpisAt ${(performance.now() - t1).toFixed(0)} ms advice ${k.adviceWithinSixWeeks.denominator}`);
    }
  }
  await store.close();
}
if (process.argv.includes("--sliced")) void sliced(); else if (process.argv.includes("--sizes")) void sizes(); else if (process.argv.includes("--repeat")) void repeat(); else void main();
export async function sizes() {
  const store = getSQLiteEventStore({ path: file });
  const log = await store.readAll({ maxCount: 1e9 });
  const ehc = foldEvents(ehcAssessments, log);
  const sb = foldEvents(shortBreaks, log);
  const au = foldEvents(audits, log);
  const k = computeKpis({ ehcAssessments: ehc.values(), shortBreaks: sb.values(), audits: au.values() }, { from: '2025-01-01', to: '2026-12-31', now: new Date() });
  for (const [name, v] of Object.entries(k)) console.log(name, Array.isArray(v) ? v.map((g: any) => g.figure?.records.length ?? 1).join(',') : (v as any).records.length);
  let kinds = new Map<string, number>(); for (const v of ehc.values()) kinds.set(`${v.started?.data.kind}:${!!v.meeting}`, (kinds.get(`${v.started?.data.kind}:${!!v.meeting}`) ?? 0) + 1);
  console.log(kinds);
}
export async function repeat() {
  const store = getSQLiteEventStore({ path: file });
  const log = await store.readAll({ maxCount: 1e9 });
  const ehc = foldEvents(ehcAssessments, log);
  const sb = foldEvents(shortBreaks, log);
  const au = foldEvents(audits, log);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    computeKpis({ ehcAssessments: ehc.values(), shortBreaks: sb.values(), audits: au.values() }, { from: `2025-01-${String(i % 28 + 1).padStart(2, '0')}`, to: '2026-12-31', now: new Date() });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log('min', times[0]!.toFixed(1), 'median', times[15]!.toFixed(1), 'max', times[29]!.toFixed(1));
  const t = performance.now(); let s = 0; for (let i = 0; i < 1e7; i++) s += i % 7; console.log('1e7 loop', (performance.now() - t).toFixed(1), s > 0);
}
export async function sliced() {
  const { computeKpisInSlices, kpisAtInSlices } = await import('@planledger/projections');
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const store = getSQLiteEventStore({ path: file });
  const log = await store.readAll({ maxCount: 1e9 });
  const ehc = [...foldEvents(ehcAssessments, log).values()];
  const sb = [...foldEvents(shortBreaks, log).values()];
  const au = [...foldEvents(audits, log).values()];
  for (let i = 0; i < 5; i++) {
    const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
    let slices = 0; const t = performance.now();
    const k = await computeKpisInSlices({ ehcAssessments: ehc, shortBreaks: sb, audits: au }, { from: `2025-01-0${i + 1}`, to: '2026-12-31', now: new Date() }, { onSlice: () => slices++ });
    h.disable();
    console.log(`live sliced ${(performance.now() - t).toFixed(1)} ms, ${slices} slices, loop delay max ${(h.max / 1e6).toFixed(1)} ms p99 ${(h.percentile(99) / 1e6).toFixed(1)}; advice ${k.adviceWithinSixWeeks.denominator}`);
  }
  for (let i = 0; i < 3; i++) {
    const h = monitorEventLoopDelay({ resolution: 1 }); h.enable();
    let slices = 0; const t = performance.now();
    const at = { asOf: new Date(Date.now() + 86400e3) };
    const k = await kpisAtInSlices(store, at, { from: '2025-01-01', to: '2026-12-31', now: new Date() }, { onSlice: () => slices++ });
    h.disable();
    const direct = kpisAt(log, at, { from: '2025-01-01', to: '2026-12-31', now: new Date(k.adviceWithinSixWeeks.records.length ? Date.now() : Date.now()) });
    console.log(`asOf sliced ${(performance.now() - t).toFixed(0)} ms, ${slices} slices, loop delay max ${(h.max / 1e6).toFixed(1)} ms p99 ${(h.percentile(99) / 1e6).toFixed(1)}; advice ${k.adviceWithinSixWeeks.denominator} direct ${direct.adviceWithinSixWeeks.denominator} same ${JSON.stringify(direct) === JSON.stringify(k)}`);
  }
}
