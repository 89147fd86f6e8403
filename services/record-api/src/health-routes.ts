import type { EventStore } from '@planledger/event-store';
import type { FastifyInstance } from 'fastify';

/** Liveness says the process answers; readiness says it can reach (and write) the store and is not shutting down. */
export function registerHealthRoutes(app: FastifyInstance, { store, isClosing }: { store: EventStore; isClosing: () => boolean }): void {
  app.get('/health/live', async () => ({ status: 'live' }));
  app.get('/health/ready', async (_request, reply) => {
    if (isClosing()) return reply.code(503).send({ status: 'closing' });
    try {
      const headPosition = await store.headPosition();
      // Not ready while the store cannot write (a full disk), until a write succeeds again.
      const writable = store.writeHealth ? await store.writeHealth() : { ok: true };
      if (!writable.ok) return reply.code(503).send({ status: 'store cannot write', store: store.kind, code: writable.code });
      return { status: 'ready', store: store.kind, headPosition };
    } catch {
      return reply.code(503).send({ status: 'store unreachable', store: store.kind });
    }
  });
}
