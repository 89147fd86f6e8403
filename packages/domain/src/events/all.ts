import type { z } from 'zod';
import { auditEvents } from './audit';
import type { EventDefinition } from './catalogue';
import { childEvents } from './child';
import { correctionEvents } from './correction';
import { demoDataEvents } from './demo-data';
import { ehcAssessmentEvents } from './ehc-assessment';
import { familyHelpPlanEvents } from './family-help-plan';
import { nhsNumberClaimEvents } from './nhs-number-claim';
import { organisationEvents } from './organisation';
import { shortBreakEvents } from './short-break';

const allEvents = [...childEvents, ...familyHelpPlanEvents, ...ehcAssessmentEvents, ...shortBreakEvents, ...auditEvents, ...correctionEvents, ...organisationEvents, ...nhsNumberClaimEvents, ...demoDataEvents] as const;

/** Every event type the record can hold. The JSON Schemas in `schemas/events` are generated from this list. */
export const eventCatalogue: readonly EventDefinition[] = allEvents;

type EventOf<D> = D extends EventDefinition<infer Type, infer Schema> ? { type: Type; data: z.infer<Schema> } : never;

/** Any event of the record as a decider sees it: its type and its data. */
export type DomainEvent = EventOf<(typeof allEvents)[number]>;
export type DomainEventType = DomainEvent['type'];
export type EventData<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['data'];

const byType = new Map<string, EventDefinition>(allEvents.map((d) => [d.type, d]));

export function findEventDefinition(type: string): EventDefinition | undefined {
  return byType.get(type);
}
