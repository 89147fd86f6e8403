import { v7 } from 'uuid';

/**
 * A new event id: a time-ordered uuid (version 7). Every event id is held in the store's unique
 * index; random (version 4) ids land on a different index page each, so a 100-event append dirties
 * about 100 pages and writes several times the WAL bytes of the events themselves, while ids that
 * grow with time land together at the index's end. Any uuid is accepted: this is for the writers
 * that can choose.
 */
export const newEventId = (): string => v7();
