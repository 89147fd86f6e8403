import { createHmac, randomBytes } from 'node:crypto';
import type { ChildTeam } from '../access/policy';
import type { ChildState } from '../deciders/child';
import type { DomainEvent } from '../events/all';
import type { NhsNumberClaimedData } from '../events/nhs-number-claim';

/**
 * One NHS number, one child. The rule cannot be checked against a read model (two registrations
 * racing each other would both pass), nor against a set in memory (several processes may write one
 * store), so it rides on the store's own optimistic concurrency: the write that gives a child a
 * number first appends a claim to that number's claim stream at the revision it read, and only one
 * of two racing claims can land. The claim then holds while the child's record carries the number.
 */

/** How long a claim whose write has not landed is left to its writer before another child may take the number. */
export const NHS_NUMBER_CLAIM_GRACE_MS = 2 * 60_000;

export const NHS_NUMBER_CLAIM_PREFIX = 'nhs-number-claim-';

/** Key bytes below this are refused: the key is all that stands between a claim stream's name and the number. */
export const MIN_NHS_NUMBER_KEY_BYTES = 32;

/**
 * The claim stream of a number. Stream ids are logged and listed, and there are only about a
 * billion valid NHS numbers, so a plain hash of one could be reversed by trying them all: the name is
 * an HMAC with a key kept outside the store.
 */
export function nhsNumberClaimStreamId(key: Uint8Array, nhsNumber: string): string {
  if (key.length < MIN_NHS_NUMBER_KEY_BYTES) throw new Error(`the NHS number key must be at least ${MIN_NHS_NUMBER_KEY_BYTES} bytes`);
  return `${NHS_NUMBER_CLAIM_PREFIX}${createHmac('sha256', key).update(`planledger nhs-number ${nhsNumber}`).digest('hex')}`;
}

let processKey: Buffer | null = null;
/**
 * The key used when none is given: random, for this process only. Enough for a store only this
 * process writes (the memory store, a test); every process writing one lasting store must be given
 * the same key (the record API and `pnpm start` read `<dataDir>/keys/nhs-number.key`).
 */
export function processNhsNumberKey(): Buffer {
  processKey ??= randomBytes(MIN_NHS_NUMBER_KEY_BYTES);
  return processKey;
}

/** The number a decided write gives a child, if it gives one: a registration with a number, or a correction of it. */
export function nhsNumberGivenBy(decided: readonly DomainEvent[]): { childId: string; nhsNumber: string } | null {
  for (const event of decided) {
    if (event.type === 'ChildRegistered' && event.data.nhsNumber) return { childId: event.data.childId, nhsNumber: event.data.nhsNumber };
    if (event.type === 'EventCorrected' && event.data.correctedEventType === 'ChildRegistered' && event.data.changedFields?.includes('nhsNumber')) {
      const nhsNumber = event.data.correctedData['nhsNumber'];
      if (typeof nhsNumber === 'string') return { childId: event.data.childId, nhsNumber };
    }
  }
  return null;
}

export interface ClaimRequest {
  nhsNumber: string;
  childId: string;
  /** The revision of the child's stream the claiming write will expect (-1: it creates the stream). */
  childRevision: number;
}

export interface StandingClaim {
  data: NhsNumberClaimedData;
  recordedAt: string;
}

/** The child a standing claim names, folded from its stream, and that stream's revision (-1: none). */
export interface Claimant {
  state: ChildState;
  revision: number;
}

export type ClaimVerdict =
  /** Append a claim naming this write. */
  | { verdict: 'claim' }
  /** The standing claim already names this write (a retry of it): nothing to append. */
  | { verdict: 'already_claimed' }
  /** Another child's record carries the number. */
  | { verdict: 'taken'; childId: string; team: ChildTeam }
  /** Another child's claiming write may still land: refused until it lands or the grace period ends. */
  | { verdict: 'under_way'; childId: string }
  /** Another child's claiming write never landed and its grace is over: take its place in that child's stream, then claim. */
  | { verdict: 'lapse'; childId: string; atRevision: number };

/**
 * Whether a write may claim a number, given the standing claim and the child it names. The claim
 * holds while that child's record carries the number. Once the child's stream has moved past the
 * revision the claiming write expected without the number, that write can never land (a stream
 * revision is taken once), so the claim is spent. While the stream still stands at that revision
 * the write may be on its way; after the grace period it is fenced off by writing into that revision.
 */
export function judgeClaim(request: ClaimRequest, standing: StandingClaim | null, claimant: Claimant | null, now: Date, graceMs = NHS_NUMBER_CLAIM_GRACE_MS): ClaimVerdict {
  if (!standing) return { verdict: 'claim' };
  const { claimantChildId, claimantRevision } = standing.data;
  if (claimantChildId === request.childId) return claimantRevision === request.childRevision ? { verdict: 'already_claimed' } : { verdict: 'claim' };
  const state = claimant?.state;
  const revision = claimant?.revision ?? -1;
  if (state?.registered && state.nhsNumber === request.nhsNumber) {
    return { verdict: 'taken', childId: claimantChildId, team: { childId: claimantChildId, members: state.team } };
  }
  if (revision > claimantRevision) return { verdict: 'claim' };
  if (now.getTime() - Date.parse(standing.recordedAt) < graceMs) return { verdict: 'under_way', childId: claimantChildId };
  return { verdict: 'lapse', childId: claimantChildId, atRevision: claimantRevision };
}
