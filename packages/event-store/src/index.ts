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
export { newEventId } from './event-id';
export type { AppendOptions } from './backdate';
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
  type LogFailure,
  type VerifyAllOptions,
  type VerifyAllProgress,
  type VerifyAllReason,
  type VerifyAllResult,
} from './verify-all';
export type { EventStoreDBEventStoreOptions } from './esdb/esdb-event-store';
export { ACCESS_LOG_FILE, DEFAULT_STORE_URL, accessLogStoreSpec, openAccessLogStoreFromEnv, openEventStore, openEventStoreFromEnv, recordStoreUrl, type AccessLogStoreSpec, type FromEnvOptions, type OpenStoreOptions } from './open';
export { hasSeals, sealEvent, MIN_SEAL_KEY_BYTES, type Seal, type SealReader } from './seal';
export { checkpointSignatureHolds, createMerkleBuilder, keyIdOf, merkleLeaf, signCheckpoint, type Checkpoint, type CheckpointBody } from './checkpoint';
export { loadLogKeys, type LogKeys } from './log-keys';
export { loadNhsNumberKey, MIN_NHS_NUMBER_KEY_BYTES } from './nhs-number-key';
export { takeCheckpoint, writeCheckpointFile } from './checkpoint-writer';
export type { StructureReport } from './sqlite/seals';
export { createKeyedQueue, type KeyedQueue } from './keyed-queue';
