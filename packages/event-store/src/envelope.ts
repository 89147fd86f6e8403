/** Who did something: every event names the person, their role and where they work. */
export interface Actor {
  userId: string;
  role: string;
  agency: string;
  organisationId: string;
}

/** An event as a caller proposes it; the store assigns revision, position, recordedAt and hash. */
export interface NewEvent<Data = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** When it happened in the world (ISO 8601), e.g. the date of the meeting. */
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  data: Data;
}

/** An event as the store holds it. Immutable once written. */
export interface EventEnvelope<Data = unknown> {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Strictly increasing across the whole log; not necessarily dense. */
  globalPosition: number;
  occurredAt: string;
  /** When the store wrote it (ISO 8601). */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  data: Data;
  /** Hash of the previous event of the same stream; GENESIS_HASH for revision 0. */
  previousHash: string;
  /** SHA-256 over the canonical encoding of this event and previousHash. */
  hash: string;
}

/**
 * What the caller believes about the stream before appending:
 * - 'any': no check;
 * - 'no_stream': the stream must not exist yet;
 * - 'stream_exists': the stream must hold at least one event;
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  streamId: string;
  /** Revision of the last event now in the stream; pass it as the next expected revision. */
  nextExpectedRevision: number;
  /** Global position of the last event written (or already held, on a retry). */
  lastGlobalPosition: number;
  events: Array<{ eventId: string; revision: number; globalPosition: number }>;
}
