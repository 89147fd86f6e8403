import { getMemoryEventStore, type EventStore } from '@planledger/event-store';
import { describe, expect, it } from 'vitest';
import { DomainErrorCodes, type CommandRequest } from '../application/contract';
import { executeCommand } from '../application/execute-command';
import { evolveChild, initialChildState, type ChildState } from '../deciders/child';
import type { DomainEvent } from '../events/all';
import { childRegistration, siblingRegistration, unusedNhsNumbers } from '../testing/fixtures';
import { buildScenario, now, people } from '../testing/scenario';
import { judgeClaim, NHS_NUMBER_CLAIM_GRACE_MS, nhsNumberClaimStreamId, processNhsNumberKey, type ClaimRequest } from './nhs-number-claims';

const key = Buffer.alloc(32, 7);
const childA = '0b4f6a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const childB = '7d9e1f20-3a4b-4c5d-9e6f-7a8b9c0d1e2f';
const number = '9434765919';
const at = new Date('2025-06-02T09:00:00Z');
const registered = (childId: string, nhsNumber?: string): DomainEvent => ({
  type: 'ChildRegistered',
  data: { childId, givenName: 'A', familyName: 'B', dateOfBirth: '2015-01-01', primaryNeed: 'ASD', registeringOrganisation: { organisationId: 'la-social-care', agency: 'social_care' }, ...(nhsNumber ? { nhsNumber } : {}) },
});
const claimant = (events: DomainEvent[]): { state: ChildState; revision: number } => ({ state: events.reduce(evolveChild, initialChildState()), revision: events.length - 1 });
const claimBy = (claimantChildId: string, claimantRevision: number, recordedAt = at.toISOString()) => ({ data: { claimantChildId, claimantRevision }, recordedAt });

describe('judgeClaim: given the standing claim and the child it names, when a write gives a child the number', () => {
  const registration: ClaimRequest = { nhsNumber: number, childId: childB, childRevision: -1 };

  it('claims a number nobody has claimed', () => {
    expect(judgeClaim(registration, null, null, at)).toEqual({ verdict: 'claim' });
  });

  it('refuses a number another child\'s record carries, naming that child and its team', () => {
    const verdict = judgeClaim(registration, claimBy(childA, -1), claimant([registered(childA, number)]), at);
    expect(verdict).toEqual({ verdict: 'taken', childId: childA, team: { childId: childA, members: [{ organisationId: 'la-social-care', agency: 'social_care' }] } });
  });

  it('lets a retry of the same write through without a second claim, and a later write of the same child claim again', () => {
    expect(judgeClaim({ nhsNumber: number, childId: childA, childRevision: -1 }, claimBy(childA, -1), null, at)).toEqual({ verdict: 'already_claimed' });
    expect(judgeClaim({ nhsNumber: number, childId: childA, childRevision: 3 }, claimBy(childA, -1), null, at)).toEqual({ verdict: 'claim' });
  });

  it('takes a number whose holder was corrected to another number (its stream moved past the claiming write)', () => {
    const corrected: DomainEvent = {
      type: 'EventCorrected',
      data: { childId: childA, streamId: `child-${childA}`, correctedEventId: childB, correctedEventType: 'ChildRegistered', reason: 'typo', correctedData: { ...registered(childA, '9434765013').data }, changedFields: ['nhsNumber'] },
    };
    expect(judgeClaim(registration, claimBy(childA, -1), claimant([registered(childA, number), corrected]), at)).toEqual({ verdict: 'claim' });
  });

  it('takes a number whose claiming write lost its revision to another write (a correction that never landed)', () => {
    // Claimed for a correction expecting revision 0; revision 1 is something else, so that correction can never land.
    const other: DomainEvent = { type: 'TeamMemberAdded', data: { childId: childA, organisationId: 'school-1', agency: 'education', reason: 'invited' } };
    expect(judgeClaim(registration, claimBy(childA, 0), claimant([registered(childA, '9434765013'), other]), at)).toEqual({ verdict: 'claim' });
  });

  it('refuses while another child\'s claiming write may still land, and lapses it once the grace period is over', () => {
    const standing = claimBy(childA, -1, at.toISOString());
    expect(judgeClaim(registration, standing, null, new Date(at.getTime() + NHS_NUMBER_CLAIM_GRACE_MS - 1))).toEqual({ verdict: 'under_way', childId: childA });
    expect(judgeClaim(registration, standing, null, new Date(at.getTime() + NHS_NUMBER_CLAIM_GRACE_MS))).toEqual({ verdict: 'lapse', childId: childA, atRevision: -1 });
  });
});

