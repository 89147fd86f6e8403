import { getLocalIdentity } from '@planledger/identity';
import { foldEvents, recordReadModels, startProjectionRunner } from '@planledger/projections';
import { describe, expect, it } from 'vitest';
import { buildQueryApi } from './build-query-api';
import { createQueryApiLogger } from './logger';
import { models, readWholeLog, useRecordFiles, writeCases } from './testing/record-files';

const files = useRecordFiles('planledger-restart-');

describe('restarting the query service', () => {
  it('stopped while events are still arriving, then restarted on the same store, ends identical to a full rebuild', async () => {
    const { dir, path, writer } = files.freshRecord();
    const identity = await getLocalIdentity({ dataDir: dir });
    const logger = createQueryApiLogger(undefined, 'silent');

    const first = buildQueryApi({ store: writer, identity, logger, development: false });
    await writeCases(writer, 10);
    const caughtUpTo = await writer.headPosition();
    expect(await first.runner.waitFor(caughtUpTo, 10_000)).toBe(true);
    // Stop the first service once it has begun applying the next events, while the rest still arrive.
    const writing = writeCases(writer, 30);
    expect(await first.runner.waitFor(caughtUpTo + 1, 10_000)).toBe(true);
    await first.close();
    const stoppedAt = first.runner.position;
    await writing;
    const head = await writer.headPosition();
    expect(stoppedAt).toBeLessThan(head);

    const log = await readWholeLog(writer);
    const rebuilt = models.map((model) => foldEvents(model, log));

    // A restarted service (its own connection to the same database file) rebuilds from the log.
    const reader = files.open(path);
    const second = buildQueryApi({ store: reader, identity, logger, development: false });
    await second.ready(10_000);
    expect(await second.runner.waitFor(head, 10_000)).toBe(true);
    expect(models.map((model) => second.runner.state(model))).toEqual(rebuilt);
    await second.close();

    // Resuming from the stopped service's checkpoint and state ends in the same place: no gap, no double count.
    const resumed = startProjectionRunner({
      store: reader,
      readModels: recordReadModels,
      after: stoppedAt,
      initialStates: new Map(models.map((model) => [model.name, first.runner.state(model)])),
    });
    await resumed.whenReady(10_000);
    expect(resumed.position).toBe(head);
    expect(models.map((model) => resumed.state(model))).toEqual(rebuilt);
    await resumed.stop();
  }, 60_000);
});
