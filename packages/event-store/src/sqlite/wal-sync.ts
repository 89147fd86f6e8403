import { closeSync, fdatasync, openSync } from 'node:fs';

/**
 * Makes commits durable off the main thread. The writing connection runs `synchronous = NORMAL`, so
 * COMMIT writes its WAL frames and returns without waiting for the disk; the store then acknowledges
 * an append only after an `fdatasync` of the WAL file that began after its COMMIT has finished. That
 * is the sync `synchronous = FULL` would have done inside COMMIT, but run on libuv's thread pool: the
 * event loop keeps answering, the next batch is prepared and committed while the disk works, and one
 * sync covers every commit made before it started (the WAL only grows between checkpoints, and
 * SQLite syncs the WAL before a checkpoint and the database after it, so a synced WAL holds every
 * commit before it or the synced database does).
 */
export interface WalSync {
  /** Calls `done` once an fdatasync that started after this call has finished (or failed). */
  afterNextSync(done: (error: Error | null) => void): void;
  /** Resolves when no sync is pending or running. */
  idle(): Promise<void>;
  close(): void;
}

export function createWalSync(walPath: string): WalSync {
  let fd: number | null = null;
  let running = false;
  let waiting: Array<(error: Error | null) => void> = [];
  let idleWaiters: Array<() => void> = [];

  const start = () => {
    running = true;
    const batch = waiting;
    waiting = [];
    let error: Error | null = null;
    try {
      // Opened on first use: SQLite creates the WAL file lazily, and keeps it while any connection is open.
      fd ??= openSync(walPath, 'r');
    } catch (openError) {
      error = openError as Error;
    }
    const finish = (syncError: Error | null) => {
      running = false;
      for (const done of batch) done(syncError);
      if (waiting.length > 0) start();
      else {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    };
    if (error || fd === null) {
      queueMicrotask(() => finish(error));
      return;
    }
    fdatasync(fd, (syncError) => finish(syncError));
  };

  return {
    afterNextSync(done) {
      waiting.push(done);
      if (!running) start();
    },
    idle() {
      if (!running && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
