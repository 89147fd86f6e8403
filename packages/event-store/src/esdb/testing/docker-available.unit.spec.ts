import { describe, expect, it } from 'vitest';
import { detectContainerRuntime } from './docker-available';

describe('container runtime detection', () => {
  it('reports the runtime a probe reaches', async () => {
    expect(await detectContainerRuntime({ probe: async () => 'unix:///var/run/docker.sock (28)' })).toEqual({
      available: true,
      runtime: 'unix:///var/run/docker.sock (28)',
    });
  });

  it('reports the probe error as the reason when no engine answers', async () => {
    const status = await detectContainerRuntime({
      probe: async () => {
        throw new Error('Could not find a working container runtime strategy');
      },
    });
    expect(status).toEqual({ available: false, reason: 'Could not find a working container runtime strategy' });
  });

  it('gives up on a probe that never answers', async () => {
    const status = await detectContainerRuntime({ timeoutMs: 20, probe: () => new Promise<string>(() => undefined) });
    expect(status).toEqual({ available: false, reason: 'no answer within 20 ms' });
  });
});
