export { defineEvent, type EventDefinition } from './events/catalogue';
export { eventCatalogue } from './events/all';
export * from './completeness';
