import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import type { Caller, Role } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import { executeCommand } from '../application/execute-command';
import { commandCatalogue } from '../commands/all';
import { callerFor } from '../testing/fixtures';
import { expectRefusal } from '../testing/given-when-then';
import { buildScenario, now, people, sampleCommands } from '../testing/scenario';
import type { ChildTeam, CommandName } from './policy';
import { accessMatrix, authorise, canRead, NOT_FOUND_MESSAGE, roles } from './policy';

const allowedByRoleCheck = (role: Role, command: string): boolean => {
  try {
    authorise(callerFor(role), command);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === DomainErrorCodes.FORBIDDEN) return false;
    throw error;
  }
};

describe('role x command matrix through authorise', () => {
  const cells = commandCatalogue.flatMap((c) => roles.map((role) => [c.name, role] as const));

  it('covers every command of the catalogue for every role', () => {
    expect(cells).toHaveLength(commandCatalogue.length * 6);
  });

  it.each(cells)('%s by %s follows the exported matrix', (command, role) => {
    expect(allowedByRoleCheck(role, command)).toBe((accessMatrix[command as CommandName] as readonly Role[]).includes(role));
  });

  // Cells read straight off DESIGN.md section 2, so the matrix above is not checked only against itself.
  it.each([
    ['openFamilyHelpPlan', 'social_worker', true],
    ['recordDisabilityImpact', 'social_worker', true],
    ['submitAdvice', 'social_worker', true],
    ['requestShortBreak', 'social_worker', true],
    ['decideShortBreak', 'social_worker', false],
    ['decideShortBreak', 'team_manager', true],
    ['closeFamilyHelpPlan', 'social_worker', false],
    ['closeFamilyHelpPlan', 'team_manager', true],
    ['startEhcAssessment', 'send_officer', true],
    ['requestAdvice', 'send_officer', true],
    ['moderateAdvice', 'send_officer', true],
    ['incorporateAdvice', 'send_officer', true],
    ['requestAdvice', 'social_worker', false],
    ['submitAdvice', 'health_practitioner', true],
    ['recordContribution', 'health_practitioner', true],
    ['openFamilyHelpPlan', 'health_practitioner', false],
    ['submitAdvice', 'education_practitioner', true],
    ['startEhcAssessment', 'education_practitioner', false],
    ['recordQualityAudit', 'auditor', true],
    ['moderateAudit', 'auditor', true],
    ['recordQualityAudit', 'social_worker', false],
    ['openFamilyHelpPlan', 'auditor', false],
    ['recordContribution', 'auditor', false],
    ['submitAdvice', 'auditor', false],
    ['correctEvent', 'auditor', false],
    ['registerChild', 'auditor', false],
  ] as const)('DESIGN.md: %s by %s is %s', (command, role, allowed) => {
    expect(allowedByRoleCheck(role, command)).toBe(allowed);
  });

  it('lets an auditor write nothing but audits', () => {
    expect(commandCatalogue.filter((c) => allowedByRoleCheck('auditor', c.name)).map((c) => c.name).sort()).toEqual(['moderateAudit', 'recordQualityAudit']);
  });
});

describe('team and agency rules', () => {
  const team: ChildTeam = { childId: 'c', members: [{ organisationId: 'la-social-care', agency: 'social_care' }, { organisationId: 'nhs-trust', agency: 'health' }] };
  const sw = callerFor('social_worker', 'la-social-care');
  const outsider = callerFor('social_worker', 'other-council');

  it('answers NOT_FOUND, with one message, for a child outside the team and a child that does not exist', () => {
    const outside = expectRefusal(() => authorise(outsider, 'recordNeed', { childTeam: team }), DomainErrorCodes.NOT_FOUND);
    const missing = expectRefusal(() => authorise(sw, 'recordNeed', { childTeam: null }), DomainErrorCodes.NOT_FOUND);
    expect(outside.message).toBe(NOT_FOUND_MESSAGE);
    expect(missing.message).toBe(NOT_FOUND_MESSAGE);
  });

  it('hides an agency mismatch behind NOT_FOUND for a child outside the team', () => {
    expectRefusal(() => authorise(outsider, 'recordContribution', { childTeam: team, writesForAgency: 'health' }), DomainErrorCodes.NOT_FOUND);
  });

  it('forbids a team member writing another agency\'s contribution', () => {
    expectRefusal(() => authorise(sw, 'recordContribution', { childTeam: team, writesForAgency: 'health' }), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
    expect(() => authorise(sw, 'recordContribution', { childTeam: team, writesForAgency: 'social_care' })).not.toThrow();
  });

  it('counts the advisers a record invites as members for commands on that record, and only there', () => {
    const clinic = callerFor('health_practitioner', 'community-clinic');
    const invited = [{ organisationId: 'community-clinic', agency: 'health' as const }];
    expect(() => authorise(clinic, 'submitAdvice', { childTeam: team, invited, writesForAgency: 'health' })).not.toThrow();
    expectRefusal(() => authorise(clinic, 'submitAdvice', { childTeam: team, writesForAgency: 'health' }), DomainErrorCodes.NOT_FOUND);
    expectRefusal(() => authorise(clinic, 'submitAdvice', { childTeam: null, invited, writesForAgency: 'health' }), DomainErrorCodes.NOT_FOUND);
    expectRefusal(() => authorise(clinic, 'submitAdvice', { childTeam: team, invited, writesForAgency: 'education' }), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
  });

  it('lets an auditor audit any existing child, team or not', () => {
    const auditor = callerFor('auditor', 'qa-team');
    expect(() => authorise(auditor, 'recordQualityAudit', { childTeam: team })).not.toThrow();
    expectRefusal(() => authorise(auditor, 'recordQualityAudit', { childTeam: null }), DomainErrorCodes.NOT_FOUND);
  });

  it('lets team members and auditors read, and no one else', () => {
    expect(canRead(sw, team)).toBe(true);
    expect(canRead(callerFor('health_practitioner', 'nhs-trust'), team)).toBe(true);
    expect(canRead(outsider, team)).toBe(false);
    expect(canRead(callerFor('auditor', 'qa-team'), team)).toBe(true);
    expect(canRead(sw, null)).toBe(false);
  });
});

describe('role x command matrix through executeCommand', () => {
  const forbiddenCells = commandCatalogue.flatMap((c) => roles.filter((role) => !(c.roles as readonly Role[]).includes(role)).map((role) => [c.name, role] as const));

  it.each(forbiddenCells)('%s by %s is FORBIDDEN and writes nothing', async (command, role) => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const sample = sampleCommands[command as CommandName];
    const request = await sample.prepare(scenario);
    const caller: Caller = { ...callerFor(role), organisationId: sample.caller.organisationId };
    const head = await store.headPosition();
    await expect(executeCommand(store, { command, caller, ...request }, { now })).rejects.toMatchObject({ code: DomainErrorCodes.FORBIDDEN, rule: 'ROLE_NOT_ALLOWED' });
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses an outsider\'s write to a child NOT_FOUND and writes nothing', async () => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const head = await store.headPosition();
    await expect(scenario.run('recordNeed', people.outsider, { description: 'x' }, { planId: scenario.planId })).rejects.toMatchObject({ code: DomainErrorCodes.NOT_FOUND, message: NOT_FOUND_MESSAGE });
    expect(await store.headPosition()).toBe(head);
  });
});