describe('claim stream names', () => {
  it('carry no trace of the number and depend on the key', () => {
    const id = nhsNumberClaimStreamId(key, number);
    expect(id).toMatch(/^nhs-number-claim-[0-9a-f]{64}$/);
    expect(id).not.toContain(number);
    expect(id).not.toContain(number.slice(0, 6));
    expect(nhsNumberClaimStreamId(Buffer.alloc(32, 8), number)).not.toBe(id);
    expect(nhsNumberClaimStreamId(key, '9434765013')).not.toBe(id);
    expect(() => nhsNumberClaimStreamId(Buffer.alloc(16), number)).toThrow(/32 bytes/);
  });
});

const register = (body: Record<string, unknown>, extra: Partial<CommandRequest> = {}): CommandRequest => ({ command: 'registerChild', params: {}, body, caller: people.socialWorker, ...extra });

async function thrownBy(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a refusal');
}

describe('registerChild: one NHS number, one child', () => {
  it('refuses a second child with a registered number (spaces or not) with 409, writing nothing, and names the child only to a reader', async () => {
    const store = getMemoryEventStore({ now });
    const s = await buildScenario(store);
    const head = await store.headPosition();
    const mine = await thrownBy(executeCommand(store, register({ ...siblingRegistration, nhsNumber: '943 476 5919' }), { now }));
    expect(mine).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED, rule: 'NHS_NUMBER_ALREADY_REGISTERED', existingChildId: s.childId });
    // The scenario registered its child with the default process key: the same in this process.
    const outsider = await thrownBy(executeCommand(store, register({ ...siblingRegistration, nhsNumber: '943-476-5919' }, { caller: people.outsider }), { now }));
    expect(outsider).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED });
    expect(outsider.existingChildId).toBeUndefined();
    expect(JSON.stringify(outsider)).not.toContain(s.childId);
    // The SEND team was added to the child's team, so it may read the child and is told which.
    const send = await thrownBy(executeCommand(store, { ...register(siblingRegistration), body: { ...siblingRegistration, nhsNumber: childRegistration.nhsNumber }, caller: people.sendOfficer }, { now }));
    expect(send).toMatchObject({ existingChildId: s.childId });
    expect(await store.headPosition()).toBe(head);
  });

  it('stores the number as its ten digits however it was written', async () => {
    const store = getMemoryEventStore({ now });
    await buildScenario(store);
    const result = await executeCommand(store, register({ ...siblingRegistration, nhsNumber: '943 476-5013' }), { now });
    const [event] = await store.readStream(result.streamId);
    expect((event!.data as { nhsNumber: string }).nhsNumber).toBe('9434765013');
  });

  it('gives exactly one of two racing registrations the number', async () => {
    const store = getMemoryEventStore({ now });
    await buildScenario(store);
    const racing = await Promise.allSettled([0, 1].map((i) => executeCommand(store, register({ ...siblingRegistration, givenName: `Twin ${i}` }), { now })));
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = racing.filter((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED });
  });
});

/** A store whose next append to a child's stream fails as a crash or a lost connection would, after the claim was written. */
function failingChildAppends(store: EventStore): EventStore & { failNext: () => void } {
  let fail = false;
  const wrapped = Object.create(store) as EventStore & { failNext: () => void };
  wrapped.append = (streamId, events, expected) => {
    if (fail && streamId.startsWith('child-')) {
      fail = false;
      return Promise.reject(new Error('connection lost'));
    }
    return store.append(streamId, events, expected);
  };
  wrapped.failNext = () => (fail = true);
  return wrapped;
}

