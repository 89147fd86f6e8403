import { Writable } from 'node:stream';
import { commandCatalogue } from '@planledger/domain';
import { describe, expect, it } from 'vitest';
import { createRecordApiLogger } from './logger';
import { buildWorld, commandExamples, issuedNhsNumbers, pathOf, personal, registration, useCatalogue, type Prerequisite } from './testing/command-examples';
import { callerOf, createRecordApiHarness, outsiderOf } from './testing/record-api-harness';

useCatalogue(commandCatalogue);

function captureLogs() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  // Trace: everything any layer might log, not just what reaches production by default.
  return { lines, logger: createRecordApiLogger(sink, 'trace') };
}

/** Every string of personal data the requests carried, plus the bearer tokens themselves. */
function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

describe('logs', () => {
  it('carry no personal data, whatever the request carried and however it ended', async () => {
    const { lines, logger } = captureLogs();
    const harness = await createRecordApiHarness({ logger });
    const secrets: string[] = Object.values(personal);
    try {
      // Every command, succeeding, with personal data in every free-text field it has.
      const needs = [...new Set(Object.values(commandExamples).flatMap((example) => example.needs))] as Prerequisite[];
      const world = await buildWorld(harness, needs);
      for (const definition of commandCatalogue) {
        const example = commandExamples[definition.name]!;
        const caller = callerOf(definition.roles[0]!);
        await harness.send(pathOf(definition.path, example.params(world)), { as: caller, body: example.body(world, caller) });
      }
      // Refused in validation, with personal data beside the faulty field.
      const refused = await harness.send('/v1/children', { as: 'social_worker', body: { ...registration, nhsNumber: '9434765918', upn: 'A123' } });
      expect(refused.statusCode).toBe(400);
      // Refused by role, by team and by a domain rule.
      expect((await harness.send('/v1/children', { as: 'auditor', body: registration })).statusCode).toBe(403);
      const stranger = outsiderOf('social_worker');
      const views = commandExamples.recordChildViews!;
      expect((await harness.send(`/v1/family-help-plans/${world.planId}/child-views`, { as: stranger, body: views.body(world, stranger) })).statusCode).toBe(404);
      // Malformed JSON, personal data in the query string and in a path parameter.
      const malformed = await harness.send('/v1/children', { as: 'social_worker', body: `{"givenName": "${personal.givenName}", "familyName": "${personal.familyName}`, headers: { 'content-type': 'application/json' } });
      expect(malformed.statusCode).toBe(400);
      await harness.send(`/v1/children?name=${encodeURIComponent(personal.familyName)}&nhs=${personal.nhsNumber}`, { as: 'social_worker', body: registration });
      await harness.send(`/v1/family-help-plans/${encodeURIComponent(personal.familyName)}/needs`, { as: 'social_worker', body: { description: personal.need } });
      // Personal data as a header value and as the Idempotency-Key.
      await harness.send('/v1/children', { as: 'social_worker', body: registration, headers: { 'x-child-name': personal.familyName, 'idempotency-key': `${personal.givenName}-${personal.dateOfBirth}` } });
      // No token, and a garbage token carrying a name.
      await harness.send('/v1/children', { body: registration });
      await harness.send('/v1/children', { body: registration, headers: { authorization: `Bearer ${personal.familyName}` } });
      for (const role of ['social_worker', 'team_manager', 'send_officer', 'health_practitioner', 'education_practitioner', 'auditor'] as const) {
        secrets.push(await harness.tokenFor(callerOf(role)));
      }
    } finally {
      await harness.close();
    }

    // The logs were written (a silent logger would pass the checks below for the wrong reason).
    const completed = lines.filter((line) => line.includes('"request completed"'));
    expect(completed.length).toBeGreaterThan(commandCatalogue.length);
    expect(lines.join('\n')).toContain('"status":400');
    expect(leaks(lines.join('\n'), [...secrets, ...issuedNhsNumbers])).toEqual([]);
  });

  it('carry no personal data when a command fails unexpectedly, but do carry the error id', async () => {
    const { lines, logger } = captureLogs();
    const harness = await createRecordApiHarness({
      logger,
      execute: async (_store, request) => {
        const body = request.body as typeof registration;
        throw new Error(`could not register ${body.givenName} ${body.familyName} born ${body.dateOfBirth} (${body.nhsNumber})`);
      },
    });
    try {
      const response = await harness.send('/v1/children', { as: 'social_worker', body: registration });
      expect(response.statusCode).toBe(500);
      const { errorId } = response.json().error;
      const text = lines.join('\n');
      expect(text).toContain(errorId);
      expect(text).toContain('"level":50');
      expect(leaks(text, Object.values(personal))).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
