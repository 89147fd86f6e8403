import type { AddressInfo } from 'node:net';
import { commandCatalogue } from '@planledger/domain';
import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { shutDownRecordApi } from './shut-down';
import { registration, useCatalogue } from './testing/command-examples';
import { callerOf, createRecordApiHarness, registerTestOrganisations } from './testing/record-api-harness';

useCatalogue(commandCatalogue);

/** A memory store whose appends wait until released, recording what happened in which order. */
function storeWithHeldAppends() {
  const inner = getMemoryEventStore();
  const happened: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let appendStarted!: () => void;
  const started = new Promise<void>((resolve) => (appendStarted = resolve));
  const store: EventStore = {
    ...inner,
    async append(streamId, events, expected) {
      happened.push('append started');
      appendStarted();
      await released;
      const result = await inner.append(streamId, events, expected);
      happened.push('append committed');
      return result;
    },
    async close() {
      happened.push('store closed');
      await inner.close();
    },
  };
  return { store, inner, happened, release, started };
}

describe('graceful shutdown', () => {
  it('lets an append under way finish and answer before the store closes', async () => {
    const held = storeWithHeldAppends();
    // The register is written before appends are held.
    await registerTestOrganisations(held.inner);
    const harness = await createRecordApiHarness({ store: held.store, registerOrganisations: false });
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.server.address() as AddressInfo;
    const token = await harness.tokenFor(callerOf('social_worker'));

    const answer = fetch(`http://127.0.0.1:${port}/v1/children`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // Without an NHS number: one with it appends its claim first, and this test holds one append.
      body: JSON.stringify({ ...registration, nhsNumber: undefined }),
    });
    await held.started;
    const stopped = shutDownRecordApi(harness.app, held.store);
    // While it drains, new requests are turned away (as soon as the drain has begun) and the held
    // append is still waiting.
    await expect
      .poll(
        () =>
          fetch(`http://127.0.0.1:${port}/health/live`).then(
            (r) => r.status,
            () => 'refused',
          ),
        { timeout: 5_000, interval: 5 },
      )
      .toBeOneOf([503, 'refused']);
    expect(held.happened).toEqual(['append started']);

    held.release();
    const response = await answer;
    await stopped;

    expect(response.status).toBe(201);
    const { streamId } = (await response.json()) as { streamId: string };
    expect(held.happened).toEqual(['append started', 'append committed', 'store closed']);
    // The memory store keeps its log after close for exactly this kind of check.
    expect(await held.inner.streamRevision(streamId)).toBe(0);
    await harness.close();
  });
});
