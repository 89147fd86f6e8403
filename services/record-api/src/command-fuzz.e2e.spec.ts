import { commandCatalogue } from '@planledger/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, commandExamples, pathOf, useCatalogue, type Prerequisite, type World } from './testing/command-examples';
import { callerOf, createRecordApiHarness, type RecordApiHarness } from './testing/record-api-harness';

/**
 * Property: whatever body arrives at a command route, the answer is a coded 4xx (or a 201 when the
 * mutation happens to stay valid), never a 5xx or a stack trace, and a refusal writes nothing.
 */
useCatalogue(commandCatalogue);
let harness: RecordApiHarness;
let world: World;
beforeAll(async () => {
  harness = await createRecordApiHarness();
  world = await buildWorld(harness, [...new Set(Object.values(commandExamples).flatMap((example) => example.needs))] as Prerequisite[]);
});
afterAll(() => harness.close());

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.string({ maxLength: 5000 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('', '\u0000', '\uD800', '9999-99-99', '1900-01-01', '2999-12-31T00:00:00Z', '0b7e7a52-4d8c-4a8e-9f43-000000000000', '__proto__'),
  fc.integer(),
  fc.double(),
  fc.array(fc.string(), { maxLength: 200 }),
);

function mutations(valid: Record<string, unknown>) {
  const keys = Object.keys(valid);
  return fc.oneof(
    // Not an object at all.
    hostile,
    // A field missing.
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    // A field of the wrong type or out of range.
    fc.tuple(fc.constantFrom(...keys), hostile).map(([key, value]) => ({ ...valid, [key]: value })),
    // A field nobody asked for.
    fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), hostile).map(([key, value]) => ({ ...valid, [key]: value })),
  );
}

describe.each(commandCatalogue.map((definition) => [definition.name, definition] as const))('%s under fuzzing', (_name, definition) => {
  it('answers every malformed body with a coded 4xx and writes nothing', async () => {
    const example = commandExamples[definition.name]!;
    const caller = callerOf(definition.roles[0]!);
    const url = pathOf(definition.path, example.params(world));
    await fc.assert(
      fc.asyncProperty(mutations(example.body(world, caller)), async (body) => {
        const before = await harness.store.headPosition();
        const response = await harness.send(url, { as: caller, body: JSON.stringify(body) ?? 'null', headers: { 'content-type': 'application/json' } });
        expect(response.statusCode, response.body).toBeLessThan(500);
        if (response.statusCode === 201) return;
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        const { error } = response.json() as { error: { code: unknown; message: unknown } };
        expect(typeof error.code).toBe('string');
        expect(typeof error.message).toBe('string');
        expect(response.body).not.toMatch(/\n\s+at /);
        expect(await harness.store.headPosition()).toBe(before);
      }),
      { numRuns: 40 },
    );
  });
});
