import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine';
import type { Measure } from './measure';
import { formatNumber } from './progress';

export interface BenchResults {
  format: 1;
  mode: 'quick' | 'full';
  startedAt: string;
  durationSeconds: number;
  commit: string;
  /** Files of the measured code (packages/, services/) that differed from the commit when the run started. */
  uncommitted: string[];
  machine: Machine;
  measures: Measure[];
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  const digits = unit === 'ms' && value < 10 ? 2 : unit === 'ms' ? 1 : 0;
  return `${formatNumber(value, digits)} ${unit}`;
}

const verdict = (m: Measure): string => {
  if (m.status !== 'measured') return m.status;
  if (!m.target) return '';
  if (m.target.pass === null) return 'n/a';
  return m.target.pass ? 'pass' : '**miss**';
};

/** The short table the README carries: one row per measure, target and verdict beside it. */
export function renderMarkdown(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `Run ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${results.mode} mode, commit ${results.commit}, ${Math.round(results.durationSeconds)} s.`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, ${machine.os}.`,
    ...(results.uncommitted.length > 0 ? [`Measured code differed from the commit in: ${results.uncommitted.join(', ')}.`] : []),
    '',
    '| measure | contender | value | ratio | target | result |',
    '| --- | --- | ---: | ---: | --- | --- |',
  ];
  for (const m of results.measures) {
    const ratio = m.ratio ? `${m.ratio.value.toFixed(2)}x ${m.ratio.to === 'bare better-sqlite3' ? 'bare' : m.ratio.to}` : '';
    const value = m.status === 'measured' ? formatValue(m.value, m.unit) : `— (${m.status})`;
    lines.push(`| ${m.title} | ${m.contender} | ${value} | ${ratio} | ${m.target?.text ?? ''} | ${verdict(m)} |`);
  }
  const notes = results.measures.filter((m) => m.status !== 'measured' && m.note);
  if (notes.length > 0) {
    lines.push('', ...notes.map((m) => `- ${m.contender}, ${m.title}: ${m.note}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes latest.json and latest.md, and a timestamped copy of each under runs/ for later comparison.
 * With `latest: false` (a quick or partial run, or the scale run) only the copy is written.
 */
export function writeResults(folder: string, results: BenchResults, { latest = true }: { latest?: boolean } = {}): { json: string; markdown: string; copy: string } {
  const runs = join(folder, 'runs');
  mkdirSync(runs, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const markdown = renderMarkdown(results);
  const stamp = `${results.startedAt.replace(/[:.]/g, '-').slice(0, 19)}-${results.mode}`;
  if (latest) {
    writeFileSync(join(folder, 'latest.json'), json);
    writeFileSync(join(folder, 'latest.md'), markdown);
  }
  const scale = results.measures.some((m) => m.id.startsWith('scale.')) ? '-scale' : '';
  writeFileSync(join(runs, `${stamp}${scale}.json`), json);
  writeFileSync(join(runs, `${stamp}${scale}.md`), markdown);
  return { json: join(folder, latest ? 'latest.json' : `runs/${stamp}${scale}.json`), markdown: join(folder, latest ? 'latest.md' : `runs/${stamp}${scale}.md`), copy: join(runs, `${stamp}${scale}.json`) };
}

export function readResults(file: string): BenchResults {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BenchResults>;
  if (parsed.format !== 1 || !Array.isArray(parsed.measures)) throw new Error(`${file} is not a bench results file`);
  return parsed as BenchResults;
}

/** Lines pairing each measure with the same id in an earlier run: both values and the change. */
export function compareResults(previous: BenchResults, current: BenchResults): string[] {
  const before = new Map(previous.measures.map((m) => [m.id, m]));
  const lines = [`Compared with ${previous.mode} run of ${previous.startedAt} (commit ${previous.commit}):`];
  for (const m of current.measures) {
    const old = before.get(m.id);
    if (!old || old.value === null || m.value === null) {
      lines.push(`  ${m.id}: ${formatValue(m.value, m.unit)} (no earlier value)`);
      continue;
    }
    const change = old.value === 0 ? 0 : ((m.value - old.value) / old.value) * 100;
    const sign = change >= 0 ? '+' : '';
    lines.push(`  ${m.id}: ${formatValue(old.value, old.unit)} -> ${formatValue(m.value, m.unit)} (${sign}${change.toFixed(1)}%)`);
  }
  return lines;
}
