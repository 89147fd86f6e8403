/** Counts commands between "accepted" and "answered" so shutdown can wait for their appends to finish. */
export interface InFlight {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves once nothing is in flight. */
  drained(): Promise<void>;
}

export function createInFlight(): InFlight {
  let size = 0;
  let waiting: Array<() => void> = [];
  return {
    async run(work) {
      size += 1;
      try {
        return await work();
      } finally {
        size -= 1;
        if (size === 0) {
          const release = waiting;
          waiting = [];
          for (const resolve of release) resolve();
        }
      }
    },
    get size() {
      return size;
    },
    drained() {
      return size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
}
