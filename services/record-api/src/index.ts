export { buildRecordApi, DEFAULT_BODY_LIMIT, type ExecuteCommand, type RecordApiOptions } from './build-record-api';
export { errorAnswer, type ErrorAnswer, type ErrorBody } from './error-answer';
export { createRecordApiLogger, recordApiLoggerOptions, redactPaths } from './logger';
export { buildOpenApiDocument } from './openapi';
export { defaultIpRateLimit, defaultRateLimit, type RateLimitOptions } from './request-limits';
export { RecordApiError, RecordApiErrorCodes, type RecordApiErrorCode } from './record-api-error';
export { shutDownRecordApi } from './shut-down';
