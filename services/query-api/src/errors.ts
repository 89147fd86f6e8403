/** Stable codes the query API puts in `errors[].extensions.code`; clients and tests match these, not messages. */
export const QueryErrorCodes = {
  UNAUTHENTICATED: 'QL_ERR_UNAUTHENTICATED',
  /** No such record, or one the caller may not read: deliberately the same answer. */
  NOT_FOUND: 'QL_ERR_NOT_FOUND',
  IDENTITY_UNAVAILABLE: 'QL_ERR_IDENTITY_UNAVAILABLE',
  DEPTH_LIMIT: 'QL_ERR_DEPTH_LIMIT',
  ALIAS_LIMIT: 'QL_ERR_ALIAS_LIMIT',
  COST_LIMIT: 'QL_ERR_COST_LIMIT',
  TOKEN_LIMIT: 'QL_ERR_TOKEN_LIMIT',
  DIRECTIVE_LIMIT: 'QL_ERR_DIRECTIVE_LIMIT',
  /** Too many requests from one address (before authentication) or one caller (after it). */
  RATE_LIMITED: 'QL_ERR_RATE_LIMITED',
  /** One caller's reads of records (each one an access-log event) are over their budget. */
  READ_LIMIT: 'QL_ERR_READ_LIMIT',
  /** One caller holds as many live subscriptions as allowed. */
  SUBSCRIPTION_LIMIT: 'QL_ERR_SUBSCRIPTION_LIMIT',
  /** The token a subscription was opened with has expired: the stream ends. */
  TOKEN_EXPIRED: 'QL_ERR_TOKEN_EXPIRED',
  BODY_TOO_LARGE: 'QL_ERR_BODY_TOO_LARGE',
  /** One request lists more records behind KPI figures than a response may carry. */
  KPI_RECORDS_LIMIT: 'QL_ERR_KPI_RECORDS_LIMIT',
  /** The event loop is stalled: turned away before the request is read (Retry-After). */
  OVERLOADED: 'QL_ERR_OVERLOADED',
  /** Operations travel in a POST body, never in a URL. */
  METHOD_NOT_ALLOWED: 'QL_ERR_METHOD_NOT_ALLOWED',
  INTROSPECTION_DISABLED: 'QL_ERR_INTROSPECTION_DISABLED',
  BAD_INPUT: 'QL_ERR_BAD_INPUT',
  NOT_READY: 'QL_ERR_NOT_READY',
  ACCESS_LOG_UNAVAILABLE: 'QL_ERR_ACCESS_LOG_UNAVAILABLE',
  /** The token's role, agency and organisation do not agree with the organisation register; `extensions.rule` names the rule. */
  /** Also: the role may never ask this (e.g. the audit sample for anyone but an auditor). */
  FORBIDDEN: 'QL_ERR_FORBIDDEN',
} as const;

export type QueryErrorCode = (typeof QueryErrorCodes)[keyof typeof QueryErrorCodes];
