import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from './node-flags';

const root = join(import.meta.dirname, '..', '..');

describe('the Node flags every service starts with', () => {
  it('are flags this Node accepts (a mistyped V8 flag stops node with "bad option")', () => {
    const run = spawnSync(process.execPath, [...SERVICE_NODE_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('are the image’s too: every service command in infra/Dockerfile starts node with them', () => {
    const commands = readFileSync(join(root, 'infra/Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('CMD '))
      .map((line) => JSON.parse(line.slice(4)) as string[]);
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) {
      expect(command[0]).toBe('node');
      expect(command.slice(1, 1 + SERVICE_NODE_FLAGS.length)).toEqual(SERVICE_NODE_FLAGS);
    }
  });
});
