import { Writable } from 'node:stream';
import { commandCatalogue } from '@planledger/domain';
import { hostileTokens } from '@planledger/identity/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordApiLogger } from './logger';
import { registration, useCatalogue } from './testing/command-examples';
import { createRecordApiHarness, type RecordApiHarness } from './testing/record-api-harness';

/** Every way a token can be wrong, through HTTP: 401 with its code, nothing written, the refusal logged. */
useCatalogue(commandCatalogue);
const lines: string[] = [];
let harness: RecordApiHarness;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  harness = await createRecordApiHarness({ logger: createRecordApiLogger(sink) });
});
afterAll(() => harness.close());

const cases = hostileTokens(() => harness.identity).map((t) => [t.name, t.make, t.code] as const);

describe('bearer tokens over HTTP', () => {
  it.each(cases)('refuses %s with 401, writes nothing and logs the refusal', async (_name, token, code) => {
    const value = await token();
    const before = await harness.store.headPosition();
    const logged = lines.length;
    const response = await harness.send('/v1/children', { body: registration, headers: value === undefined ? {} : { authorization: `Bearer ${value}` } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe(code);
    expect(await harness.store.headPosition()).toBe(before);
    const line = lines.slice(logged).map((l) => JSON.parse(l)).find((entry) => entry.msg === 'request completed');
    expect(line).toMatchObject({ status: 401, route: '/v1/children', refusal: { code } });
    if (value) expect(JSON.stringify(line)).not.toContain(value);
  });
});
