import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accessMatrix, commandNames } from '../access/policy';
import { executeCommand } from '../application/execute-command';
import { eventCatalogue, findEventDefinition } from '../events/all';
import { buildScenario, now, sampleCommands } from '../testing/scenario';
import { commandCatalogue } from './all';

describe('command catalogue', () => {
  it('has exactly the commands of the access matrix, each with the matrix\'s roles', () => {
    expect(commandCatalogue.map((c) => c.name).sort()).toEqual([...commandNames].sort());
    for (const c of commandCatalogue) expect(c.roles).toEqual(accessMatrix[c.name as keyof typeof accessMatrix]);
  });

  it('gives every command its own POST route under /v1', () => {
    const routes = commandCatalogue.map((c) => `${c.method} ${c.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const c of commandCatalogue) expect(c.path).toMatch(/^\/v1\/[a-z-]+(\/(:[a-zA-Z]+|[a-z-]+))*$/);
  });

  it('names only catalogued events, and every event is appended by some command (but the demo loader\'s mark)', () => {
    const emitted = new Set(commandCatalogue.flatMap((c) => c.emits));
    for (const type of emitted) expect(findEventDefinition(type), type).toBeDefined();
    // The demo loader marks a record as demo data; no command, and so no caller, can write that.
    const writtenByTheDemoLoader = ['DemoDataMarked'];
    for (const type of writtenByTheDemoLoader) expect(emitted.has(type), type).toBe(false);
    expect(eventCatalogue.map((d) => d.type).filter((t) => !emitted.has(t))).toEqual(writtenByTheDemoLoader);
  });

  it('turns every params and body schema into JSON Schema, closed to unknown fields (for OpenAPI)', () => {
    for (const c of commandCatalogue) {
      const body = z.toJSONSchema(c.body, { io: 'input' }) as { type?: string; additionalProperties?: unknown };
      expect(body.type, c.name).toBe('object');
      expect(body.additionalProperties, c.name).toBe(false);
      expect(() => z.toJSONSchema(c.params, { io: 'input' })).not.toThrow();
    }
  });

  it('marks exactly the commands that create a stream', () => {
    expect(commandCatalogue.filter((c) => c.creates).map((c) => c.name).sort()).toEqual(
      ['openFamilyHelpPlan', 'recordQualityAudit', 'registerChild', 'requestShortBreak', 'startEhcAssessment'].sort(),
    );
  });
});

describe('every command succeeds for a permitted caller', () => {
  it.each(commandCatalogue.map((c) => c.name))('%s appends the events it declares, valid against their schemas', async (name) => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const sample = sampleCommands[name as keyof typeof sampleCommands];
    const request = await sample.prepare(scenario);
    const before = await store.headPosition();
    const result = await executeCommand(store, { command: name, caller: sample.caller, ...request }, { now });
    expect(result.replayed).toBe(false);
    const written = await store.readAll({ after: before });
    expect(written.length).toBeGreaterThan(0);
    // One command, one append, one stream: nothing written anywhere but the events it answers with,
    // and before them, for a child given an NHS number, that number's claim.
    const claims = written.filter((e) => e.streamId.startsWith('nhs-number-claim-'));
    expect(claims.every((e) => e.type === 'NhsNumberClaimed' && e.globalPosition < result.globalPosition)).toBe(true);
    expect(written.filter((e) => !claims.includes(e)).map((e) => [e.streamId, e.eventId])).toEqual(result.eventIds.map((id) => [result.streamId, id]));
    const definition = commandCatalogue.find((c) => c.name === name)!;
    for (const event of written) {
      expect(definition.emits).toContain(event.type);
      expect(findEventDefinition(event.type)!.data.safeParse(event.data).success).toBe(true);
      expect(event.actor.userId).toBe(sample.caller.userId);
    }
  });
});
