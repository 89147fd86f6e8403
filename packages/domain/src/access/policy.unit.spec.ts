import { getMemoryEventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import type { Caller, Role } from '../application/contract';
import { DomainError, DomainErrorCodes } from '../application/contract';
import { executeCommand } from '../application/execute-command';
import { commandCatalogue } from '../commands/all';
import { organisationKinds } from '../events/organisation';
import { callerFor, testRegister } from '../testing/fixtures';
import { designMayWrite, designRoles, designWorksIn } from '../testing/design-access';
import { expectRefusal } from '../testing/given-when-then';
import { administrator, buildScenario, now, people, sampleCommands } from '../testing/scenario';
import { callerRefusal } from '../register/organisation-rules';
import type { ChildTeam, CommandName } from './policy';
import { authorise, canRead, NOT_FOUND_MESSAGE } from './policy';

const register = testRegister();

const allowedByRoleCheck = (role: Role, command: string): boolean => {
  try {
    authorise(callerFor(role), command, { register });
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === DomainErrorCodes.FORBIDDEN && error.rule === 'ROLE_NOT_ALLOWED') return false;
    throw error;
  }
};

// Expectations from DESIGN.md section 2 (testing/design-access.ts), never from the access matrix.
describe('role x command, as DESIGN.md section 2 says', () => {
  it('has an expectation for every command of the catalogue, and no other', () => {
    expect(commandCatalogue.map((c) => c.name).sort()).toEqual(Object.keys(designMayWrite).sort());
  });

  const cells = Object.entries(designMayWrite).flatMap(([command, allowed]) => designRoles.map((role) => [command, role, allowed.includes(role)] as const));
  it.each(cells)('%s by %s: allowed %s', (command, role, allowed) => {
    expect(allowedByRoleCheck(role, command)).toBe(allowed);
  });

  it('lets an auditor write nothing but audits, and an administrator nothing but the register', () => {
    expect(commandCatalogue.filter((c) => allowedByRoleCheck('auditor', c.name)).map((c) => c.name).sort()).toEqual(['moderateAudit', 'recordQualityAudit']);
    expect(commandCatalogue.filter((c) => allowedByRoleCheck('partnership_administrator', c.name)).map((c) => c.name).sort()).toEqual(['registerOrganisation', 'renameOrganisation', 'retireOrganisation']);
  });
});

describe('the caller against the register (DESIGN.md section 2: role, agency and organisation agree with the register)', () => {
  const kinds = designRoles.flatMap((role) => organisationKinds.map((kind) => [role, kind, designWorksIn[role].includes(kind)] as const));
  it.each(kinds)('%s in a %s: allowed %s', (role, kind, fits) => {
    const state = testRegister();
    state.organisations.set('org-x', { organisationId: 'org-x', name: 'X', agency: 'education', kind, active: true });
    const refusal = callerRefusal({ role, agency: 'education', organisationId: 'org-x' }, state);
    expect(refusal?.rule ?? null).toBe(fits ? null : 'ROLE_NOT_FOR_ORGANISATION_KIND');
  });

  it('refuses an unregistered organisation, a retired one and a token agency that is not the organisation\'s, each with its rule', () => {
    const state = testRegister();
    expectRefusal(() => authorise(callerFor('social_worker', 'no-such-org'), 'recordNeed', { register: state }), DomainErrorCodes.FORBIDDEN, 'ORGANISATION_NOT_REGISTERED');
    expectRefusal(() => authorise({ ...callerFor('health_practitioner', 'la-social-care'), agency: 'social_care' }, 'recordContribution', { register: state }), DomainErrorCodes.FORBIDDEN, 'ROLE_NOT_FOR_ORGANISATION_KIND');
    expectRefusal(() => authorise({ ...callerFor('social_worker', 'la-social-care'), agency: 'health' }, 'recordNeed', { register: state }), DomainErrorCodes.FORBIDDEN, 'AGENCY_NOT_ORGANISATIONS');
    state.organisations.set('la-social-care', { ...state.organisations.get('la-social-care')!, active: false });
    expectRefusal(() => authorise(callerFor('social_worker', 'la-social-care'), 'recordNeed', { register: state }), DomainErrorCodes.FORBIDDEN, 'ORGANISATION_RETIRED');
  });
});

