/**
 * KPI windows take turns: one computation at a time for the whole service, each started on a fresh
 * turn of the event loop, so requests queued behind one (a neighbour's plan query) run between two
 * windows rather than after all of them. With the cost rule's weight on `kpis` (a few windows per
 * query), the rate limits, and the answer cache shared by every caller who sees the same children,
 * one caller's KPI queries hold the event loop for one window at a time, never for a whole burst.
 */
const queues = new WeakMap<object, Promise<void>>();

export async function inKpiTurn<T>(owner: object, work: () => T | Promise<T>): Promise<T> {
  const previous = queues.get(owner) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(owner, tail);
  await previous;
  await new Promise<void>((resolve) => setImmediate(resolve));
  try {
    return await work();
  } finally {
    release();
    if (queues.get(owner) === tail) queues.delete(owner);
  }
}
