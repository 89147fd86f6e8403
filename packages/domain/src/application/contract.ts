import type { Actor } from '@planledger/event-store';
import type { z } from 'zod';

/**
 * The boundary between transport (services/record-api) and the domain. The record API builds one
 * route per CommandDefinition and calls executeCommand; it holds no domain rules of its own.
 */

export type Role = 'social_worker' | 'team_manager' | 'send_officer' | 'health_practitioner' | 'education_practitioner' | 'auditor' | 'partnership_administrator';
export type Agency = 'education' | 'health' | 'social_care';

/** The authenticated caller, as the identity layer derives it from a verified token. */
export interface Caller extends Actor {
  role: Role;
  agency: Agency;
}

export interface CommandDefinition<Params extends z.ZodType = z.ZodType, Body extends z.ZodType = z.ZodType> {
  /** Domain name of the command, e.g. 'recordDisabilityImpact'. */
  name: string;
  method: 'POST';
  /** Route path with fastify-style parameters, e.g. '/v1/family-help-plans/:planId/disability-impacts'. */
  path: string;
  summary: string;
  params: Params;
  body: Body;
  /** Roles that may ever issue this command (finer rules, e.g. agency and team, apply in the decider). */
  roles: readonly Role[];
  /** Event types this command may append. */
  emits: readonly string[];
  /** True when the command creates its stream (answers with the new stream id). */
  creates: boolean;
}

export interface CommandRequest {
  command: string;
  params: unknown;
  body: unknown;
  caller: Caller;
  /** From If-Match: the stream revision the caller last saw. Absent: the current revision. */
  expectedRevision?: number;
  /** From Idempotency-Key: a retried request with the same key writes once and returns the first answer. */
  idempotencyKey?: string;
  correlationId?: string;
}

export interface CommandResult {
  streamId: string;
  /** The id of the entity the stream holds (childId, planId, assessmentId, ...); for a creating command, the new one. */
  entityId: string;
  revision: number;
  eventIds: string[];
  globalPosition: number;
  /** True when this answer repeats an earlier one for the same Idempotency-Key. */
  replayed: boolean;
  /** What the command created inside the stream that the caller needs next, e.g. an advice request's id and due date. */
  created?: Record<string, string>;
}

export const DomainErrorCodes = {
  VALIDATION: 'PL_ERR_VALIDATION',
  UNKNOWN_COMMAND: 'PL_ERR_UNKNOWN_COMMAND',
  FORBIDDEN: 'PL_ERR_FORBIDDEN',
  NOT_FOUND: 'PL_ERR_NOT_FOUND',
  CONFLICT: 'PL_ERR_CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'PL_ERR_IDEMPOTENCY_KEY_REUSED',
  RULE: 'PL_ERR_RULE',
  /** Another child holds the NHS number (409); `existingChildId` only for a caller who may read that child. */
  NHS_NUMBER_ALREADY_REGISTERED: 'PL_ERR_NHS_NUMBER_ALREADY_REGISTERED',
} as const;

export type DomainErrorCode = (typeof DomainErrorCodes)[keyof typeof DomainErrorCodes];

export interface FieldIssue {
  /** Dotted path of the field at fault, e.g. 'body.outcomes.0.byWhen'. */
  path: string;
  message: string;
}

/**
 * Every refusal is a DomainError with a stable code; transport maps codes to statuses
 * (VALIDATION 400, FORBIDDEN 403, NOT_FOUND 404, CONFLICT, IDEMPOTENCY_KEY_REUSED and
 * NHS_NUMBER_ALREADY_REGISTERED 409, RULE 422).
 * `rule` names the domain rule for RULE errors (e.g. 'ASSESSMENT_CLOSED').
 */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly rule?: string;
  readonly issues?: FieldIssue[];
  readonly currentRevision?: number;
  /** The child already holding an NHS number, told only to a caller who may read that child. */
  readonly existingChildId?: string;
  constructor(code: DomainErrorCode, message: string, extra: { rule?: string; issues?: FieldIssue[]; currentRevision?: number; existingChildId?: string } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    if (extra.rule !== undefined) this.rule = extra.rule;
    if (extra.issues !== undefined) this.issues = extra.issues;
    if (extra.currentRevision !== undefined) this.currentRevision = extra.currentRevision;
    if (extra.existingChildId !== undefined) this.existingChildId = extra.existingChildId;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A correlation id a client may choose: a UUID and nothing else. It is logged and stored in every
 * event, so free text (which could carry a child's name) is refused rather than recorded.
 */
export function isCorrelationId(value: string): boolean {
  return UUID.test(value);
}