describe('a registration that fails after its claim was written', () => {
  async function halfDone() {
    const base = getMemoryEventStore({ now });
    await buildScenario(base);
    const store = failingChildAppends(base);
    store.failNext();
    const request = register(siblingRegistration, { idempotencyKey: 'register-zara' });
    await expect(executeCommand(store, request, { now })).rejects.toThrow('connection lost');
    return { store, request };
  }

  it('lands when retried with its Idempotency-Key, with one claim', async () => {
    const { store, request } = await halfDone();
    const retry = await executeCommand(store, request, { now });
    expect(retry.replayed).toBe(false);
    const claims = (await store.readAll()).filter((e) => e.type === 'NhsNumberClaimed');
    expect(claims.filter((e) => (e.data as { claimantChildId: string }).claimantChildId === retry.entityId)).toHaveLength(1);
  });

  it('holds the number for the grace period only; then another registration lapses it, and the first write can no longer land', async () => {
    const { store, request } = await halfDone();
    const other = register({ ...siblingRegistration, givenName: 'Zara Jane' });
    expect(await thrownBy(executeCommand(store, other, { now }))).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED, rule: 'NHS_NUMBER_REGISTRATION_UNDER_WAY' });
    const later = () => new Date(now().getTime() + NHS_NUMBER_CLAIM_GRACE_MS + 1_000);
    const taken = await executeCommand(store, other, { now: later });
    const claims = (await store.readStream(nhsNumberClaimStreamId(processNhsNumberKey(), siblingRegistration.nhsNumber))).map((e) => e.data as { claimantChildId: string });
    expect(claims).toHaveLength(2);
    expect(claims[1]!.claimantChildId).toBe(taken.entityId);
    expect((await store.readStream(`child-${claims[0]!.claimantChildId}`)).map((e) => e.type)).toEqual(['NhsNumberClaimLapsed']);
    // The first registration, retried late, finds the number held by the child that took it.
    expect(await thrownBy(executeCommand(store, request, { now: later }))).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED, existingChildId: taken.entityId });
  });
});

describe('correcting a child\'s NHS number moves the claim', () => {
  const correct = async (store: EventStore, childId: string, nhsNumber: string) => {
    const [registration] = await store.readStream(`child-${childId}`);
    return executeCommand(store, { command: 'correctEvent', params: {}, body: { streamId: `child-${childId}`, correctedEventId: registration!.eventId, reason: 'Mistyped at registration', correctedData: { nhsNumber } }, caller: people.sendOfficer }, { now });
  };

  it('refuses a number another child holds, frees the old number and holds the new one', async () => {
    const store = getMemoryEventStore({ now });
    const s = await buildScenario(store);
    const sibling = await executeCommand(store, register(siblingRegistration), { now });
    // The SEND team corrects, and is not in the sibling's team: it learns the number is taken, not by whom.
    const refused = await thrownBy(correct(store, s.childId, siblingRegistration.nhsNumber));
    expect(refused).toMatchObject({ code: DomainErrorCodes.NHS_NUMBER_ALREADY_REGISTERED, rule: 'NHS_NUMBER_ALREADY_REGISTERED' });
    expect(refused.existingChildId).toBeUndefined();
    expect((await store.readStream(`child-${s.childId}`)).some((e) => e.type === 'EventCorrected')).toBe(false);
    await executeCommand(store, { command: 'addTeamMember', params: { childId: sibling.entityId }, body: { organisationId: people.sendOfficer.organisationId }, caller: people.teamManager }, { now });
    expect(await thrownBy(correct(store, s.childId, siblingRegistration.nhsNumber))).toMatchObject({ existingChildId: sibling.entityId });

    await correct(store, s.childId, `${unusedNhsNumbers[0].slice(0, 3)} ${unusedNhsNumbers[0].slice(3)}`);
    const corrected = (await store.readStream(`child-${s.childId}`)).at(-1)!;
    expect((corrected.data as { correctedData: { nhsNumber: string } }).correctedData.nhsNumber).toBe(unusedNhsNumbers[0]);
    expect(await thrownBy(executeCommand(store, register({ ...siblingRegistration, nhsNumber: unusedNhsNumbers[0] }), { now }))).toMatchObject({ existingChildId: s.childId });
    const reuse = await executeCommand(store, register({ ...siblingRegistration, givenName: 'New', nhsNumber: childRegistration.nhsNumber }), { now });
    expect(reuse.replayed).toBe(false);
  });

  it('refuses a corrected number without a valid check digit, naming the field', async () => {
    const store = getMemoryEventStore({ now });
    const s = await buildScenario(store);
    expect(await thrownBy(correct(store, s.childId, '9434765918'))).toMatchObject({ code: DomainErrorCodes.VALIDATION, issues: [{ path: 'body.correctedData.nhsNumber' }] });
  });
});
