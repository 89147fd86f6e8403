export type { Actor, AppendResult, EventEnvelope, ExpectedRevision, NewEvent } from './envelope';
export {
  CorruptEventError,
  EventStoreError,
  EventStoreErrorCodes,
  IdempotencyConflictError,
  WrongExpectedRevisionError,
  isCorruptEvent,
  isWrongExpectedRevision,
  storeRefusalExitCodes,
  type EventStoreErrorCode,
} from './errors';
export { GENESIS_HASH, canonicalJson, hashEvent, verifyChain, type ChainVerification } from './hash';
export type { EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from './port';
export { getMemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store';
export {
  getSQLiteEventStore,
  type IntegrityReport,
  type SQLiteEventStore,
  type SQLiteEventStoreOptions,
} from './sqlite/sqlite-event-store';
export { refuseStoreOpen } from './refuse-store-open';
export {
  verifyAllStreams,
  type StreamHead,
  type VerifyAllFailure,
  type VerifyAllOptions,
  type VerifyAllProgress,
  type VerifyAllReason,
  type VerifyAllResult,
} from './verify-all';
export type { EventStoreDBEventStoreOptions } from './esdb/esdb-event-store';
export { DEFAULT_STORE_URL, openEventStore, openEventStoreFromEnv } from './open';
export { createKeyedQueue, type KeyedQueue } from './keyed-queue';
