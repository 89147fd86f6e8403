import { describeEventStoreContract } from '../testing/describe-contract';
import { getMemoryEventStore } from './memory-event-store';

describeEventStoreContract('memory', {
  async setup() {
    const store = getMemoryEventStore();
    return {
      store,
      async tamper(eventId, mutate) {
        const log = await store.readAll({ maxCount: Number.MAX_SAFE_INTEGER });
        return getMemoryEventStore({ events: log.map((e) => (e.eventId === eventId ? mutate(e) : e)) });
      },
    };
  },
});
