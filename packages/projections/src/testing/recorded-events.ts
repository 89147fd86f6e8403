import { randomUUID } from 'node:crypto';
import { findEventDefinition, type DomainEventType, type EventData } from '@planledger/domain';
import { GENESIS_HASH, hashEvent, type Actor, type EventEnvelope } from '@planledger/event-store';

export const actors = {
  socialWorker: { userId: 'u-sw', role: 'social_worker', agency: 'social_care', organisationId: 'org-sc' },
  sendOfficer: { userId: 'u-send', role: 'send_officer', agency: 'education', organisationId: 'org-la' },
  health: { userId: 'u-health', role: 'health_practitioner', agency: 'health', organisationId: 'org-health' },
  education: { userId: 'u-edu', role: 'education_practitioner', agency: 'education', organisationId: 'org-school' },
  auditor: { userId: 'u-aud', role: 'auditor', agency: 'social_care', organisationId: 'org-qa' },
} satisfies Record<string, Actor>;

/**
 * Builds stored events the way a store would (revisions, positions, hash chain), with data validated
 * against the domain's zod schema, so read-model tests exercise the real event shapes.
 */
export function recordedEvents() {
  let position = -1;
  const heads = new Map<string, { revision: number; hash: string }>();
  return {
    record<T extends DomainEventType>(
      streamId: string,
      type: T,
      data: EventData<T>,
      { actor = actors.socialWorker, occurredAt, recordedAt }: { actor?: Actor; occurredAt?: string; recordedAt: string },
    ): EventEnvelope<EventData<T>> {
      const definition = findEventDefinition(type);
      if (!definition) throw new Error(`unknown event type ${type}`);
      const parsed = definition.data.parse(data) as EventData<T>;
      const head = heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
      const body = {
        eventId: randomUUID(),
        type,
        schemaVersion: definition.schemaVersion,
        streamId,
        revision: head.revision + 1,
        occurredAt: occurredAt ?? recordedAt,
        recordedAt,
        actor,
        correlationId: randomUUID(),
        causationId: null,
        data: parsed,
        previousHash: head.hash,
      };
      const hash = hashEvent(body);
      heads.set(streamId, { revision: body.revision, hash });
      return { ...body, hash, globalPosition: ++position };
    },
  };
}
