import { getSQLiteEventStore } from '@planledger/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainErrorCodes } from '../application/contract';
import { executeCommand } from '../application/execute-command';
import { siblingRegistration } from '../testing/fixtures';
import { buildScenario, now, people } from '../testing/scenario';

const key = Buffer.alloc(32, 42);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('NHS number claims on the SQLite store', () => {
  it('give exactly one of two registrations racing through two stores on one file (two writers, no shared memory) the number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-nhs-claims-'));
    dirs.push(dir);
    const path = join(dir, 'store.db');
    const first = getSQLiteEventStore({ path, now });
    await buildScenario(first);
    const second = getSQLiteEventStore({ path, now });
    try {
      for (let round = 0; round < 5; round++) {
        const nhsNumber = ['9434765021', '9434765048', '9434765056', '9434765064', '9434765072'][round]!;
        const racing = await Promise.allSettled(
          [first, second].map((store, i) => executeCommand(store, { command: 'registerChild', params: {}, body: { ...siblingRegistration, givenName: `Twin ${i}`, nhsNumber }, caller: people.socialWorker }, { now, nhsNumberKey: key })),
        );
        expect(racing.filter((r) => r.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
        expect((racing.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED });
      }
      const registered = (await first.readAll()).filter((e) => e.type === 'ChildRegistered').map((e) => (e.data as { nhsNumber?: string }).nhsNumber);
      expect(new Set(registered).size).toBe(registered.length);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
