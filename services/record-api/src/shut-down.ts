import type { EventStore } from '@planledger/event-store';
import type { FastifyInstance } from 'fastify';

/**
 * Stops taking requests, lets commands already appending finish and answer, then closes the store.
 * The store is closed last so no acknowledged append is ever cut short.
 */
export async function shutDownRecordApi(app: FastifyInstance, store: EventStore): Promise<void> {
  try {
    await app.close();
  } finally {
    await store.close();
  }
}
