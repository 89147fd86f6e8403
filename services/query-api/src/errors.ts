/** Stable codes the query API puts in `errors[].extensions.code`; clients and tests match these, not messages. */
export const QueryErrorCodes = {
  UNAUTHENTICATED: 'QL_ERR_UNAUTHENTICATED',
  /** No such record, or one the caller may not read: deliberately the same answer. */
  NOT_FOUND: 'QL_ERR_NOT_FOUND',
  IDENTITY_UNAVAILABLE: 'QL_ERR_IDENTITY_UNAVAILABLE',
  DEPTH_LIMIT: 'QL_ERR_DEPTH_LIMIT',
  ALIAS_LIMIT: 'QL_ERR_ALIAS_LIMIT',
  COST_LIMIT: 'QL_ERR_COST_LIMIT',
  INTROSPECTION_DISABLED: 'QL_ERR_INTROSPECTION_DISABLED',
  BAD_INPUT: 'QL_ERR_BAD_INPUT',
  NOT_READY: 'QL_ERR_NOT_READY',
  ACCESS_LOG_UNAVAILABLE: 'QL_ERR_ACCESS_LOG_UNAVAILABLE',
  /** The token's role, agency and organisation do not agree with the organisation register; `extensions.rule` names the rule. */
  /** Also: the role may never ask this (e.g. the audit sample for anyone but an auditor). */
  FORBIDDEN: 'QL_ERR_FORBIDDEN',
} as const;

export type QueryErrorCode = (typeof QueryErrorCodes)[keyof typeof QueryErrorCodes];
