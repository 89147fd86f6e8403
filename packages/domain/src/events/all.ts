import type { EventDefinition } from './catalogue';

/** Every event type the record can hold. The JSON Schemas in `schemas/events` are generated from this list. */
export const eventCatalogue: readonly EventDefinition[] = [];
