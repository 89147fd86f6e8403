import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Our log lines carry ids only (user, organisation, child uuid, field, correlation id). The redaction
 * list is the second line of defence should an object with personal data ever reach a log call.
 */
const personalFields = [
  'name', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'upn', 'views', 'summary', 'description',
  'reason', 'reasons', 'findings', 'feedback', 'text', 'impact', 'support', 'outcome', 'measure', 'grounds', 'comments',
  'variables', 'data',
];

export const queryApiRedactPaths = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  ...personalFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export function queryApiLoggerOptions(level = process.env.LOG_LEVEL ?? 'info'): LoggerOptions {
  return {
    level,
    base: { service: 'query-api' },
    redact: { paths: queryApiRedactPaths, censor: '[redacted]' },
    serializers: { err: (err: { name?: string; code?: string }) => ({ type: err.name, code: err.code }) },
  };
}

export function createQueryApiLogger(destination?: DestinationStream, level?: string): Logger {
  return destination ? pino(queryApiLoggerOptions(level), destination) : pino(queryApiLoggerOptions(level));
}
