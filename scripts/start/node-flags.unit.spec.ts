import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS, serviceNodeFlags } from './node-flags';

const root = join(import.meta.dirname, '..', '..');

/** Allocates short-lived objects until the young generation has grown as far as it will, then prints its size in MiB. */
const YOUNG_GENERATION = `
let keep = [];
for (let i = 0; i < 3e6; i++) { keep.push({ a: i, b: 'x' + i }); if (keep.length > 2e5) keep = []; }
const space = require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
process.stdout.write(String(space.space_size / 1048576));
`;

describe('the Node flags every service starts with', () => {
  it('give this Node a young generation of at least two 32 MiB semi-spaces, and are flags it accepts', () => {
    const run = spawnSync(process.execPath, [...SERVICE_NODE_FLAGS, '-e', YOUNG_GENERATION], { encoding: 'utf8' });
    // A mistyped V8 flag stops node with "bad option".
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Number(run.stdout)).toBeGreaterThanOrEqual(64);
  });

  it('raise the young generation on Node 20 and 22 only: Node 24 already grows it further', () => {
    expect(serviceNodeFlags(20)).toEqual(['--max-semi-space-size=32']);
    expect(serviceNodeFlags(22)).toEqual(['--max-semi-space-size=32']);
    expect(serviceNodeFlags(24)).toEqual([]);
  });

  it('are the image’s too: every service command in infra/Dockerfile starts node with the flags for its Node', () => {
    const dockerfile = readFileSync(join(root, 'infra/Dockerfile'), 'utf8');
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(new Set(majors).size).toBe(1);
    const flags = serviceNodeFlags(majors[0]);
    const commands = dockerfile
      .split('\n')
      .filter((line) => line.startsWith('CMD '))
      .map((line) => JSON.parse(line.slice(4)) as string[]);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) {
      expect(command[0]).toBe('node');
      expect(command.slice(1, 1 + flags.length + 2)).toEqual([...flags, '--import', 'tsx']);
    }
  });
});
