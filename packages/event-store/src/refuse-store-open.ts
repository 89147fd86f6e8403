import { EventStoreError, storeRefusalExitCodes } from './errors';

/**
 * For a process whose store would not open: writes one line (the code and the reason, no stack trace)
 * to stderr and ends the process with the reason's own exit code. Anything else is rethrown.
 */
export function refuseStoreOpen(error: unknown, write: (line: string) => void = (line) => process.stderr.write(line)): never {
  if (error instanceof EventStoreError && storeRefusalExitCodes[error.code] !== undefined) {
    write(`planledger: the store was not opened: ${error.message} [${error.code}]\n`);
    process.exit(storeRefusalExitCodes[error.code]);
  }
  throw error;
}