describe('team, agency and organisation rules', () => {
  const team: ChildTeam = { childId: 'c', members: [{ organisationId: 'la-social-care', agency: 'social_care' }, { organisationId: 'nhs-trust', agency: 'health' }] };
  const sw = callerFor('social_worker', 'la-social-care');
  const outsider = callerFor('social_worker', 'other-council');

  it('answers NOT_FOUND, with one message, for a child outside the team and a child that does not exist', () => {
    const outside = expectRefusal(() => authorise(outsider, 'recordNeed', { register, childTeam: team }), DomainErrorCodes.NOT_FOUND);
    const missing = expectRefusal(() => authorise(sw, 'recordNeed', { register, childTeam: null }), DomainErrorCodes.NOT_FOUND);
    expect(outside.message).toBe(NOT_FOUND_MESSAGE);
    expect(missing.message).toBe(NOT_FOUND_MESSAGE);
  });

  it('treats a removed member as an outsider, invited or not', () => {
    const removed = new Set(['nhs-trust']);
    const nurse = callerFor('health_practitioner', 'nhs-trust');
    expectRefusal(() => authorise(nurse, 'recordContribution', { register, childTeam: team, removed, writesForAgency: 'health' }), DomainErrorCodes.NOT_FOUND);
    expectRefusal(() => authorise(nurse, 'submitAdvice', { register, childTeam: team, removed, invited: [{ organisationId: 'nhs-trust', agency: 'health' }], writesForAgency: 'health' }), DomainErrorCodes.NOT_FOUND);
  });

  it('forbids a team member writing another agency\'s contribution, and another organisation\'s, with one status and shape', () => {
    expectRefusal(() => authorise(sw, 'recordContribution', { register, childTeam: team, writesForAgency: 'health' }), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
    expectRefusal(() => authorise(sw, 'correctEvent', { register, childTeam: team, writesForAgency: 'social_care', ownedBy: { organisationId: 'other-council', eventType: 'NeedRecorded' } }), DomainErrorCodes.FORBIDDEN, 'ORGANISATION_MISMATCH');
    expect(() => authorise(sw, 'recordContribution', { register, childTeam: team, writesForAgency: 'social_care' })).not.toThrow();
  });

  it('lets an invited adviser answer its own request and do nothing else', () => {
    const clinic = callerFor('health_practitioner', 'community-clinic');
    const invited = [{ organisationId: 'community-clinic', agency: 'health' as const }];
    const own = { organisationId: 'community-clinic', eventType: 'AdviceRequested' };
    expect(() => authorise(clinic, 'submitAdvice', { register, childTeam: team, invited, writesForAgency: 'health', ownedBy: own })).not.toThrow();
    expectRefusal(() => authorise(clinic, 'submitAdvice', { register, childTeam: team, invited, writesForAgency: 'health', ownedBy: { organisationId: 'nhs-trust' } }), DomainErrorCodes.FORBIDDEN, 'ORGANISATION_MISMATCH');
    expectRefusal(() => authorise(clinic, 'recordContribution', { register, childTeam: team, invited, writesForAgency: 'health' }), DomainErrorCodes.FORBIDDEN, 'INVITED_ADVISER_ONLY');
    expectRefusal(() => authorise(clinic, 'submitAdvice', { register, childTeam: team, writesForAgency: 'health', ownedBy: own }), DomainErrorCodes.NOT_FOUND);
  });

  it('lets the LA SEND team correct a child\'s registered details that another organisation registered, and no one else', () => {
    const wide: ChildTeam = { childId: 'c', members: [...team.members, { organisationId: 'la-send', agency: 'education' }, { organisationId: 'school-1', agency: 'education' }] };
    const registered = { organisationId: 'la-social-care', eventType: 'ChildRegistered' };
    expect(() => authorise(callerFor('send_officer', 'la-send'), 'correctEvent', { register, childTeam: wide, writesForAgency: 'social_care', ownedBy: registered })).not.toThrow();
    expectRefusal(() => authorise(callerFor('education_practitioner', 'school-1'), 'correctEvent', { register, childTeam: wide, writesForAgency: 'social_care', ownedBy: registered }), DomainErrorCodes.FORBIDDEN, 'AGENCY_MISMATCH');
  });

  it('lets an auditor audit any existing child, team or not', () => {
    const auditor = callerFor('auditor', 'qa-team');
    expect(() => authorise(auditor, 'recordQualityAudit', { register, childTeam: team })).not.toThrow();
    expectRefusal(() => authorise(auditor, 'recordQualityAudit', { register, childTeam: null }), DomainErrorCodes.NOT_FOUND);
  });

  it('lets team members and auditors read, and no one else (DESIGN.md section 2, "may read")', () => {
    expect(canRead(sw, team)).toBe(true);
    expect(canRead(callerFor('health_practitioner', 'nhs-trust'), team)).toBe(true);
    expect(canRead(outsider, team)).toBe(false);
    expect(canRead(callerFor('auditor', 'qa-team'), team)).toBe(true);
    expect(canRead(administrator, team)).toBe(false);
    expect(canRead(sw, null)).toBe(false);
  });
});

describe('role x command through executeCommand, as DESIGN.md section 2 says', () => {
  const forbiddenCells = Object.entries(designMayWrite).flatMap(([command, allowed]) => designRoles.filter((role) => !allowed.includes(role)).map((role) => [command, role] as const));

  it.each(forbiddenCells)('%s by %s is FORBIDDEN and writes nothing', async (command, role) => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const sample = sampleCommands[command as CommandName];
    const request = await sample.prepare(scenario);
    const caller: Caller = callerFor(role);
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

  it('refuses a token the register does not allow and writes nothing', async () => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const head = await store.headPosition();
    const forged: Caller = { ...people.health, agency: 'social_care', organisationId: 'school-1' };
    await expect(scenario.run('recordContribution', forged, { agency: 'social_care', support: 'x', frequency: 'weekly', from: '2025-06-01' }, { planId: scenario.planId })).rejects.toMatchObject({ code: DomainErrorCodes.FORBIDDEN, rule: 'AGENCY_NOT_ORGANISATIONS' });
    await expect(scenario.run('recordContribution', { ...forged, agency: 'education' }, { agency: 'education', support: 'x', frequency: 'weekly', from: '2025-06-01' }, { planId: scenario.planId })).rejects.toMatchObject({ code: DomainErrorCodes.FORBIDDEN, rule: 'ROLE_NOT_FOR_ORGANISATION_KIND' });
    await expect(scenario.run('recordNeed', { ...people.socialWorker, organisationId: 'nowhere' }, { description: 'x' }, { planId: scenario.planId })).rejects.toMatchObject({ rule: 'ORGANISATION_NOT_REGISTERED' });
    expect(await store.headPosition()).toBe(head);
  });

  it('ends a removed organisation\'s access from the removal on', async () => {
    const store = getMemoryEventStore({ now });
    const scenario = await buildScenario(store);
    const contribution = { agency: 'health', support: 'Sleep clinic', frequency: 'monthly', from: '2025-06-01' };
    await scenario.run('recordContribution', people.health, contribution, { planId: scenario.planId });
    await scenario.run('removeTeamMember', people.teamManager, { organisationId: people.health.organisationId, reason: 'Discharged' }, { childId: scenario.childId });
    const head = await store.headPosition();
    await expect(scenario.run('recordContribution', people.health, contribution, { planId: scenario.planId })).rejects.toMatchObject({ code: DomainErrorCodes.NOT_FOUND });
    await expect(scenario.run('submitAdvice', people.health, { requestId: scenario.healthRequestId, sections: { C: 'x' } }, { assessmentId: scenario.assessmentId })).rejects.toMatchObject({ code: DomainErrorCodes.NOT_FOUND });
    expect(await store.headPosition()).toBe(head);
  });
});
