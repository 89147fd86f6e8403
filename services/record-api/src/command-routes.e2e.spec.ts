import { commandCatalogue, teamExemptCommands, type CommandDefinition, type CommandName, type Role } from '@planledger/domain';
import { designMayWrite } from '@planledger/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, commandExamples, pathOf, useCatalogue, type CommandExample } from './testing/command-examples';
import { callerOf, createRecordApiHarness, organisationOf, outsiderOf, roles, type RecordApiHarness } from './testing/record-api-harness';

/**
 * Generated from the domain's command catalogue: every command gets a happy path through HTTP, and
 * refusals (validation, role, team) that must leave the store exactly as it was.
 */
let harness: RecordApiHarness;
useCatalogue(commandCatalogue);
beforeAll(async () => {
  harness = await createRecordApiHarness();
});
afterAll(() => harness.close());

const covered = commandCatalogue.filter((definition) => commandExamples[definition.name] !== undefined);

async function expectNothingWritten(send: () => Promise<{ statusCode: number; body: string }>, status: number, code?: string) {
  const before = await harness.store.headPosition();
  const response = await send();
  expect(response.statusCode, response.body).toBe(status);
  if (code) expect(JSON.parse(response.body).error.code).toBe(code);
  expect(await harness.store.headPosition()).toBe(before);
  return JSON.parse(response.body) as { error: { code: string; issues?: Array<{ path: string }>; rule?: string } };
}

async function prepare(definition: CommandDefinition, example: CommandExample) {
  const world = await buildWorld(harness, example.needs);
  return { world, url: pathOf(definition.path, example.params(world)) };
}

describe('the command catalogue', () => {
  it('has a worked example for every command, so none goes untested', () => {
    expect(commandCatalogue.length).toBeGreaterThan(0);
    expect(commandCatalogue.filter((definition) => !commandExamples[definition.name]).map((d) => d.name)).toEqual([]);
  });
});

// DESIGN.md section 2: "a caller's role, agency and organisation must agree with the organisation register".
describe('a token the organisation register does not allow', () => {
  it.each([
    ['an unregistered organisation', { ...callerOf('social_worker'), organisationId: 'org-typo' }, 'ORGANISATION_NOT_REGISTERED'],
    ['another agency than the organisation\'s', { ...callerOf('health_practitioner'), agency: 'social_care' as const }, 'AGENCY_NOT_ORGANISATIONS'],
    ['a role that does not work in that kind of organisation', { ...callerOf('health_practitioner'), organisationId: organisationOf.education_practitioner, agency: 'education' as const }, 'ROLE_NOT_FOR_ORGANISATION_KIND'],
  ])('is refused 403 for %s, naming the rule, writing nothing', async (_label, caller, rule) => {
    const refusal = await expectNothingWritten(() => harness.send('/v1/children', { as: caller, body: commandExamples.registerChild!.body({} as never, caller) }), 403, 'PL_ERR_FORBIDDEN');
    expect(refusal.error.rule).toBe(rule);
  });
});

describe.each(covered.map((definition) => [definition.name, definition] as const))('%s', (_name, definition) => {
  const example = commandExamples[definition.name]!;
  // Who may issue it is written from DESIGN.md section 2 (domain testing/design-access.ts), not read from the catalogue.
  const mayWrite = designMayWrite[definition.name] ?? [];
  const allowed = mayWrite[0]!;

  it(`appends through ${definition.method} ${definition.path}`, async () => {
    const { world, url } = await prepare(definition, example);
    const before = await harness.store.headPosition();
    const response = await harness.send(url, { as: allowed, body: example.body(world, callerOf(allowed)) });
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json() as { streamId: string; entityId: string; revision: number; eventIds: string[]; globalPosition: number };
    expect(answer.eventIds.length).toBeGreaterThan(0);
    expect(response.headers.etag).toBe(`"${answer.revision}"`);
    expect(response.headers['x-correlation-id']).toEqual(expect.any(String));
    if (definition.creates) expect(response.headers.location).toBe(`${definition.path}/${answer.entityId}`);
    else expect(response.headers.location).toBeUndefined();

    const stream = await harness.store.readStream(answer.streamId);
    const appended = stream.filter((event) => answer.eventIds.includes(event.eventId));
    expect(appended.map((event) => event.eventId)).toEqual(answer.eventIds);
    for (const event of appended) {
      expect(definition.emits).toContain(event.type);
      expect(event.actor).toEqual(callerOf(allowed));
      expect(event.correlationId).toBe(response.headers['x-correlation-id']);
    }
    expect(stream.at(-1)?.revision).toBe(answer.revision);
    expect(await harness.store.headPosition()).toBeGreaterThanOrEqual(before + answer.eventIds.length);
  });

  it('refuses a malformed body with the field paths at fault, writing nothing', async () => {
    const { world, url } = await prepare(definition, example);
    const body = { ...example.body(world, callerOf(allowed)), occurredAt: 'last Tuesday', unexpectedField: true };
    const refusal = await expectNothingWritten(() => harness.send(url, { as: allowed, body }), 400, 'PL_ERR_VALIDATION');
    const paths = refusal.error.issues?.map((issue) => issue.path);
    expect(paths).toContain('body.occurredAt');
    expect(paths).toContain('body.unexpectedField');
  });

  it('refuses a body that is not an object, writing nothing', async () => {
    const { url } = await prepare(definition, example);
    await expectNothingWritten(() => harness.send(url, { as: allowed, body: [1, 2, 3] }), 400, 'PL_ERR_VALIDATION');
  });

  const aboutAChild = example.needs.some((need) => need !== 'spareOrganisationId');
  if (aboutAChild && !teamExemptCommands.includes(definition.name as CommandName)) {
    it('answers 404 to an organisation outside the child’s team, writing nothing', async () => {
      const { world, url } = await prepare(definition, example);
      const stranger = outsiderOf(allowed);
      await expectNothingWritten(() => harness.send(url, { as: stranger, body: example.body(world, stranger) }), 404, 'PL_ERR_NOT_FOUND');
    });
  }

  if (definition.path.includes(':')) {
    it('answers 404 for a record that does not exist, writing nothing', async () => {
      const { world } = await prepare(definition, example);
      const params = Object.fromEntries([...definition.path.matchAll(/:(\w+)/g)].map(([, key]) => [key!, '0b7e7a52-4d8c-4a8e-9f43-000000000000']));
      await expectNothingWritten(() => harness.send(pathOf(definition.path, params), { as: allowed, body: example.body(world, callerOf(allowed)) }), 404, 'PL_ERR_NOT_FOUND');
    });
  }

  it.each(roles.map((role) => [role, mayWrite.includes(role)] as [Role, boolean]))('as %s: allowed by DESIGN.md section 2=%s', async (role, isAllowed) => {
    const { world, url } = await prepare(definition, example);
    const caller = callerOf(role);
    const send = () => harness.send(url, { as: caller, body: example.body(world, caller) });
    if (isAllowed) {
      const response = await send();
      expect(response.statusCode, response.body).toBe(201);
    } else {
      const refusal = await expectNothingWritten(send, 403, 'PL_ERR_FORBIDDEN');
      expect(refusal.error.rule).toBe('ROLE_NOT_ALLOWED');
    }
  });
});
