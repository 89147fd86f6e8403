import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options';
import { checkTarget, measured, notMeasured } from './measure';
import { compareResults, readResults, writeResults, type BenchResults } from './results-file';
import { median, percentile } from './timing';

const machine = { cores: 2, cpuModel: 'test cpu', memoryGiB: 8, freeMemoryGiB: 4, node: 'v20.0.0', os: 'linux' };

const results = (measures: BenchResults['measures']): BenchResults => ({
  format: 1,
  mode: 'quick',
  startedAt: '2026-03-02T10:00:00.000Z',
  durationSeconds: 61,
  commit: 'abc1234',
  uncommitted: [],
  machine,
  measures,
});

const appendMeasure = measured({
  id: 'store.append.single.planledger',
  title: 'Append, 1 event',
  contender: 'planledger',
  value: 4000,
  unit: 'events/s',
  baseline: { contender: 'bare better-sqlite3', value: 5000 },
  target: { text: '>= 0.8x bare insert', on: 'ratio', atLeast: 0.8 },
});
const p99Measure = measured({ id: 'graphql.plan.p99', title: 'Plan p99', contender: 'query API', value: 12, unit: 'ms', target: { text: '< 10 ms', on: 'value', below: 10 } });
const peerMeasure = notMeasured('unavailable', { id: 'store.append.single.emmett', title: 'Append, 1 event', contender: 'emmett-sqlite', unit: 'events/s' }, 'sqlite3 did not build');

describe('targets', () => {
  it('judges a ratio target on the ratio and a value target on the value', () => {
    expect(appendMeasure.ratio?.value).toBeCloseTo(0.8);
    expect(appendMeasure.target?.pass).toBe(true);
    expect(p99Measure.target?.pass).toBe(false);
    expect(checkTarget({ text: '', on: 'ratio', atLeast: 0.8 }, 100, undefined)).toBeNull();
    expect(checkTarget({ text: '', on: 'value', atMost: 5 }, 4.99, undefined)).toBe(true);
  });

  it('misses a "< 20 ms" target at exactly 20 ms, and meets "<= 5x" at exactly 5', () => {
    expect(checkTarget({ text: '< 20 ms', on: 'value', below: 20 }, 20, undefined)).toBe(false);
    expect(checkTarget({ text: '< 20 ms', on: 'value', below: 20 }, 19.9, undefined)).toBe(true);
    expect(checkTarget({ text: '<= 5x', on: 'value', atMost: 5 }, 5, undefined)).toBe(true);
  });

  it('keeps a per-round ratio when one is given', () => {
    const m = measured({ id: 'x', title: 'x', contender: 'a', value: 10, unit: 'events/s', baseline: { contender: 'b', value: 100, ratio: 0.5 } });
    expect(m.ratio).toEqual({ to: 'b', value: 0.5 });
  });
});

describe('results files', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes latest.json, latest.md and a timestamped copy with every measure, target and verdict', () => {
    folder = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const written = writeResults(folder, results([appendMeasure, p99Measure, peerMeasure]));
    const markdown = readFileSync(join(folder, 'latest.md'), 'utf8');
    expect(markdown).toContain('2 cores (test cpu), 8 GiB memory, Node v20.0.0');
    expect(markdown).toContain('| Append, 1 event | planledger | 4,000 events/s | 0.80x bare | >= 0.8x bare insert | pass |');
    expect(markdown).toContain('| Plan p99 | query API | 12.0 ms |  | < 10 ms | **miss** |');
    expect(markdown).toContain('- emmett-sqlite, Append, 1 event: sqlite3 did not build');
    expect(readResults(written.json).measures.map((m) => m.id)).toEqual([appendMeasure.id, p99Measure.id, peerMeasure.id]);
    expect(readdirSync(join(folder, 'runs')).sort()).toEqual(['2026-03-02T10-00-00-quick.json', '2026-03-02T10-00-00-quick.md']);
  });

  it('compares a run with an earlier one measure by measure', () => {
    const before = results([appendMeasure, p99Measure]);
    const after = results([{ ...appendMeasure, value: 5000 }, { ...p99Measure, value: 6 }, peerMeasure]);
    expect(compareResults(before, after)).toEqual([
      'Compared with quick run of 2026-03-02T10:00:00.000Z (commit abc1234):',
      '  store.append.single.planledger: 4,000 events/s -> 5,000 events/s (+25.0%)',
      '  graphql.plan.p99: 12.0 ms -> 6.00 ms (-50.0%)',
      '  store.append.single.emmett: — (no earlier value)',
    ]);
  });

  it('refuses a file that is not a results file', () => {
    folder = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const file = join(folder, 'other.json');
    writeFileSync(file, JSON.stringify({ format: 2, measures: [] }));
    expect(() => readResults(file)).toThrow(/not a bench results file/);
  });
});

describe('options and statistics', () => {
  it('parses --quick, --compare and --only, and refuses unknown groups', () => {
    expect(parseCliOptions(['--quick', '--compare', 'a.json', '--only', 'store-append,replay'])).toEqual({ quick: true, compare: 'a.json', groups: ['store-append', 'replay'], cpuProf: null, scaleEvents: 10_000_000 });
    expect(parseCliOptions(['--scale'])).toMatchObject({ groups: ['scale'], scaleEvents: 10_000_000 });
    expect(parseCliOptions(['--scale-events', '1_000_000'])).toMatchObject({ groups: ['scale'], scaleEvents: 1_000_000 });
    expect(() => parseCliOptions(['--scale-events', 'many'])).toThrow(/--scale-events/);
    expect(() => parseCliOptions(['--only', 'nonsense'])).toThrow(/--only/);
    expect(() => parseCliOptions(['--compare'])).toThrow(/--compare/);
  });

  it('takes nearest-rank percentiles and true medians', () => {
    const sample = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(sample, 50)).toBe(50);
    expect(percentile(sample, 99)).toBe(99);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });
});
